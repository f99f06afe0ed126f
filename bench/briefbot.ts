/**
 * briefbot as the benchmarks call it: its own parser, segmenter and summarizer, given exactly what
 * every other arm gets: the text, read as plain English. No arm sees the BBC title (the peers take
 * text alone, and briefbot would rank sentences by their overlap with it).
 */
import { parseArticle } from "../src/article/parse.ts";
import { splitSentences } from "../src/article/sentences.ts";
import type { Article } from "../src/schemas.ts";
import { keyPoints, summarize } from "../src/summarize/index.ts";
import type { BenchDoc } from "./data.ts";

export { splitSentences };

export function parseDoc(doc: BenchDoc): Article {
  return parseArticle(doc.text, { format: "text", lang: "en" });
}

/** `count` key points of the article (any count; BBC asks for more than a card's five). */
export function briefbotPoints(doc: BenchDoc, count: number): string[] {
  return keyPoints(parseDoc(doc), count);
}

/** The points of the full card, as published (3 to 5). */
export function briefbotCardPoints(doc: BenchDoc): string[] {
  return summarize(parseDoc(doc)).points;
}

/** The card's summary as a reader meets it: the TL;DR, then the points, the first three sentences. */
export function briefbotCardSummary(doc: BenchDoc): string[] {
  const card = summarize(parseDoc(doc));
  return [card.tldr, ...card.points].slice(0, 3);
}

/** The whole card, the unit the speed goal is about. */
export function briefbotCard(doc: BenchDoc): unknown {
  return summarize(parseDoc(doc));
}

/** The Lead-3 arm of the speed benchmark: same parse, then the first three sentences. */
export function lead3Card(doc: BenchDoc): string[] {
  return splitSentences(parseDoc(doc).text, "en").slice(0, 3);
}

/** How many sentences the reference has, cut by the same segmenter as lead-k. */
export function referenceSentenceCount(reference: string): number {
  return Math.max(1, splitSentences(reference, "en").length);
}
