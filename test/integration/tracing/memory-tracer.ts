import type { SpanStatusCode, TracingAttributes, TracingAttributeValue, TracingSpan, VoiceLiveTracer } from "../../../src/client/tracing.js";

/** One span as the in-memory tracer recorded it. */
export interface RecordedSpan {
  readonly name: string;
  readonly parent: RecordedSpan | undefined;
  /** The context argument `startSpan` got, to check the session span used the ambient one. */
  readonly context: unknown;
  readonly attributes: Record<string, TracingAttributeValue>;
  readonly events: { readonly name: string; readonly attributes: TracingAttributes }[];
  readonly exceptions: { readonly name: string; readonly code?: string; readonly message?: string }[];
  status: { code: SpanStatusCode; message?: string } | undefined;
  ended: boolean;
}

/** A span tree as plain data: names with their children, in start order. */
export interface SpanTree {
  readonly name: string;
  readonly children: SpanTree[];
}

const CONTEXT = Symbol("parent span");

/** A tracer that keeps every span in memory, shaped like `@opentelemetry/api` and nothing more. */
export class MemoryTracer implements VoiceLiveTracer {
  readonly spans: RecordedSpan[] = [];
  readonly #bySpan = new Map<TracingSpan, RecordedSpan>();

  startSpan(name: string, options: { attributes?: TracingAttributes } = {}, context?: unknown): TracingSpan {
    const parentHandle = (context as { [CONTEXT]?: TracingSpan } | undefined)?.[CONTEXT];
    const record: RecordedSpan = {
      name,
      parent: parentHandle === undefined ? undefined : this.#bySpan.get(parentHandle),
      context,
      attributes: { ...options.attributes },
      events: [],
      exceptions: [],
      status: undefined,
      ended: false,
    };
    const live = (): void => {
      if (record.ended) throw new Error(`${name} was used after end()`);
    };
    const span: TracingSpan = {
      setAttribute: (key, value) => {
        live();
        record.attributes[key] = value;
      },
      setAttributes: (attributes) => {
        live();
        Object.assign(record.attributes, attributes);
      },
      addEvent: (eventName, attributes = {}) => {
        live();
        record.events.push({ name: eventName, attributes: { ...attributes } });
      },
      setStatus: (status) => {
        live();
        record.status = status;
      },
      recordException: (exception) => {
        live();
        record.exceptions.push({ ...exception });
      },
      end: () => {
        live();
        record.ended = true;
      },
    };
    this.#bySpan.set(span, record);
    this.spans.push(record);
    return span;
  }

  contextWithSpan(span: TracingSpan): unknown {
    return { [CONTEXT]: span };
  }

  /** The spans named `name`, in start order. */
  named(name: string): RecordedSpan[] {
    return this.spans.filter((s) => s.name === name);
  }

  /** The forest of recorded spans, children in start order. */
  tree(): SpanTree[] {
    const build = (parent: RecordedSpan | undefined): SpanTree[] =>
      this.spans.filter((s) => s.parent === parent).map((s) => ({ name: s.name, children: build(s) }));
    return build(undefined);
  }

  /** Every string a span holds (names, attribute values, event names and values, exceptions), for leak checks. */
  strings(): string[] {
    return this.spans.flatMap((s) => [
      s.name,
      ...Object.entries(s.attributes).flat().map(String),
      ...s.events.flatMap((e) => [e.name, ...Object.entries(e.attributes).flat().map(String)]),
      ...s.exceptions.flatMap((e) => Object.values(e).map(String)),
      s.status?.message ?? "",
    ]);
  }
}
