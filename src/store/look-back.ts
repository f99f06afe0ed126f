import type { ComposeRules, StoredSubscription } from "./port.ts";

/**
 * The lower bound of a briefing's candidates for a destination, the same on every engine: the
 * destination's last delivered slot less the overlap, or, before its first delivery, when it was
 * first seen less the first look-back. Never further back than the subscription's last
 * activation less the first look-back: a subscription unsubscribed and subscribed again starts
 * afresh, and what came in while it was off is not news to it.
 */
export function lookBackFrom(
  subscription: StoredSubscription,
  lastDelivered: string | null | undefined,
  firstSeen: string | null | undefined,
  rules: ComposeRules,
): string {
  const activated = Date.parse(subscription.activatedAt ?? subscription.createdAt);
  if (lastDelivered)
    return new Date(Math.max(Date.parse(lastDelivered) - rules.overlapMs, activated - rules.lookbackMs)).toISOString();
  const seen = Date.parse(firstSeen ?? subscription.createdAt);
  return new Date(Math.max(seen, activated) - rules.lookbackMs).toISOString();
}
