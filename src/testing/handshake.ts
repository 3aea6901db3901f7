import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { KNOWN_PROFILES } from "../protocol/profile-rules.js";
import type { ResolvedOptions } from "./options.js";

/** The connection parameters of an accepted handshake. */
export interface HandshakeParams {
  readonly apiVersion: string;
  readonly model: string | undefined;
  readonly profile: string | undefined;
  readonly agent: { readonly name: string; readonly projectName: string } | undefined;
  /** The query string with credentials removed, safe to show. */
  readonly redactedQuery: string;
}

/** An HTTP refusal: status, Azure-style error body fields and extra headers. */
export interface HandshakeRefusalResponse {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type HandshakeOutcome = { readonly ok: true; readonly params: HandshakeParams } | ({ readonly ok: false } & HandshakeRefusalResponse);

const PATH = "/voice-live/realtime";
const API_VERSION = /^(\d{4}-\d{2}-\d{2}(-preview)?|v1)$/;
const PROFILE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SECRET_PARAMS = new Set(["api-key", "authorization", "agent-access-token"]);

const refuse = (status: number, code: string, message: string): HandshakeOutcome => ({ ok: false, status, code, message });
const unauthorized = (message: string) => refuse(401, "401", message);

/**
 * Checks a WebSocket upgrade request the way the service does: path (404), then
 * credentials (401), then query parameters (400). Never puts a credential in a message.
 */
export async function checkHandshake(request: IncomingMessage, options: ResolvedOptions): Promise<HandshakeOutcome> {
  const url = new URL(request.url ?? "/", "http://simulator");
  if (url.pathname.replace(/\/+$/, "") !== PATH) return refuse(404, "404", "Resource not found");
  const query = url.searchParams;
  const agentName = query.get("agent-name") ?? undefined;
  const projectName = query.get("agent-project-name") ?? undefined;
  const agentMode = agentName !== undefined || projectName !== undefined;

  if (options.auth) {
    const headerKey = request.headers["api-key"];
    const key = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? query.get("api-key") ?? undefined;
    const authorization = request.headers.authorization;
    const bearer = authorization !== undefined && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, "").trim() : undefined;
    if (bearer !== undefined && bearer.length > 0) {
      let verdict;
      try {
        verdict = await options.verifyToken(bearer);
      } catch {
        verdict = false;
      }
      if (verdict === false) return unauthorized("Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired.");
      if (typeof verdict === "object" && verdict.expiresOnTimestamp <= Date.now()) {
        return unauthorized("Unauthorized. Access token has expired.");
      }
    } else if (key !== undefined && key.length > 0) {
      if (agentMode) return unauthorized("Agent mode requires Microsoft Entra ID authentication; api-key is not supported.");
      if (options.apiKeys !== undefined && !options.apiKeys.includes(key)) {
        return unauthorized("Access denied due to invalid subscription key or wrong API endpoint.");
      }
    } else {
      return unauthorized("Missing credentials: send an api-key header, an api-key query parameter or an Authorization: Bearer token.");
    }
  }

  const apiVersion = query.get("api-version");
  if (apiVersion === null || apiVersion === "") return refuse(400, "BadRequest", "The api-version query parameter is required.");
  if (!API_VERSION.test(apiVersion)) {
    return refuse(400, "BadRequest", `The api-version "${apiVersion}" is not valid; use a date such as 2025-10-01, a -preview date, or v1.`);
  }
  if (agentMode && (agentName === undefined || agentName === "" || projectName === undefined || projectName === "")) {
    return refuse(400, "BadRequest", "Agent mode needs both agent-name and agent-project-name.");
  }
  const model = query.get("model") ?? undefined;
  if (!agentMode && (model === undefined || model === "")) {
    return refuse(400, "BadRequest", "The model query parameter is required (or agent-name and agent-project-name for agent mode).");
  }
  const profile = query.get("profile") ?? undefined;
  if (profile !== undefined && !(KNOWN_PROFILES as readonly string[]).includes(profile) && !PROFILE.test(profile)) {
    return refuse(400, "BadRequest", `The profile "${profile}" is not valid; known profiles: ${KNOWN_PROFILES.join(", ")}.`);
  }
  const shown = new URLSearchParams();
  for (const [name, value] of query) if (!SECRET_PARAMS.has(name.toLowerCase())) shown.append(name, value);
  return {
    ok: true,
    params: {
      apiVersion,
      model: agentMode ? undefined : model,
      profile: agentMode ? undefined : profile,
      agent: agentMode ? { name: agentName!, projectName: projectName! } : undefined,
      redactedQuery: shown.toString(),
    },
  };
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Answers an upgrade request with an HTTP error and an Azure-shaped JSON body, then closes the socket. */
export function writeRefusal(socket: Duplex, refusal: HandshakeRefusalResponse): void {
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
    ...refusal.headers,
  };
  const head = [`HTTP/1.1 ${refusal.status} ${REASONS[refusal.status] ?? "Error"}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}
