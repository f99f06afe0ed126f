/**
 * A user's search words as an FTS5 query: every word must match, case and diacritics folded by the
 * index's tokenizer (`oekraine` finds `Oekraïne`); the last word also as a prefix (`oekr` finds
 * it while typing), when it has MIN_PREFIX letters or more: a shorter prefix would make the index
 * merge tens of thousands of terms (docs/BENCHMARKS.md). One-letter words (`s` from `Service's`,
 * `d` from `I'd`) are left out: as prefixes they would make the index merge every term. Operators
 * and quotes in the input are never passed through, so no input can break the query.
 *
 * @example
 * ftsQuery("Oekraïne NAVO-droo"); // the last word, four letters or more, as a prefix // "\"Oekraïne\" \"NAVO\" \"droo\"*"
 */
/** The shortest last word matched as a prefix. */
export const MIN_PREFIX = 4;

export function ftsQuery(input: string): string | undefined {
  const all = input.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? [];
  const words = all.filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 16);
  if (words.length === 0) return undefined;
  return words.map((w, i) => (i === words.length - 1 && w.length >= MIN_PREFIX ? `"${w}"*` : `"${w}"`)).join(" ");
}
