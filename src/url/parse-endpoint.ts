/** The parts of a resource endpoint the realtime URL is built from. */
export interface ParsedEndpoint {
  /** `wss:` or, for loopback test servers only, `ws:`. */
  readonly protocol: "wss:" | "ws:";
  /** Host name with its port when the port is not the default one. */
  readonly host: string;
  /** Base path without trailing slashes (`""` for none); kept so gateways can route. */
  readonly basePath: string;
}

const EXAMPLE = "https://<resource>.services.ai.azure.com";

function isLoopback(hostname: string): boolean {
  // URL has already normalised IPv4 shorthand (127.1) and IPv6 spelling ([0:0::1]).
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Parses a Voice Live resource endpoint (`https://`, `wss://`, or `http://` / `ws://` on
 * loopback when insecure connections are allowed).
 * @throws TypeError naming `endpoint` when it is not a string, cannot be parsed, carries
 *   credentials, a query or a fragment, or uses a scheme that is not allowed.
 */
export function parseEndpoint(endpoint: unknown, allowInsecureConnection: boolean): ParsedEndpoint {
  if (typeof endpoint !== "string") {
    throw new TypeError(`endpoint must be a string such as "${EXAMPLE}"; got ${endpoint === null ? "null" : typeof endpoint}.`);
  }
  const raw = endpoint.trim();
  // The text itself is never echoed: a mistyped endpoint may carry a key.
  if (raw.includes("?") || raw.includes("#")) {
    throw new TypeError(
      "endpoint must not contain a query or a fragment; pass apiVersion, model, profile and query as options instead.",
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`endpoint must be an absolute URL such as "${EXAMPLE}".`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError("endpoint must not contain a user name or password; pass the key or token as credential.");
  }
  const basePath = url.pathname.replace(/\/+$/, "");
  const host = url.host;
  switch (url.protocol) {
    case "https:":
    case "wss:":
      return { protocol: "wss:", host, basePath };
    case "http:":
    case "ws:":
      if (!allowInsecureConnection) {
        throw new TypeError(
          `endpoint uses ${url.protocol}//, which is unencrypted; use https:// or wss://, ` +
            "or set allowInsecureConnection: true for a local test server on a loopback address.",
        );
      }
      if (!isLoopback(url.hostname)) {
        throw new TypeError(
          `endpoint uses ${url.protocol}// with a host that is not a loopback address; ` +
            "allowInsecureConnection permits only localhost, 127.0.0.0/8 and [::1].",
        );
      }
      return { protocol: "ws:", host, basePath };
    default:
      // The scheme is not echoed: "host:port" or "secret:..." parse as a scheme too.
      throw new TypeError(`endpoint must start with https:// or wss://, such as "${EXAMPLE}".`);
  }
}
