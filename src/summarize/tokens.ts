/**
 * Word tokens with offsets, for the rules that read noun phrases: names keep their initials and
 * titles of address with the period (`Yago R.`, `Dr.`), other words lose it.
 */

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Starts with a capital letter. */
  cap: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*\.?/gu;
const KEEPS_PERIOD =
  /^(?:\p{Lu}|[Dd]r|[Mm]r|[Mm]rs|[Mm]s|[Pp]rof|[Ss]t|[Jj]r|[Ss]r|[Dd]hr|[Mm]evr|[Mm]w|[Dd]rs|[Ii]r|[Ii]ng|[Ss]en|[Rr]ep|[Gg]ov|[Gg]en|[Cc]apt|[Ss]gt|[Rr]ev)\.$/u;
/** At most this many tokens are read from one stretch of text: names and noun phrases are short. */
export const MAX_TOKENS = 40;

/** The first `limit` tokens of `text`, from `from`. */
export function tokensOf(text: string, from = 0, limit = MAX_TOKENS): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m !== null && out.length < limit; m = TOKEN.exec(text)) {
    out.push(token(m[0], m.index));
  }
  return out;
}

/** The last `limit` tokens of `text` before `to`, in order. */
export function tokensBefore(text: string, to: number, limit = MAX_TOKENS): Token[] {
  // Read a window that holds `limit` words of any sensible length; a longer word is cut at its edge.
  const from = Math.max(0, to - limit * 24);
  const all = tokensOf(text.slice(0, to), from, Number.POSITIVE_INFINITY);
  return all.slice(-limit);
}

function token(raw: string, start: number): Token {
  const text = raw.endsWith(".") && !KEEPS_PERIOD.test(raw) ? raw.slice(0, -1) : raw;
  const first = text[0] as string;
  return { text, lower: text.toLowerCase(), start, end: start + text.length, cap: first !== first.toLowerCase() };
}

/** Whether only spaces (and nothing a rule should stop at) lie between two tokens. */
export function adjacent(text: string, a: Token, b: Token): boolean {
  return /^\s+$/u.test(text.slice(a.end, b.start));
}
