/**
 * A user's search words as an FTS5 query: every word must match, case and diacritics folded by the
 * index's tokenizer (`oekraine` finds `Oekraïne`); the last word also as a prefix (`oekr` finds
 * it while typing), when it has three letters or more. One-letter words (`s` from `Service's`,
 * `d` from `I'd`) are left out: as prefixes they would make the index merge every term. Operators
 * and quotes in the input are never passed through, so no input can break the query.
 *
 * @example
 * ftsQuery("Oekraïne NAVO-droo"); // "\"Oekraïne\" \"NAVO\" \"droo\"*"
 */
export function ftsQuery(input: string): string | undefined {
  const all = input.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? [];
  const words = all.filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 16);
  if (words.length === 0) return undefined;
  return words.map((w, i) => (i === words.length - 1 && w.length >= 3 ? `"${w}"*` : `"${w}"`)).join(" ");
}
