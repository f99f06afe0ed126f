import { createHash } from "node:crypto";

/**
 * The subscription id of posts made from a card's button. No subscription can have it: a
 * definition's name has no ':', and a channel's subscription starts with its platform.
 */
export const POST_SUBSCRIPTION = "button:post";

/** The stable key of a delivery: 24 characters, fits a Discord nonce (25). */
export function deliveryKey(subscription: string, slot: string, destination: string): string {
  return createHash("sha256")
    .update(`${subscription}\u0000${slot}\u0000${destination}`)
    .digest("base64url")
    .slice(0, 24);
}

/** Deliveries that hold their articles: a failed one gives them back for the next slot. */
export const HOLDING_STATUSES = ["claimed", "delivered"] as const;
