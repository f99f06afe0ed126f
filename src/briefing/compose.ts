import type { Briefing, BriefingCard, Subscription } from "../schemas.ts";
import type { Store } from "../store/index.ts";
import type { Carried } from "../store/port.ts";
import { localDate } from "./clock.ts";
import { parseSpan } from "./span.ts";

/** A destination's first briefing looks back this far unless its definition says otherwise. */
export const DEFAULT_FIRST_LOOKBACK = "24h";

/** How far a subscription's first briefing to a destination looks back, in ms. */
export function firstLookbackMs(subscription: Pick<Subscription, "firstLookback">): number {
  return parseSpan(subscription.firstLookback ?? DEFAULT_FIRST_LOOKBACK) ?? 86_400_000;
}

/**
 * A briefing: the one shape a scheduled post, a card posted from a button and a `/brief` answer
 * all carry.
 *
 * @example
 * buildBriefing({ title: "morning · 2026-12-01", cards, from, to });
 */
export function buildBriefing(parts: {
  title: string;
  cards: BriefingCard[];
  from: Date;
  to: Date;
  topic?: string;
  /** Articles carried beyond the cards shown. */
  more?: number;
  articles?: string[];
  kind?: Briefing["kind"];
}): Briefing {
  return {
    title: parts.title,
    cards: parts.cards,
    window: { from: parts.from.toISOString(), to: parts.to.toISOString() },
    ...(parts.topic ? { topic: parts.topic } : {}),
    ...(parts.more ? { more: parts.more } : {}),
    ...(parts.articles ? { articles: parts.articles } : {}),
    ...(parts.kind ? { kind: parts.kind } : {}),
  };
}

/**
 * The briefing of one slot to one destination, from what its delivery carries (chosen when it was
 * claimed, so a retry posts what the first try would have): the cards shown, best first, and the
 * rest named as "+N more".
 */
export async function composeBriefing(
  store: Pick<Store, "getCard">,
  subscription: Subscription,
  slot: Date,
  carried: Carried,
): Promise<Briefing> {
  const cards = (await Promise.all(carried.shown.map((id) => store.getCard(id)))).filter(
    (c): c is BriefingCard => c !== undefined,
  );
  return buildBriefing({
    title: `${subscription.id} · ${localDate(slot, subscription.timezone)}`,
    cards,
    from: new Date(carried.from),
    to: slot,
    topic: subscription.topic,
    more: carried.more.length,
    articles: [...carried.shown, ...carried.more],
  });
}
