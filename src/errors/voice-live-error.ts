const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** Options every SDK error accepts. */
export interface VoiceLiveErrorOptions {
  /** The lower-level error that caused this one; kept for debugging, never serialized. */
  cause?: unknown;
}

/**
 * The base of every error this SDK raises at runtime (bad arguments throw `TypeError` /
 * `RangeError` instead). Its serialized and inspected forms carry only the fields each
 * subclass lists in `safeFields`, so no key, token or payload can leak through logs.
 */
export class VoiceLiveError extends Error {
  override name: string = "VoiceLiveError";
  /** A stable, machine-readable reason. */
  readonly code: string;

  constructor(code: string, message: string, options: VoiceLiveErrorOptions = {}) {
    super(message);
    this.code = code;
    if (options.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: options.cause, enumerable: false, configurable: true });
    }
  }

  /** The fields safe to serialize besides `name`, `code` and `message`. */
  protected safeFields(): Record<string, unknown> {
    return {};
  }

  /** A plain object with only the safe fields. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...this.safeFields() };
  }

  /** Node's `util.inspect` shows the same safe fields and the stack, never `cause`. */
  [inspectSymbol](): string {
    const fields = this.safeFields();
    const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    return `${this.stack ?? `${this.name}: ${this.message}`}\n  code: ${this.code}${extra}`;
  }

  /** True for any SDK error, across bundles and realms where `instanceof` fails. */
  static is(value: unknown): value is VoiceLiveError {
    return (
      value instanceof VoiceLiveError ||
      (typeof value === "object" &&
        value !== null &&
        typeof (value as { name?: unknown }).name === "string" &&
        (value as { name: string }).name.startsWith("VoiceLive") &&
        typeof (value as { code?: unknown }).code === "string")
    );
  }
}
