import { countWords, sameSite } from "../article/extract/index.ts";
import type { Article } from "../schemas.ts";

/**
 * Prose words an article needs before its text alone can make it a duplicate: two distinct pages
 * that extracted to the same site menu or teaser share a text, not an article.
 */
export const DEDUP_MIN_PROSE_WORDS = 80;
/** A paragraph counts as prose from this many words on, ending like a sentence. */
const PROSE_PARAGRAPH_WORDS = 8;
const SENTENCE_END = /[.!?…:;"”»'’)\]]$/u;

/** The stored article whose text is the same as a new one's. */
export interface TextTwin {
  id: string;
  title: string | null;
  canonical: string | null;
}

/**
 * Is a new article with the same text as a stored one a duplicate of it, and why? Only when the
 * text is a real article (enough prose) and the two agree on more than their text: the same title,
 * or canonical URLs on the same site. Undefined when both must be kept.
 *
 * @example
 * duplicateReason(article, "https://news.example.org/a?amp", twin); // "same text and title"
 */
export function duplicateReason(article: Article, canonical: string | undefined, twin: TextTwin): string | undefined {
  if (proseWords(article.paragraphs) < DEDUP_MIN_PROSE_WORDS) return undefined;
  if (normalizeTitle(article.title) === normalizeTitle(twin.title ?? undefined)) return "same text and title";
  if (canonical && twin.canonical && sameSite(canonical, twin.canonical)) return "same text on the same site";
  return undefined;
}

/** Words in paragraphs that read as prose: long enough, ending like a sentence. */
export function proseWords(paragraphs: readonly string[]): number {
  let words = 0;
  for (const p of paragraphs) {
    const n = countWords(p);
    if (n >= PROSE_PARAGRAPH_WORDS && SENTENCE_END.test(p.trim())) words += n;
  }
  return words;
}

function normalizeTitle(title: string | undefined): string {
  return (title ?? "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
