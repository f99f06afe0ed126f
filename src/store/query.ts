/**
 * A user's search words as an FTS5 query: every word must match, as a prefix, case and diacritics
 * folded by the index's tokenizer (`oekraine` finds `Oekraïne`). Operators and quotes in the input
 * are never passed through, so no input can break the query.
 *
 * @example
 * ftsQuery("Oekraïne NAVO-droom"); // "\"Oekraïne\"* \"NAVO\"* \"droom\"*"
 */
export function ftsQuery(input: string): string | undefined {
  const words = input.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return undefined;
  return words
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(" ");
}
