import { sentenceSpans } from "../article/sentences.ts";

/** A sentence of the article with where it stands: `text === article.text.slice(start, end)`. */
export interface Sentence {
  index: number;
  paragraph: number;
  start: number;
  end: number;
  text: string;
  /** Lowercased word tokens. */
  words: string[];
  /** The tokens the sentence writes in lower case, as written. */
  lowerCase: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The article's sentences with offsets into the paragraphs joined by blank lines (`article.text`). */
export function articleSentences(paragraphs: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  let offset = 0;
  paragraphs.forEach((p, pi) => {
    for (const span of sentenceSpans(p)) {
      const text = p.slice(span.start, span.end);
      out.push({
        index: out.length,
        paragraph: pi,
        start: offset + span.start,
        end: offset + span.end,
        text,
        ...tokens(text),
      });
    }
    offset += p.length + 2;
  });
  return out;
}

function tokens(text: string): { words: string[]; lowerCase: string[] } {
  const words: string[] = [];
  const lowerCase: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    const lower = w.toLowerCase();
    words.push(lower);
    if (w === lower && /\p{Ll}/u.test(w[0] as string)) lowerCase.push(w);
  }
  return { words, lowerCase };
}

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}
