import { BriefbotError } from "../errors.ts";
import type { CommandContext } from "./context.ts";
import { describePlace, type LibraryPlace, openLibrary } from "./library.ts";

/** Articles re-summarized per round; each card is its own write. */
const BATCH = 100;

/** What `briefbot rebuild --json` prints. */
export interface RebuildReport {
  summarizer: string;
  rebuilt: number;
  failed: Array<{ articleId: string; error: string }>;
  cards: number;
}

/**
 * `briefbot rebuild`: make again every card that another summarizer (an older version) made,
 * with the summarizer chosen at the composition root. Exit 1 when any article failed.
 */
export async function runRebuild(
  opts: { json?: boolean } & LibraryPlace,
  ctx: Pick<CommandContext, "stdout" | "summarizer">,
): Promise<number> {
  const summarizer = await ctx.summarizer();
  const report: RebuildReport = { summarizer: summarizer.version, rebuilt: 0, failed: [], cards: 0 };
  const store = await openLibrary(opts);
  try {
    // Every article is tried once: one whose new card still counts as stale (a summarizer that
    // stamps its cards with another name than its version) is a failure, not another round.
    const tried = new Set<string>();
    for (;;) {
      const batch = (await store.staleArticles(summarizer.version, BATCH + tried.size)).filter((a) => !tried.has(a.id));
      if (batch.length === 0) break;
      for (const article of batch) {
        tried.add(article.id);
        try {
          const card = await summarizer.summarize(article);
          if (card.summarizer !== summarizer.version)
            throw new Error(
              `the summarizer stamped its card "${card.summarizer}", not its version "${summarizer.version}"`,
            );
          await store.putCard(article.id, card);
          report.rebuilt++;
        } catch (error) {
          if (!(error instanceof BriefbotError) && !(error instanceof Error)) throw error;
          report.failed.push({ articleId: article.id, error: error.message });
        }
      }
    }
    report.cards = (await store.countCards(summarizer.version)).cards;
  } finally {
    await store.close();
  }
  if (opts.json) ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else
    ctx.stdout(
      `${report.rebuilt} card${report.rebuilt === 1 ? "" : "s"} rebuilt by ${report.summarizer} in ${await describePlace(opts)}${report.failed.length ? `; ${report.failed.length} failed:\n${report.failed.map((f) => `  ✗ ${f.articleId}: ${f.error}`).join("\n")}` : ""}\n`,
    );
  return report.failed.length > 0 ? 1 : 0;
}
