/**
 * Finding quoted spans: pairs of quote marks in a paragraph, for every pair in real use
 * (`“…”`, `„…”`, `‘…’`, `"…"`, `'…'`, `,,…''`, `,,…"`, `«…»`, `` `` … '' ``), mismatched closers
 * included, with apostrophes (`risico’s`, `auto's`, `'s avonds`, `'90s`) never taken for a mark.
 */

/** A quoted span of a paragraph: `open..textStart` is the opening mark, `textEnd..close` the closing one. */
export interface QuotedSpan {
  open: number;
  textStart: number;
  textEnd: number;
  close: number;
  /** The opening mark as written. */
  mark: string;
  /** No closing mark before the paragraph's end: the quote runs on (newspapers leave it open when it continues). */
  runsOn: boolean;
  /** No closing mark before the next opening mark of its kind: the span ends there. */
  unclosed: boolean;
  /** Quoted spans inside this one, one level deep: nested speech, or a term the speaker quotes. */
  inner: QuotedSpan[];
}

/** Each opening mark and the closing marks it pairs with, mismatched ones included. */
const CLOSERS: Record<string, readonly string[]> = {
  "``": ["''", '"'],
  ",,": ["''", '"', "”", "“", "’’"],
  "“": ["”", '"', "“", "''"],
  "„": ["“", "”", '"'],
  "«": ["»"],
  "»": ["«"],
  "‹": ["›"],
  "‚": ["‘", "’"],
  "‘": ["’", "'"],
  '"': ['"', "”", "''"],
  "'": ["'", "’"],
};

/** Marks that never double as apostrophes or closers open without looking at what stands before them. */
const FREE_OPENERS = new Set(["„", "«", "‹", "‚"]);
/** Marks that may stand apart from the quoted text: `« Nee »`, tokenized `` It was ''. */
const SPACED = new Set(["``", "''", "«", "»", "‹", "›"]);
const APOSTROPHES = new Set(["'", "‘", "’"]);
/** Double marks that only ever open: one after an unclosed double quote starts the next quote. */
const OPEN_ONLY = new Set([",,", "``"]);

const MARK = /``|,,|''|’’|[“”„«»‹›‚‘’"']/g;
const LETTER = /[\p{L}\p{N}]/u;
const OPENING_CONTEXT = /[\s([{\u2014\u2013\-/:;“„‘«»"']/u;
/** `'s avonds`, `'t`, `zo'n`, `'k`, `'em`, `'90s`, `'80-er`: elisions, not quotes. */
const ELISION = /^(?:(?:s|t|n|k|m|em|r|tis)(?![\p{L}\p{N}])|\d\d(?:s|er|-er)?(?![\p{L}\p{N}]))/iu;

interface Token {
  at: number;
  mark: string;
  canOpen: boolean;
  canClose: boolean;
  /** A closing apostrophe that may be a possessive (`workers' rights`, `Jezus' woorden`). */
  weak: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(MARK)) {
    const at = m.index ?? 0;
    const mark = m[0];
    const before = text[at - 1];
    const after = text[at + mark.length];
    tokens.push({ at, mark, canOpen: canOpen(text, at, mark, before, after), ...closing(mark, before, after) });
  }
  return tokens;
}

function canOpen(text: string, at: number, mark: string, before?: string, after?: string): boolean {
  if (!(mark in CLOSERS) || after === undefined) return false;
  if (/\s/u.test(after) && !SPACED.has(mark)) return false;
  if (!FREE_OPENERS.has(mark) && before !== undefined && !OPENING_CONTEXT.test(before)) return false;
  if (APOSTROPHES.has(mark)) {
    if (after === "'" || ELISION.test(text.slice(at + 1, at + 5))) return false;
    if (!LETTER.test(after) && !/[.…([]/u.test(after)) return false;
  }
  return true;
}

function closing(mark: string, before?: string, after?: string): { canClose: boolean; weak: boolean } {
  if (before === undefined || (/\s/u.test(before) && !SPACED.has(mark))) return { canClose: false, weak: false };
  if (mark === "'" || mark === "’") {
    if (after !== undefined && LETTER.test(after)) return { canClose: false, weak: false };
    // `the workers' union`: a closing mark after an s, followed by a word, may be a possessive.
    return { canClose: true, weak: /s/i.test(before) && after === " " };
  }
  return { canClose: true, weak: false };
}

/**
 * Every quoted span of a paragraph, outermost first, in order, each with the spans inside it.
 * A mark the source never closes ends the span before the next opening mark of its kind, or at
 * the paragraph's end (a quote continued in the next paragraph), never beyond. Linear in the
 * paragraph's length: a search for a closer stops at the next opening mark of the same kind.
 *
 * @example
 * findQuotedSpans("Hij zei dat “het kan” en ‘vroeg’ veel."); // two spans
 */
export function findQuotedSpans(paragraph: string): QuotedSpan[] {
  return pairTokens(paragraph, tokenize(paragraph), 0, paragraph.length, true);
}

function pairTokens(text: string, tokens: readonly Token[], from: number, to: number, outer: boolean): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  let k = 0;
  while (k < tokens.length && (tokens[k] as Token).at < from) k++;
  while (k < tokens.length) {
    const t = tokens[k] as Token;
    if (t.at >= to) break;
    if (!t.canOpen) {
      k++;
      continue;
    }
    const textStart = t.at + t.mark.length;
    const found = findCloser(tokens, k, to);
    let span: QuotedSpan | undefined;
    if (found.closer !== undefined) {
      const c = tokens[found.closer] as Token;
      span = makeSpan(t, textStart, c.at, c.at + c.mark.length, false, false);
      k = found.closer + 1;
    } else if (found.stop !== undefined) {
      const s = tokens[found.stop] as Token;
      const end = trimEndAt(text, textStart, s.at);
      if (end > textStart) span = makeSpan(t, textStart, end, end, false, true);
      k = found.stop;
    } else if (outer && (!APOSTROPHES.has(t.mark) || text.slice(from, t.at).trim() === "")) {
      // Open to the paragraph's end (a single mark only at its start: elsewhere it is likelier an apostrophe).
      const end = trimEndAt(text, textStart, to);
      if (end > textStart) span = makeSpan(t, textStart, end, to, true, false);
      k = tokens.length;
    } else {
      k++;
    }
    if (span && /[\p{L}\p{N}]/u.test(text.slice(span.textStart, span.textEnd))) {
      if (outer) span.inner = pairTokens(text, innerTokens(tokens, span), span.textStart, span.textEnd, false);
      spans.push(span);
    }
  }
  return spans;
}

function makeSpan(
  t: Token,
  textStart: number,
  textEnd: number,
  close: number,
  runsOn: boolean,
  unclosed: boolean,
): QuotedSpan {
  return { open: t.at, textStart, textEnd, close, mark: t.mark, runsOn, unclosed, inner: [] };
}

/** The tokens inside a span that are not of its own kind. */
function innerTokens(tokens: readonly Token[], span: QuotedSpan): Token[] {
  const own = new Set([span.mark, ...(CLOSERS[span.mark] ?? [])]);
  // The tokens are in order: find the span's first by halving, and read no further than its end.
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as Token).at < span.textStart) lo = mid + 1;
    else hi = mid;
  }
  const out: Token[] = [];
  for (let i = lo; i < tokens.length && (tokens[i] as Token).at < span.textEnd; i++) {
    const t = tokens[i] as Token;
    if (!own.has(t.mark)) out.push(t);
  }
  return out;
}

/**
 * The closer of the opener at `k`: the first strong closing mark it pairs with, else the first
 * weak one; the search stops at the next mark of the opener's own kind that can only open.
 */
function findCloser(tokens: readonly Token[], k: number, to: number): { closer?: number; stop?: number } {
  const opener = tokens[k] as Token;
  const closers = CLOSERS[opener.mark] ?? [];
  let weak: number | undefined;
  for (let j = k + 1; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.at >= to) break;
    if (t.canClose && closers.includes(t.mark)) {
      if (!t.weak) return { closer: j };
      weak ??= j;
      continue;
    }
    if ((t.mark === opener.mark || (OPEN_ONLY.has(t.mark) && !APOSTROPHES.has(opener.mark))) && t.canOpen)
      return weak !== undefined ? { closer: weak } : { stop: j };
  }
  return weak !== undefined ? { closer: weak } : {};
}

function trimEndAt(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/u.test(text[e - 1] as string)) e--;
  return e;
}
