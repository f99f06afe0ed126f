import type { Briefing, BriefingCard, Subscription } from "../schemas.ts";
import type { Store } from "../store/store.ts";
import { localDate } from "./clock.ts";
import { previousSlotOf } from "./schedule.ts";

const DAY_MS = 86_400_000;

/** The slot before `slot` in a subscription's schedule, else a day earlier. */
export function previousSlot(subscription: Pick<Subscription, "schedule" | "timezone">, slot: Date): Date {
  return previousSlotOf(subscription.schedule, subscription.timezone, slot) ?? new Date(slot.getTime() - DAY_MS);
}

/**
 * A briefing: the one shape a scheduled post and a `/brief` answer both carry.
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
}): Briefing {
  return {
    title: parts.title,
    cards: parts.cards,
    window: { from: parts.from.toISOString(), to: parts.to.toISOString() },
    ...(parts.topic ? { topic: parts.topic } : {}),
  };
}

/**
 * The briefing of one slot: the cards of the articles added since the previous slot (backlog
 * left out), about the subscription's topic if it has one, at most `maxCards`, newest first. The
 * same slot always yields the same briefing, so a retry posts what the first try would have.
 */
export function composeBriefing(store: Store, subscription: Subscription, slot: Date): Briefing {
  const from = previousSlot(subscription, slot);
  const cards = store.recentCards({
    since: from,
    until: slot,
    topic: subscription.topic,
    limit: subscription.maxCards,
  });
  return buildBriefing({
    title: `${subscription.id} · ${localDate(slot, subscription.timezone)}`,
    cards,
    from,
    to: slot,
    topic: subscription.topic,
  });
}
