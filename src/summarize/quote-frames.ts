/**
 * The narration around each quote. A paragraph is cut into sentences with every quote's inside
 * blanked out, so that a quote counts as one word of the reporter's sentence: `,,A. B.'', zegt X.`
 * is one sentence, and `"A," zei X. "B."` two.
 */
import { type Span, sentenceSpans } from "../article/sentences.ts";
import { findQuotedSpans, type QuotedSpan } from "./quote-marks.ts";
import type { Cue } from "./speech.ts";
import { allTokens, type Token } from "./tokens.ts";

/** What blanks a quote's inside: not a letter, digit, space or mark, so no rule reads it as a word. */
export const BLANK = "_";

/** A paragraph with its quotes and its narration sentences. */
export interface FramedParagraph {
  index: number;
  text: string;
  /** `text` with every quote's inside blanked (same length, same offsets). */
  masked: string;
  /** Sentences of `masked`. */
  sentences: readonly Span[];
  /** The speech cues of `masked`, found on first use (see `cuesIn`). */
  cues?: Cue[];
  quotes: QuoteFrame[];
}

/** A quote in its sentence. */
export interface QuoteFrame {
  span: QuotedSpan;
  paragraph: number;
  /** Index into the paragraph's `sentences`. */
  sentence: number;
  /** Narration from the sentence's start to the opening mark (other quotes blanked). */
  before: string;
  /** Narration from the closing mark to the sentence's end (other quotes blanked). */
  after: string;
  /** The quote's words, as written. */
  content: string;
}

const TERMINAL = /[.!?…]+[\s"'”’»)]*$/u;
/** How much narration around a quote the rules read, at most, on either side. */
const CONTEXT_CHARS = 600;

/**
 * Every paragraph with its quotes framed in their sentences.
 *
 * @example
 * const [p] = frameParagraphs([",,Ja'', zei Eva. ,,Nee.''"]);
 * p.quotes.map((q) => q.after); // ["'', zei Eva.", "''"]
 */
export function frameParagraphs(paragraphs: readonly string[]): FramedParagraph[] {
  return paragraphs.map((text, index) => {
    const spans = findQuotedSpans(text);
    const masked = maskQuotes(text, spans);
    // The narration's tokens are the paragraph's outside the quotes: no second reading.
    if (spans.length > 0) allTokens(masked, narrationTokens(allTokens(text), spans));
    const sentences = spans.length > 0 ? joinInsideQuotes(sentenceSpans(text), spans) : sentenceSpans(text);
    const quotes: QuoteFrame[] = [];
    let s = 0;
    for (const span of spans) {
      while (s < sentences.length - 1 && (sentences[s] as Span).end <= span.open) s++;
      const sentence = sentences[s] ?? { start: 0, end: masked.length };
      // The narration a rule reads around a quote is bounded: an attribution is a few words, not a page.
      const start = Math.max(sentence.start, span.open - CONTEXT_CHARS);
      const end = Math.min(Math.max(sentence.end, span.close), span.close + CONTEXT_CHARS);
      quotes.push({
        span,
        paragraph: index,
        sentence: s,
        before: masked.slice(start, span.open),
        after: masked.slice(span.close, end),
        content: text.slice(span.textStart, span.textEnd),
      });
    }
    return { index, text, masked, sentences, quotes };
  });
}

/**
 * The paragraph's sentences with those that end inside a quote joined to the next: a quote is one
 * word of the reporter's sentence (`,,A. B.'', zegt X.` is one sentence).
 */
function joinInsideQuotes(spans: readonly Span[], quotes: readonly QuotedSpan[]): Span[] {
  const out: Span[] = [];
  let k = 0;
  for (const s of spans) {
    const last = out[out.length - 1];
    while (k < quotes.length && (quotes[k] as QuotedSpan).close <= (last?.end ?? -1)) k++;
    const q = quotes[k];
    // The previous sentence ended inside this quote (before its closing mark): they are one.
    if (last && q && last.end > q.textStart && last.end < q.close) last.end = s.end;
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

function narrationTokens(tokens: readonly Token[], spans: readonly QuotedSpan[]): Token[] {
  const out: Token[] = [];
  let k = 0;
  for (const t of tokens) {
    while (k < spans.length && (spans[k] as QuotedSpan).textEnd <= t.start) k++;
    const q = spans[k];
    if (!q || t.start < q.textStart) out.push(t);
  }
  return out;
}

/** Blank each quote's inside, keeping the punctuation that ends it, so sentences end where quotes do. */
function maskQuotes(text: string, spans: readonly QuotedSpan[]): string {
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const q of spans) {
    const inside = text.slice(q.textStart, q.textEnd);
    const keep = TERMINAL.exec(inside)?.[0] ?? "";
    out += text.slice(at, q.textStart) + BLANK.repeat(inside.length - keep.length) + keep;
    at = q.textEnd;
  }
  return out + text.slice(at);
}
