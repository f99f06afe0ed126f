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
  /\s?(?:,|;|:|\s--|\s–|\s—)\s+(?=(?:which|who|whose|where|when|while|after|before|as|because|although|though|but|and|according|including|despite|since|until|with|after|die|dat|wat|waar|waarin|waarmee|waardoor|waarna|waarbij|terwijl|nadat|voordat|omdat|hoewel|maar|en|zodat|aldus|volgens|met|inclusief|ondanks|sinds|tot|\p{Ll}+ing)\b)/giu;

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
  if (sentence.length <= maxChars && countWords(sentence, maxWords + 1) <= maxWords) return sentence;
  let best: number | undefined;
  let words = 0;
  let counted = 0;
  // One pass: the words up to each boundary are counted once, and the search ends past the limits.
  for (const m of sentence.matchAll(CLAUSE_BOUNDARY)) {
    const at = m.index ?? 0;
    if (at + 1 > maxChars) break;
    words += countWords(sentence.slice(counted, at));
    counted = at;
    if (words > maxWords) break;
    if (words >= minWords) best = at;
  }
  if (best === undefined) return sentence;
  return `${sentence.slice(0, best).replace(/[\s,;:–—-]+$/u, "")}${ELLIPSIS}`;
}

function countWords(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (n < stopAt && WORD.exec(text)) n++;
  WORD.lastIndex = 0;
  return n;
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
