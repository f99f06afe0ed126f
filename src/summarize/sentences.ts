import { sentenceSpans } from "../article/sentences.ts";
import { allTokens, type Token } from "./tokens.ts";

/** A sentence of the article with where it stands: `text === article.text.slice(start, end)`. */
export interface Sentence {
  index: number;
  paragraph: number;
  start: number;
  end: number;
  text: string;
  /** Lowercased word tokens. */
  words: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The article's sentences with offsets into the paragraphs joined by blank lines (`article.text`). */
export function articleSentences(paragraphs: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  let offset = 0;
  paragraphs.forEach((p, pi) => {
    // The paragraph's tokens are read once and shared with the rest of the summarizer.
    const tokens = allTokens(p);
    let k = 0;
    for (const span of sentenceSpans(p)) {
      while (k < tokens.length && (tokens[k] as Token).start < span.start) k++;
      const words: string[] = [];
      for (; k < tokens.length && (tokens[k] as Token).start < span.end; k++) {
        const lower = (tokens[k] as Token).lower;
        // A token keeps `auto's`, `U.S`, `Noord-Korea` whole; words are the runs of letters and digits.
        if (/['’\-.]/u.test(lower)) words.push(...(lower.match(WORD) ?? []));
        else words.push(lower);
      }
      out.push({
        index: out.length,
        paragraph: pi,
        start: offset + span.start,
        end: offset + span.end,
        text: p.slice(span.start, span.end),
        words,
      });
    }
    offset += p.length + 2;
  });
  return out;
}

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}
