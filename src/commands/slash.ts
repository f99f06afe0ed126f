import { buildBriefing } from "../briefing/compose.ts";
import { checkTimeZone, nextSlot, ScheduleError, timeOfDayCron } from "../briefing/schedule.ts";
import type { Briefing, BriefingCard, Subscription } from "../schemas.ts";
import type { Store } from "../store/index.ts";

/** Where a slash command was typed: the platform, the workspace or guild, and the channel. */
export interface CommandPlace {
  platform: "slack" | "discord";
  /** Slack team id or Discord guild id. */
  workspace: string;
  channel: string;
}

/** What a slash command answers, before a platform renders it. Answers are for the asker only. */
export type CommandAnswer =
  | { kind: "cards"; cards: BriefingCard[]; query?: string }
  | { kind: "briefing"; briefing: Briefing }
  | { kind: "subscribed"; subscription: Subscription; next?: Date }
  | { kind: "unsubscribed"; id: string }
  | { kind: "list"; subscriptions: Subscription[] }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** Cards a `/brief <topic>` answer shows. */
export const CARDS_PER_ANSWER = 3;

/** The subscription id of a channel's morning briefing made by a slash command. */
export function channelSubscriptionId(place: CommandPlace): string {
  return `${place.platform}:${place.workspace}:${place.channel}`;
}

/**
 * The destination string of a channel. A Slack channel carries its workspace (`slack:T…/C…`), so
 * that with several workspaces installed a post finds that workspace's token.
 */
export function channelDestination(place: CommandPlace): string {
  return place.platform === "slack" ? `slack:${place.workspace}/${place.channel}` : `discord:${place.channel}`;
}

/**
 * The `/brief` grammar, the same on every platform: nothing (the latest briefing), a topic (the
 * best matching cards), `subscribe HH:MM Area/City [topic]`, `unsubscribe`, `list`, `help`.
 *
 * @example
 * answerBrief(store, place, "subscribe 07:30 Europe/Amsterdam oekraine", new Date());
 */
export async function answerBrief(store: Store, place: CommandPlace, text: string, now: Date): Promise<CommandAnswer> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = words[0]?.toLowerCase();
  if (verb === "help") return { kind: "help" };
  if (verb === "subscribe") return subscribe(store, place, words.slice(1), now);
  if (verb === "unsubscribe") return unsubscribe(store, place, now);
  if (verb === "list") return list(store, place);
  if (words.length === 0) return latest(store, now);
  return lookup(store, text.trim(), now);
}

/** `/brief` with no words: the briefing of the last 24 hours, else the most recent cards. */
export async function latest(store: Store, now: Date): Promise<CommandAnswer> {
  const since = new Date(now.getTime() - 86_400_000);
  const cards = await store.recentCards({ since, until: now, limit: CARDS_PER_ANSWER });
  const shown = cards.length > 0 ? cards : await store.recentCards({ until: now, limit: CARDS_PER_ANSWER });
  return { kind: "briefing", briefing: buildBriefing({ title: "briefbot", cards: shown, from: since, to: now }) };
}

/** `/brief <topic>`: the best matching cards, by relevance and recency. */
export async function lookup(store: Store, query: string, _now: Date): Promise<CommandAnswer> {
  return { kind: "cards", cards: await store.findCards(query, { limit: CARDS_PER_ANSWER }), query };
}

/** `/briefing subscribe` and `/brief subscribe`: `HH:MM`, an IANA time zone, and an optional topic. */
export async function subscribe(
  store: Store,
  place: CommandPlace,
  args: readonly string[],
  now: Date,
): Promise<CommandAnswer> {
  const [time, timezone, ...topic] = args;
  if (!time || !timezone) {
    return {
      kind: "error",
      message: "Usage: subscribe HH:MM Area/City [topic], for example: subscribe 07:30 Europe/Amsterdam",
    };
  }
  let schedule: string;
  try {
    schedule = timeOfDayCron(time);
    checkTimeZone(timezone);
  } catch (error) {
    if (error instanceof ScheduleError) return { kind: "error", message: error.message };
    throw error;
  }
  const subscription: Subscription = {
    id: channelSubscriptionId(place),
    origin: place.platform,
    schedule,
    timezone,
    maxCards: 5,
    destinations: [channelDestination(place)],
    ...(topic.length > 0 ? { topic: topic.join(" ") } : {}),
  };
  await store.ledger.saveSubscription(subscription, now);
  const next = nextSlot(schedule, timezone, now);
  return { kind: "subscribed", subscription, ...(next ? { next } : {}) };
}

export async function unsubscribe(store: Store, place: CommandPlace, now: Date): Promise<CommandAnswer> {
  const id = channelSubscriptionId(place);
  const existing = (await store.ledger.subscriptions()).find((s) => s.id === id && s.active);
  if (!existing) return { kind: "error", message: "This channel has no briefing to stop." };
  await store.ledger.deactivate(id, now);
  return { kind: "unsubscribed", id };
}

export async function list(store: Store, place: CommandPlace): Promise<CommandAnswer> {
  // A channel's subscriptions name it with its workspace, or (older ones, definitions) without.
  const names = new Set([channelDestination(place), `${place.platform}:${place.channel}`]);
  return {
    kind: "list",
    subscriptions: (await store.ledger.subscriptions()).filter(
      (s) => s.active && s.destinations.some((d) => names.has(d)),
    ),
  };
}

/** Plain words for an answer, in the asker's language where we know it (`nl`, else English). */
export function describeAnswer(answer: CommandAnswer, lang = "en"): string {
  const nl = lang === "nl";
  switch (answer.kind) {
    case "help":
      return nl
        ? "/brief — de laatste briefing · /brief <onderwerp> — kaarten zoeken · /brief subscribe 07:30 Europe/Amsterdam [onderwerp] · /brief unsubscribe · /brief list"
        : "/brief — the latest briefing · /brief <topic> — look cards up · /brief subscribe 07:30 Europe/Amsterdam [topic] · /brief unsubscribe · /brief list";
    case "subscribed": {
      const s = answer.subscription;
      const when = answer.next ? ` Next: ${answer.next.toISOString().replace(".000Z", "Z")}.` : "";
      return `This channel gets a briefing at ${cronTime(s.schedule)} ${s.timezone}${s.topic ? ` about “${s.topic}”` : ""}.${when}`;
    }
    case "unsubscribed":
      return "This channel's briefing is stopped.";
    case "list":
      return answer.subscriptions.length === 0
        ? "No briefings for this channel. Start one with /brief subscribe 07:30 Europe/Amsterdam"
        : answer.subscriptions
            .map((s) => `${s.id}: ${s.schedule} ${s.timezone}${s.topic ? ` · ${s.topic}` : ""}`)
            .join("\n");
    case "error":
      return answer.message;
    case "cards":
      return answer.cards.length === 0 ? `No cards match “${answer.query ?? ""}”.` : `${answer.cards.length} cards`;
    case "briefing":
      return answer.briefing.cards.length === 0 ? "No articles yet." : `${answer.briefing.cards.length} cards`;
  }
}

function cronTime(schedule: string): string {
  const [m, h] = schedule.split(" ");
  return /^\d+$/.test(m ?? "") && /^\d+$/.test(h ?? "") ? `${h?.padStart(2, "0")}:${m?.padStart(2, "0")}` : schedule;
}
