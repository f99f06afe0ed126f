import { buildBriefing } from "../briefing/compose.ts";
import type { Briefing } from "../schemas.ts";
import { POST_SUBSCRIPTION } from "../store/keys.ts";
import type { Claim, StoredSubscription } from "../store/port.ts";

/** One card posted on its own. */
export function cardBriefing(card: Briefing["cards"][number], at: Date): Briefing {
  return buildBriefing({
    title: card.headline,
    cards: [card],
    from: at,
    to: at,
    kind: "card",
    articles: [card.articleId],
  });
}

/** What a button's post needs of a subscription: nothing to look back over, one card. */
export function postSubscription(claim: Claim): StoredSubscription {
  return {
    id: POST_SUBSCRIPTION,
    origin: POST_SUBSCRIPTION,
    schedule: "* * * * *",
    timezone: "UTC",
    maxCards: 1,
    destinations: [claim.destination],
    active: false,
    checkedUntil: claim.slot,
    createdAt: claim.slot,
  };
}
