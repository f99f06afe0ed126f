import type { ArticleStanding, CarryingDelivery } from "../store/console-reads.ts";
import type { StoredSubscription } from "../store/port.ts";
import { describeSlot, isoInZone } from "./clock.ts";

/**
 * Why an article did or did not reach a destination of a subscription, from where the ledger says
 * it stands (`ConsoleReads.standing`, the claim's own rules, read only). Decided in this order: a
 * delivery that holds it (delivered, named as "+N more", being posted), the subscription no longer
 * running, backlog, the topic, then where the next slot's look-back puts it.
 */
export type WhyNot =
  | { kind: "unknown-article" }
  | { kind: "not-a-destination" }
  | { kind: "delivered"; delivery: CarryingDelivery }
  | { kind: "named-more"; delivery: CarryingDelivery }
  | { kind: "posting"; delivery: CarryingDelivery }
  | { kind: "inactive" }
  | { kind: "backlog" }
  | { kind: "off-topic"; topic: string }
  | { kind: "failed"; delivery: CarryingDelivery; next?: Date; shown: boolean }
  | { kind: "after-slot"; addedAt: string; previous: Date; next?: Date; shown: boolean }
  | { kind: "waiting"; addedAt: string; next?: Date; shown: boolean }
  | { kind: "outside-lookback"; addedAt: string; from: string }
  | { kind: "beyond-max"; addedAt: string; maxCarried: number; next?: Date };

export interface WhyNotContext {
  subscription: StoredSubscription;
  destination: string;
  /** The last slot at or before now, if any; the next slot after now, if the schedule comes again. */
  previous?: Date;
  next?: Date;
  maxCarried: number;
}

/** Decide the answer; `standing` undefined means the library has no such article. */
export function explainStanding(standing: ArticleStanding | undefined, ctx: WhyNotContext): WhyNot {
  if (!standing) return { kind: "unknown-article" };
  if (!ctx.subscription.destinations.includes(ctx.destination)) return { kind: "not-a-destination" };
  const holding = standing.deliveries.find((d) => d.status === "delivered" || d.status === "claimed");
  if (holding?.status === "delivered") return { kind: holding.shown ? "delivered" : "named-more", delivery: holding };
  if (holding) return { kind: "posting", delivery: holding };
  if (!ctx.subscription.active) return { kind: "inactive" };
  if (standing.backlog) return { kind: "backlog" };
  if (!standing.onTopic) return { kind: "off-topic", topic: ctx.subscription.topic ?? "" };
  const next = ctx.next ? { next: ctx.next } : {};
  const carried = standing.position !== undefined;
  const shown = carried && (standing.position as number) < ctx.subscription.maxCards;
  const failed = standing.deliveries.find((d) => d.status === "failed" || d.status === "missed");
  if (failed && carried) return { kind: "failed", delivery: failed, shown, ...next };
  if (carried) {
    if (ctx.previous && Date.parse(standing.addedAt) > ctx.previous.getTime())
      return { kind: "after-slot", addedAt: standing.addedAt, previous: ctx.previous, shown, ...next };
    return { kind: "waiting", addedAt: standing.addedAt, shown, ...next };
  }
  if (Date.parse(standing.addedAt) <= Date.parse(standing.from))
    return { kind: "outside-lookback", addedAt: standing.addedAt, from: standing.from };
  return { kind: "beyond-max", addedAt: standing.addedAt, maxCarried: ctx.maxCarried, ...next };
}

/**
 * The answer as one sentence, times in the subscription's zone.
 *
 * @example
 * describeWhyNot({ kind: "backlog" }, ctx, now);
 * // "Backlog: it was listed when its feed was first read, and backlog is stored but never posted."
 */
export function describeWhyNot(answer: WhyNot, ctx: WhyNotContext, now: Date): string {
  const tz = ctx.subscription.timezone;
  const at = (iso: string | Date) => isoInZone(typeof iso === "string" ? new Date(iso) : iso, tz);
  const nextSlot = (d?: Date) =>
    d ? `the next slot (${describeSlot(d, tz, now)})` : "no slot: the schedule never comes again";
  const how = (shown: boolean) =>
    shown ? "as a card" : `named as "+N more" (beyond maxCards ${ctx.subscription.maxCards})`;
  switch (answer.kind) {
    case "unknown-article":
      return "The library holds no article with this id.";
    case "not-a-destination":
      return `${ctx.destination} is not a destination of ${ctx.subscription.id}.`;
    case "delivered":
      return `Delivered as a card in the slot of ${at(answer.delivery.slot)}, posted at ${at(answer.delivery.updatedAt)}${ref(answer.delivery)}.`;
    case "named-more":
      return `Named as "+${answer.delivery.more} more" (beyond maxCards ${ctx.subscription.maxCards}) in the delivery of ${at(answer.delivery.slot)}, posted at ${at(answer.delivery.updatedAt)}${ref(answer.delivery)}; it counts as delivered.`;
    case "posting":
      return `Carried by the delivery of ${at(answer.delivery.slot)}, still being posted (${answer.delivery.key}); no other slot takes it meanwhile.`;
    case "inactive":
      return `${ctx.subscription.id} is no longer active: no slot of it comes.`;
    case "backlog":
      return "Backlog: it was listed when its feed was first read, and backlog is stored but never posted.";
    case "off-topic":
      return `Topic mismatch: it does not match the subscription's topic “${answer.topic}”.`;
    case "failed":
      return `The delivery of ${at(answer.delivery.slot)} carrying it ${answer.delivery.status === "missed" ? "was missed" : "failed"}: ${answer.delivery.error ?? "no reason recorded"}. Its articles were given back: it goes in ${nextSlot(answer.next)}, ${how(answer.shown)}.`;
    case "after-slot":
      return `Added at ${at(answer.addedAt)}, after the slot of ${at(answer.previous)}: it waits for ${nextSlot(answer.next)}, ${how(answer.shown)}.`;
    case "waiting":
      return `Not carried yet: ${nextSlot(answer.next)} carries it, ${how(answer.shown)}.`;
    case "outside-lookback":
      return `Outside the look-back: added at ${at(answer.addedAt)}, before ${at(answer.from)}, where this destination's briefings look back to.`;
    case "beyond-max":
      return `Beyond the ${answer.maxCarried} articles one briefing carries: it waits for a later slot.`;
  }
}

function ref(d: CarryingDelivery): string {
  return d.messageRef ? `, message ${d.messageRef}` : "";
}
