import { createHash } from "node:crypto";

/**
 * The subscription id of posts made from a card's button. No subscription can have it: a
 * definition's name has no ':', and a channel's subscription starts with its platform.
 */
export const POST_SUBSCRIPTION = "button:post";

/**
 * The stable key of a delivery: 24 characters, fits a Discord nonce (25). A button post's names
 * its article too: two cards posted to one channel in the same millisecond are two deliveries.
 */
export function deliveryKey(subscription: string, slot: string, destination: string, article?: string): string {
  return createHash("sha256")
    .update(`${subscription}\u0000${slot}\u0000${destination}${article === undefined ? "" : `\u0000${article}`}`)
    .digest("base64url")
    .slice(0, 24);
}

/** Deliveries that hold their articles: a failed one gives them back for the next slot. */
export const HOLDING_STATUSES = ["claimed", "delivered"] as const;
