/**
 * Sentence segmentation for Dutch and English news text.
 *
 * Written here rather than taken from a library because every sentence must stay a verbatim span
 * of its paragraph (cards cite spans), and the segmenters on npm know English abbreviations only
 * (`o.a.`, `dr.`, `ca.`, `d.w.z.` split them) and do not handle „…” or the `` … '' of
 * tokenized corpora.
 */

/** A sentence as offsets into the text it was cut from: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Abbreviations that end in a period but rarely end a sentence (lowercased, without the final period). */
const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof sr jr st mt ft gen gov sen rep rev col lt sgt capt cmdr adm maj pres supt det insp " +
    "hon no nos vs etc inc ltd co corp bros dept univ est approx fig vol jan feb mar apr jun jul aug sep " +
    "sept oct nov dec dhr mevr mw drs ir ing mr prof ca bijv bv resp evt nl blz nr jl vlg incl excl max " +
    "min mln mld mrd wo ong tel zgn zg ibid art lid kol gem sr jhr st pag afb hfd hfst"
  ).split(" "),
);

/** Capitalized words that usually start a sentence; after `U.S.` or `o.a.` they signal a boundary. */
const SENTENCE_STARTERS = new Set(
  (
    "the a an he she it they we i you this that these those but and in on at for if when while after " +
    "before his her its their our there what who how why as so yet some many de het een hij zij ze wij we " +
    "ik dat dit die deze maar en in op bij voor als toen na er zijn haar hun ook wat wie hoe waarom " +
    "volgens daarom toch nu"
  ).split(" "),
);

const WORD_CHAR = /[\p{L}\p{N}.'’-]/u;
const CLOSERS = "\"'”’»)]\u201d\u2019";
const OPENERS = "\"'“„‘«([\u201c\u201e\u2018`";
const TERMINATORS = ".!?…";

const cache = new Map<string, readonly Span[]>();
const CACHE_SIZE = 256;

/**
 * Split a paragraph into sentence spans. Whitespace between sentences belongs to none. The
 * summarizer asks for the same paragraph's spans from several places, so recent answers are kept.
 */
export function sentenceSpans(text: string): readonly Span[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const spans = computeSpans(text);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(text, spans);
  return spans;
}

function computeSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  let i = start;
  while (i < text.length) {
    const ch = text[i] as string;
    if (!TERMINATORS.includes(ch)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && TERMINATORS.includes(text[end] as string)) end++;
    end = skipClosers(text, end);
    const next = skipSpace(text, end);
    if (next === end && next < text.length) {
      i = end;
      continue; // no space after: a decimal, a URL, `U.S.A`, `o.a.`'s inner dots
    }
    if (next >= text.length || isBoundary(text, start, i, ch, next)) {
      spans.push({ start, end: trimEnd(text, start, end) });
      start = next;
    }
    i = Math.max(next, i + 1);
  }
  if (start < text.length) {
    const end = trimEnd(text, start, text.length);
    if (end > start) spans.push({ start, end });
  }
  return spans;
}

/** The sentences of a text, verbatim, paragraph breaks always ending a sentence. */
export function splitSentences(text: string, _lang?: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    for (const span of sentenceSpans(paragraph)) out.push(paragraph.slice(span.start, span.end));
  }
  return out;
}

function isBoundary(text: string, start: number, at: number, ch: string, next: number): boolean {
  const following = text[next] as string;
  // PTB-tokenized corpora write an opening quote as ``; Dutch newspapers as ,,.
  const opensQuote = OPENERS.includes(following) || text.startsWith(",,", next);
  const upper = isUpper(following) || /\d/.test(following) || opensQuote;
  if (!upper) return false;
  if (ch !== ".") return true;
  // Look at the word before the period.
  let from = at;
  while (from > start && WORD_CHAR.test(text[from - 1] as string)) from--;
  const word = text.slice(from, at);
  if (word === "") return true; // `word .` in tokenized text
  const bare = word.replace(/^['’-]+/, "");
  const lower = bare.toLowerCase();
  const nextWord = /^[\p{L}]+/u.exec(text.slice(next))?.[0]?.toLowerCase() ?? "";
  if (bare.includes(".")) {
    // `U.S.`, `o.a.`, `d.w.z.`, `a.s.`: an abbreviation unless a sentence plainly starts after it.
    return SENTENCE_STARTERS.has(nextWord);
  }
  if (ABBREVIATIONS.has(lower)) return false;
  // An initial: `V. Stiviano`, `J. R. R. Tolkien`.
  if (/^\p{Lu}$/u.test(bare)) return SENTENCE_STARTERS.has(nextWord) && nextWord.length > 1;
  return true;
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function skipClosers(text: string, i: number): number {
  let j = i;
  for (;;) {
    if (j < text.length && CLOSERS.includes(text[j] as string)) {
      j++;
    } else if (text.startsWith(" ''", j) || (text.startsWith(" '", j) && text[j + 2] !== "s")) {
      // Tokenized closing quote after a space: `gezogen . ''`.
      const k = text.startsWith(" ''", j) ? j + 3 : j + 2;
      if (k >= text.length || /\s/.test(text[k] as string)) j = k;
      else break;
    } else {
      break;
    }
  }
  return j;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && /\s/.test(text[j] as string)) j++;
  return j;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] as string)) e--;
  return e;
}
