/** The parts one after another in one new array; `length` is their total, counted when not given. */
export function concatBytes(parts: readonly Uint8Array[], length = parts.reduce((n, part) => n + part.byteLength, 0)): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
