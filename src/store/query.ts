/**
 * A user's search words, the same for both engines: every word must match, case and diacritics
 * folded (`oekraine` finds `Oekraïne`); the last word also as a prefix (`oekr` finds it while
 * typing), when it has MIN_PREFIX letters or more: a shorter prefix would make the index merge tens
 * of thousands of terms (docs/BENCHMARKS.md). One-letter words (`s` from `Service's`, `d` from
 * `I'd`) are left out: as prefixes they would make the index merge every term. Operators and
 * quotes in the input are never passed through, so no input can break the query.
 */
/** The shortest last word matched as a prefix. */
export const MIN_PREFIX = 4;

/** The words searched for, at most 16, and whether the last is also a prefix. */
export function searchWords(input: string): { words: string[]; prefix: boolean } {
  const all = input.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? [];
  const words = all.filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 16);
  return { words, prefix: (words.at(-1)?.length ?? 0) >= MIN_PREFIX };
}

/**
 * The words as an FTS5 query (SQLite).
 *
 * @example
 * ftsQuery("Oekraïne NAVO-droo"); // the last word, four letters or more, as a prefix // "\"Oekraïne\" \"NAVO\" \"droo\"*"
 */
export function ftsQuery(input: string): string | undefined {
  const { words, prefix } = searchWords(input);
  if (words.length === 0) return undefined;
  return words.map((w, i) => (i === words.length - 1 && prefix ? `"${w}"*` : `"${w}"`)).join(" ");
}

/**
 * The words as a `to_tsquery` text (PostgreSQL): each quoted, all required, the last as a prefix
 * by the same rule; the server folds accents (`unaccent`) and stems it per language.
 *
 * @example
 * tsQueryText("Oekraïne NAVO-droo"); // "'Oekraïne' & 'NAVO' & 'droo':*"
 */
export function tsQueryText(input: string): string | undefined {
  const { words, prefix } = searchWords(input);
  if (words.length === 0) return undefined;
  return words.map((w, i) => (i === words.length - 1 && prefix ? `'${w}':*` : `'${w}'`)).join(" & ");
}
