/**
 * Finding quoted spans: pairs of quote marks in a paragraph, with apostrophes (`risico’s`,
 * `auto's`, `'s avonds`, `'90s`) never taken for a mark.
 */

/** A quoted span of a paragraph: `open..textStart` is the opening mark, `textEnd..close` the closing one. */
export interface QuotedSpan {
  open: number;
  textStart: number;
  textEnd: number;
  close: number;
  /** The paragraph had no closing mark: the quote runs on to the paragraph's end. */
  runsOn: boolean;
}

interface Opener {
  mark: string;
  closers: readonly string[];
}

const OPENERS: readonly Opener[] = [
  { mark: "``", closers: ["''"] },
  { mark: ",,", closers: ["''", "”", "“", '"'] },
  { mark: "“", closers: ["”"] },
  { mark: "„", closers: ["”", "“", '"'] },
  { mark: "«", closers: ["»"] },
  { mark: "‹", closers: ["›"] },
  { mark: "‚", closers: ["‘", "’"] },
  { mark: "‘", closers: ["’"] },
  { mark: '"', closers: ['"'] },
  { mark: "'", closers: ["'"] },
];

const OPENING_CHAR = /[`,“„«‹‚‘"']/g;
const LETTER = /[\p{L}\p{N}]/u;
const SPACE_OR_OPEN = /[\s([{\u2014\u2013\-/“„‘«:]/u;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}

/** Marks that double as apostrophes need a word boundary outside and text inside. */
function canOpen(text: string, i: number, mark: string): boolean {
  const before = text[i - 1];
  const after = text[i + mark.length];
  if (mark === "``") return after !== undefined; // tokenized text: `` It was
  if (after === undefined || /\s/.test(after)) return false;
  if (mark === "„" || mark === "«" || mark === "‚" || mark === "‹") return true;
  if (before !== undefined && !SPACE_OR_OPEN.test(before)) return false;
  if (mark === "'" && after === "'") return false;
  if (mark === "'" || mark === "‘" || mark === "’") {
    const rest = text.slice(i + 1, i + 5);
    // 's avonds, 't, zo'n-style elisions and '90s are apostrophes.
    if (/^(s|t|n|k|m|em|tis)\b/i.test(rest) || /^\d0s\b/.test(rest) || /^\d\d\b/.test(rest)) return false;
  }
  if (mark === ",,") return before === undefined || /\s/.test(before);
  return true;
}

function canClose(text: string, i: number, mark: string): boolean {
  const before = text[i - 1];
  const after = text[i + mark.length];
  if (mark === "''" && text.slice(i - 1, i) === " ") return true; // tokenized `word ''`
  if (before === undefined || /\s/.test(before)) return false;
  if ((mark === "'" || mark === "’") && isLetter(before) && isLetter(after)) return false;
  if (mark === "'" || mark === "’") {
    // A closing single mark is followed by a space, punctuation or the end.
    return after === undefined || !isLetter(after);
  }
  return true;
}

/**
 * Every quoted span of a paragraph, outermost only, in order.
 *
 * @example
 * findQuotedSpans("Hij zei dat “het kan” en ‘vroeg’ veel."); // two spans
 */
export function findQuotedSpans(paragraph: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  const noCloserFrom = new Map<string, number>();
  let i = 0;
  while (i < paragraph.length) {
    OPENING_CHAR.lastIndex = i;
    const next = OPENING_CHAR.exec(paragraph);
    if (!next) break;
    i = next.index;
    const opener = OPENERS.find((o) => paragraph.startsWith(o.mark, i) && canOpen(paragraph, i, o.mark));
    if (!opener) {
      i++;
      continue;
    }
    const textStart = i + opener.mark.length;
    // Whether a closer is valid does not depend on where its opener stood: once a search from an
    // earlier opener of this kind found none, no later one will (keeps hostile text linear).
    const hopeless = (noCloserFrom.get(opener.mark) ?? Number.POSITIVE_INFINITY) <= textStart;
    const closeAt = hopeless ? undefined : findCloser(paragraph, textStart, opener);
    if (!closeAt && !hopeless) noCloserFrom.set(opener.mark, textStart);
    if (closeAt) {
      spans.push({ open: i, textStart, textEnd: closeAt.at, close: closeAt.at + closeAt.mark.length, runsOn: false });
      i = closeAt.at + closeAt.mark.length;
    } else if (i === 0 && opener.mark !== "'" && opener.mark !== "‘") {
      // Newspaper convention: a quote over several paragraphs leaves the first one unclosed.
      spans.push({ open: i, textStart, textEnd: paragraph.length, close: paragraph.length, runsOn: true });
      i = paragraph.length;
    } else {
      i = textStart;
    }
  }
  return spans;
}

function findCloser(text: string, from: number, opener: Opener): { at: number; mark: string } | undefined {
  for (let j = from + 1; j < text.length; j++) {
    // A nested quote of another kind is skipped whole.
    for (const mark of opener.closers) {
      if (text.startsWith(mark, j) && canClose(text, j, mark)) return { at: j, mark };
    }
  }
  return undefined;
}
