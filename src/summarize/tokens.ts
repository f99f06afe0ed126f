/**
 * Word tokens with offsets, for the rules that read noun phrases: names keep their initials and
 * titles of address with the period (`Yago R.`, `Dr.`), other words lose it.
 */

export interface Token {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** Starts with a capital letter. */
  readonly cap: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*\.?/gu;
const KEEPS_PERIOD =
  /^(?:\p{Lu}|[Dd]r|[Mm]r|[Mm]rs|[Mm]s|[Pp]rof|[Ss]t|[Jj]r|[Ss]r|[Dd]hr|[Mm]evr|[Mm]w|[Dd]rs|[Ii]r|[Ii]ng|[Ss]en|[Rr]ep|[Gg]ov|[Gg]en|[Cc]apt|[Ss]gt|[Rr]ev)\.$/u;
/** At most this many tokens are read from one stretch of text: names and noun phrases are short. */
export const MAX_TOKENS = 40;

/** Token lists of the texts the summarizer is reading: paragraphs, and paragraphs with their quotes blanked. */
const cache = new Map<string, Token[]>();
const CACHE_SIZE = 512;

/**
 * Every token of `text`, kept so that the rules that read around a point find them by halving
 * instead of reading the text again. `tokens`, when given, are the text's tokens already known.
 */
export function allTokens(text: string, tokens?: Token[]): Token[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const out = tokens ?? scan(text, 0, Number.POSITIVE_INFINITY);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(text, out);
  return out;
}

/** The tokens of `text` if it is being read already, else undefined. */
export function knownTokens(text: string): Token[] | undefined {
  return cache.get(text);
}

/** Index of the first token that starts at or after `at`. */
function firstFrom(tokens: readonly Token[], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as Token).start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first `limit` tokens of `text` that start at or after `from`. */
export function tokensOf(text: string, from = 0, limit = MAX_TOKENS): Token[] {
  const all = cache.get(text);
  if (!all) return scan(text, from, limit);
  const i = firstFrom(all, from);
  return all.slice(i, i + limit);
}

function scan(text: string, from: number, limit: number): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m !== null && out.length < limit; m = TOKEN.exec(text)) {
    out.push(token(m[0], m.index));
  }
  return out;
}

/** The last `limit` tokens of `text` that end by `to`, in order. */
export function tokensBefore(text: string, to: number, limit = MAX_TOKENS): Token[] {
  const all = cache.get(text);
  if (all) {
    let j = firstFrom(all, to);
    if (j > 0 && (all[j - 1] as Token).end > to) j--;
    return all.slice(Math.max(0, j - limit), j);
  }
  // Read a window that holds `limit` words of any sensible length; a longer word is cut at its edge.
  const from = Math.max(0, to - limit * 24);
  const window = scan(text.slice(from, to), 0, Number.POSITIVE_INFINITY).slice(-limit);
  return window.map((t) => new LazyToken(t.text, t.start + from));
}

/** A token whose lower-case form is made when first asked for: most never are. */
class LazyToken implements Token {
  readonly end: number;
  readonly cap: boolean;
  private low: string | undefined;
  constructor(
    readonly text: string,
    readonly start: number,
  ) {
    this.end = start + text.length;
    const c = text.charCodeAt(0);
    // ASCII lower case and digits need no look-up; other letters ask the Unicode tables.
    this.cap =
      (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
        ? false
        : (c >= 65 && c <= 90) || text[0] !== (text[0] as string).toLowerCase();
  }
  get lower(): string {
    this.low ??= this.text.toLowerCase();
    return this.low;
  }
}

function token(raw: string, start: number): Token {
  const text = raw.charCodeAt(raw.length - 1) === 46 && !KEEPS_PERIOD.test(raw) ? raw.slice(0, -1) : raw;
  return new LazyToken(text, start);
}

/** Whether only spaces (and nothing a rule should stop at) lie between two tokens. */
export function adjacent(text: string, a: Token, b: Token): boolean {
  return /^\s+$/u.test(text.slice(a.end, b.start));
}
