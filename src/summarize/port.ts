import type { Article, BriefingCard } from "../schemas.ts";
import { SUMMARIZER_VERSION, summarize } from "./index.ts";

/**
 * The port between an article and its card. The extractive summarizer is the default; another
 * (an LLM, say) plugs in at the composition root with the same output schema. The store only keeps
 * the cards a summarizer made; a card whose `summarizer` differs from {@link Summarizer.version}
 * is stale and is rebuilt by `briefbot rebuild` or when its article is ingested again.
 *
 * @example
 * const summarizer = createExtractiveSummarizer();
 * const card = await summarizer.summarize(article);
 * card.summarizer === summarizer.version; // true
 */
export interface Summarizer {
  /** What kind of summarizer this is: `extractive`. */
  readonly name: string;
  /** Changes whenever a card for the same article would come out different; cards carry it. */
  readonly version: string;
  summarize(article: Article): BriefingCard | Promise<BriefingCard>;
}

/** The built-in summarizer: pure, offline and deterministic (`src/summarize/index.ts`). */
export function createExtractiveSummarizer(): Summarizer {
  return { name: "extractive", version: SUMMARIZER_VERSION, summarize: (article) => summarize(article) };
}
