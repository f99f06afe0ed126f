import type { Briefing, Subscription } from "../schemas.ts";
import type { Store } from "../store/store.ts";
import { parseCron, slotsBetween } from "./schedule.ts";
import { localTime } from "./zone.ts";

const DAY_MS = 86_400_000;

/** The slot before `slot` in a subscription's schedule (within 35 days), else a day earlier. */
export function previousSlot(subscription: Pick<Subscription, "schedule" | "timezone">, slot: Date): Date {
  const earlier = slotsBetween(
    parseCron(subscription.schedule),
    subscription.timezone,
    new Date(slot.getTime() - 35 * DAY_MS),
    new Date(slot.getTime() - 1),
  );
  return earlier.at(-1) ?? new Date(slot.getTime() - DAY_MS);
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
  const day = localTime(slot, subscription.timezone);
  const date = `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
  return {
    title: `${subscription.id} · ${date}`,
    cards,
    window: { from: from.toISOString(), to: slot.toISOString() },
    ...(subscription.topic ? { topic: subscription.topic } : {}),
  };
}
