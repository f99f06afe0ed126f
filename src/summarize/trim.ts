/** Marks a point or TL;DR cut short at a clause boundary. */
export const ELLIPSIS = "…";

/** Agency datelines and bylines that open a news text: `( CNN )`, `Rome (CNN) --`, `LONDON (Reuters) -`. */
const DATELINE =
  /^(?:[\p{Lu}][\p{L} .,'’-]{0,40}?\s*)?\(\s*(?:CNN|AP|AFP|Reuters|ANP|Belga|Bloomberg|dpa|EFE)\s*\)\s*(?:--|—|–|-|:)?\s*/u;

/** A sentence without its dateline, as a verbatim span (`offset` into the sentence). */
export function stripDateline(sentence: string): { text: string; offset: number } {
  const m = DATELINE.exec(sentence);
  if (!m || m[0].length >= sentence.length - 10) return { text: sentence, offset: 0 };
  return { text: sentence.slice(m[0].length), offset: m[0].length };
}

/** Where a clause may end: a comma before a subordinate or coordinate clause, a dash, a semicolon. */
const CLAUSE_BOUNDARY =
  /\s?(?:,|;|:|\s--|\s–|\s—)\s+(?=(?:which|who|whose|where|when|while|after|before|as|because|although|though|but|and|according|including|despite|since|until|with|after|die|dat|wat|waar|waarin|waarmee|waardoor|terwijl|nadat|voordat|omdat|hoewel|maar|en|zodat|aldus|volgens|met|inclusief|ondanks|sinds|tot)\b)/giu;

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Cut a sentence at its last clause boundary that keeps it within `maxWords` words (and at least
 * `minWords`), marking the cut with `…`. Returns the sentence unchanged when it fits or when no
 * boundary does.
 */
export function trimToClause(
  sentence: string,
  maxWords: number,
  minWords = 8,
  maxChars = Number.POSITIVE_INFINITY,
): string {
  const words = sentence.match(WORD)?.length ?? 0;
  if (words <= maxWords && sentence.length <= maxChars) return sentence;
  let best: number | undefined;
  for (const m of sentence.matchAll(CLAUSE_BOUNDARY)) {
    const at = m.index ?? 0;
    const head = sentence.slice(0, at);
    const n = head.match(WORD)?.length ?? 0;
    if (n >= minWords && n <= maxWords && head.length + 1 <= maxChars) best = at;
  }
  if (best === undefined) return sentence;
  return `${sentence.slice(0, best).replace(/[\s,;:–—-]+$/u, "")}${ELLIPSIS}`;
}

/** Cut text at a word boundary to at most `maxChars` characters, `…` included. Never mid-word. */
export function cutAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const limit = maxChars - ELLIPSIS.length;
  let cut = text.slice(0, limit);
  if (!/\s/u.test(text[limit] ?? " ")) {
    const space = cut.search(/\s\S*$/u);
    if (space > 0) cut = cut.slice(0, space);
  }
  return `${cut.replace(/[\s,;:–—-]+$/u, "")}${ELLIPSIS}`;
}
