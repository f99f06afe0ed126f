import { z } from "zod";

/** ISO 639-1 code of an article's language; `nl` and `en` are first-class. */
export const LangSchema = z.string().regex(/^[a-z]{2,3}$/, "a lowercase ISO 639 language code");

/**
 * An article as briefbot reads it: plain paragraphs plus whatever metadata its source carried.
 *
 * @example
 * const article = ArticleSchema.parse({ id: "a1", lang: "nl", paragraphs: ["Poetin neemt de tijd."], text: "Poetin neemt de tijd." });
 */
export const ArticleSchema = z.object({
  /** Stable: derived from the canonical URL, else from the normalized text. */
  id: z.string().min(1),
  title: z.string().min(1).optional(),
  url: z.string().url().optional(),
  source: z.string().min(1).optional(),
  /** ISO date, as precise as the source gave it: `2022-02`, `2022-02-19` or a full timestamp. */
  publishedAt: z.string().min(4).optional(),
  lang: LangSchema,
  paragraphs: z.array(z.string().min(1)).min(1),
  /** The paragraphs joined by blank lines: every span a card cites is a span of this text. */
  text: z.string().min(1),
});
export type Article = z.infer<typeof ArticleSchema>;

/** A direct quotation: `text` is a verbatim span of the article, without its quote marks. */
export const QuoteSchema = z.object({
  text: z.string().min(1),
  speaker: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  /** Index of the paragraph the quote opens in. */
  paragraph: z.number().int().nonnegative(),
});
export type Quote = z.infer<typeof QuoteSchema>;

/** A number with what it counts: `150.000` about `Russische militairen rondom Oekraïne`. */
export const FigureSchema = z.object({
  /** Verbatim span of the article, e.g. `150.000`, `60 procent`, `$1.8 million`. */
  value: z.string().min(1),
  /** Verbatim span of the article naming what the value counts. */
  about: z.string(),
  paragraph: z.number().int().nonnegative(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const MIN_POINTS = 3;
export const MAX_POINTS = 5;
export const MAX_HEADLINE_CHARS = 150;
export const MAX_TLDR_CHARS = 280;

/**
 * What the summarizer makes of one article, and what every renderer publishes.
 *
 * @example
 * const card = summarize(parseArticle(readFileSync("briefings/articles/poetin-2022-02.txt", "utf8")));
 * card.quotes[0]; // { text: "de situatie aan de Russische grenzen ieder moment kan ontbranden", speaker: "De woordvoerder van het Kremlin", paragraph: 2 }
 */
export const BriefingCardSchema = z.object({
  articleId: z.string().min(1),
  headline: z.string().min(1).max(MAX_HEADLINE_CHARS),
  tldr: z.string().min(1).max(MAX_TLDR_CHARS),
  /** Sentences of the article in article order; a trimmed one ends in `…`. */
  points: z.array(z.string().min(1)).max(MAX_POINTS),
  quotes: z.array(QuoteSchema),
  figures: z.array(FigureSchema),
  names: z.array(z.string().min(1)),
  lang: LangSchema,
  date: z.string().optional(),
  source: z.string().optional(),
  url: z.string().optional(),
  readingMinutes: z.number().int().positive(),
  /** Version of the summarizer that made the card; a store rebuilds cards when it changes. */
  summarizer: z.string(),
});
export type BriefingCard = z.infer<typeof BriefingCardSchema>;

/** Where a briefing goes: `console`, `console:<name>`, `slack:<channel id>`, `discord:<channel id>`. */
export const DestinationSchema = z
  .string()
  .regex(
    /^(console(:[\w.-]{1,64})?|slack:([A-Z0-9]{2,32}\/)?[A-Z0-9]{2,32}|discord:\d{5,25})$/,
    "a destination is console, console:<name>, slack:<channel id> or discord:<channel id>",
  );
export type DestinationString = z.infer<typeof DestinationSchema>;

export interface Destination {
  platform: "console" | "slack" | "discord";
  /** The channel: a Slack or Discord channel id, or the console's name (`default`). */
  channel: string;
  /** Slack workspace (team id) when the store serves several. */
  workspace?: string;
}

/** Read a destination string. */
export function parseDestination(value: string): Destination {
  const d = DestinationSchema.parse(value);
  if (d === "console") return { platform: "console", channel: "default" };
  const [platform, rest] = d.split(/:(.*)/s) as ["console" | "slack" | "discord", string];
  if (platform === "slack" && rest.includes("/")) {
    const [workspace, channel] = rest.split("/") as [string, string];
    return { platform, channel, workspace };
  }
  return { platform, channel: rest };
}

/** What a morning post or a `/brief` answer carries. */
export const BriefingSchema = z.object({
  title: z.string().min(1),
  cards: z.array(BriefingCardSchema),
  /** Where the briefing looked for news: articles added after `from` and up to `to` (the slot). */
  window: z.object({ from: z.string(), to: z.string() }),
  /** The subscription's topic, when it has one. */
  topic: z.string().optional(),
  /** Articles it carries beyond the cards shown, named as "+N more" (they count as delivered). */
  more: z.number().int().nonnegative().optional(),
  /** The ids of every article it carries, shown first (best first), then the "+N more". */
  articles: z.array(z.string()).optional(),
  /** `card`: one card posted on its own (a "Post to channel" button), rendered as the card alone. */
  kind: z.enum(["briefing", "card"]).optional(),
});
export type Briefing = z.infer<typeof BriefingSchema>;

/** A scheduled briefing: which cards go where, and when (a cron expression in an IANA time zone). */
export const SubscriptionSchema = z.object({
  id: z.string().min(1),
  /** Where it was defined: `definition:<file>`, or the platform whose slash command made it. */
  origin: z.string().min(1),
  schedule: z.string().min(1),
  timezone: z.string().min(1),
  topic: z.string().min(1).optional(),
  maxCards: z
    .number()
    .int()
    .min(1)
    .max(MAX_POINTS * 2),
  destinations: z.array(DestinationSchema).min(1),
  /** How far back a destination's first briefing looks (`24h`, `7d`); 24 hours when absent. */
  firstLookback: z.string().optional(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const DELIVERY_STATUSES = ["claimed", "delivered", "failed", "missed", "empty"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One row of the delivery ledger, as `briefbot deliveries --json` prints it. */
export interface DeliveryRecord {
  subscription: string;
  /** The slot, UTC; for a range of missed or empty slots, the first. */
  slot: string;
  /** The slot in the subscription's time zone, ISO with its offset. */
  slotLocal: string;
  /** For a range of missed or empty slots: the last. */
  until?: string;
  destination: string;
  status: DeliveryStatus;
  messageRef: string | null;
  attempts: number;
  error: string | null;
  /** The articles the delivery carried, shown first. */
  articles: string[];
  /** How many of them were named as "+N more". */
  more: number;
}
