import * as z from "zod/mini";

/**
 * A string value the service may extend (models, voices, profiles): known literals
 * for autocompletion, any string accepted on the wire.
 */
export type OpenString<Known extends string> = Known | (string & {});

/** Returns a string schema typed as the known literals plus any other string. */
export function openEnum<const Known extends readonly [string, ...string[]]>(
  _known: Known,
): z.ZodMiniType<OpenString<Known[number]>> {
  // The literals only shape the static type; the wire accepts any string so that new
  // service values never fail validation.
  return z.string() as unknown as z.ZodMiniType<OpenString<Known[number]>>;
}

declare const unknownVariant: unique symbol;

/**
 * The `type` of a server event this SDK does not know yet. It is branded so that
 * `if (event.type === "response.done")` still narrows to the known event.
 */
export type UnknownVariantType = string & { readonly [unknownVariant]: true };

type Discriminable = Parameters<typeof z.discriminatedUnion>[1];

/**
 * A discriminated union on `type` that validates every known variant strictly and
 * lets variants with an unknown `type` through untouched, as the service's
 * extensible enumerations require. Statically it is the known variants only, so that
 * `switch (x.type)` narrows; code that must handle newer variants needs a `default`.
 */
export function openUnion<const Options extends Discriminable>(
  options: Options,
): z.ZodMiniType<z.infer<z.ZodMiniDiscriminatedUnion<Options, "type">>> {
  const known = z.discriminatedUnion("type", options);
  const knownTypes = known._zod.propValues["type"] ?? new Set();
  // A known `type` is validated by its own variant and reports that variant's issues;
  // a plain union would report whichever branch failed "least", which misleads.
  const open = z.looseObject({ type: z.string() }).check(
    z.superRefine((value, ctx) => {
      if (!knownTypes.has(value.type)) return;
      const result = known.safeParse(value);
      if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: undefined });
    }),
  );
  return open as unknown as z.ZodMiniType<z.infer<z.ZodMiniDiscriminatedUnion<Options, "type">>>;
}

/** A JSON object whose keys and values this SDK does not interpret (JSON Schema, tool input). */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;

/** A 32-bit signed integer, the wire type of every count, index and millisecond field. */
export const int = () => z.int32();

/** A non-negative 32-bit integer (indices, offsets, milliseconds). */
export const nonNegativeInt = () => z.int32().check(z.gte(0));
