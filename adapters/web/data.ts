import type { Briefing, BriefingCard, DeliveryStatus } from "../../src/schemas.ts";

/**
 * Everything the web console reads, behind one asynchronous port: the pages know these shapes and
 * nothing of the store's. `createStoreData` (`store-data.ts`) implements it over the library,
 * awaiting every read: the store port's, and the console's own (`ConsoleReads`, src/store/console-reads.ts).
 */
export interface ConsoleData {
  /** Cards newest first, or ranked as `/brief` and `search` rank them when there is a query. */
  library(query: LibraryQuery): Promise<LibraryPage>;
  /** One article: its card, where it came from, and its stored text. */
  article(articleId: string): Promise<ArticleView | undefined>;
  /** The followed feeds with what each brought (counted over the library: for the feeds page). */
  feeds(): Promise<FeedView[]>;
  /** The followed feeds by name only (cheap: for the library's filter). */
  feedNames(): Promise<Array<{ id: number; url: string; title?: string }>>;
  /** Every subscription the library serves (inactive ones too), with its next slots. */
  subscriptions(): Promise<SubscriptionView[]>;
  /** What the next slot of a subscription would carry to a destination if it came now. */
  preview(subscriptionId: string, destination: string): Promise<PreviewView | undefined>;
  /** The ledger, newest first. */
  deliveries(filter: DeliveryFilter): Promise<DeliveryPage>;
  /** Why an article did or did not reach each destination of a subscription (all subscriptions without one). */
  whyNot(articleId: string, subscriptionId?: string): Promise<WhyNotView[]>;
  /** What is wrong with the briefing definitions, if anything. */
  problems(): Promise<string[]>;
}

export interface LibraryQuery {
  /** Search words; none browses. */
  q?: string;
  lang?: string;
  /** Part of the source's name. */
  source?: string;
  feedId?: number;
  /** Dated (published, else added) at or after… */
  since?: Date;
  /** …and before. */
  until?: Date;
  /** 0-based. */
  page: number;
  perPage: number;
}

export interface CardEntry {
  card: BriefingCard;
  addedAt: string;
  datedAt: string;
  backlog: boolean;
  /** The feed that brought it, if one did. */
  feed?: { id: number; url: string; title?: string };
  origin: string;
  /** Changes whenever the card may have: what a drawn card is remembered by. */
  revision: string;
}

export interface LibraryPage {
  entries: CardEntry[];
  hasMore: boolean;
  /** Articles in the library. */
  articles: number;
}

export interface ArticleView {
  entry: CardEntry;
  title?: string;
  url?: string;
  paragraphs: string[];
}

export interface FeedView {
  id: number;
  url: string;
  title?: string;
  intervalSeconds: number;
  lastReadAt?: string;
  /** When the next poll may read it: at once when it was never read. */
  nextReadAt?: string;
  error?: string;
  /** Articles stored from it. */
  items: number;
  /** Read once: its items are news from then on (before, they are backlog). */
  polledOnce: boolean;
}

export interface SubscriptionView {
  id: string;
  origin: string;
  active: boolean;
  schedule: string;
  timezone: string;
  topic?: string;
  maxCards: number;
  destinations: string[];
  firstLookback: string;
  /** The next slots after now (a few). */
  next: string[];
  /** The last slot at or before now. */
  previous?: string;
}

export interface PreviewView {
  subscription: SubscriptionView;
  destination: string;
  /** The slot it previews; absent when the schedule never comes again (then: as of now). */
  slot?: string;
  /** Articles added after this, up to the slot, were looked at. */
  from: string;
  /** The briefing as it would be posted now (cards shown, "+N more"). */
  briefing: Briefing;
  /** The articles beyond the cards shown. */
  more: Array<{ id: string; headline?: string }>;
}

export interface DeliveryFilter {
  subscription?: string;
  destination?: string;
  status?: DeliveryStatus;
  page: number;
  perPage: number;
}

export interface DeliveryView {
  subscription: string;
  slot: string;
  until?: string;
  /** The subscription's zone, for showing the slot on its own clock. */
  timezone: string;
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  messageRef: string | null;
  error: string | null;
  /** What the status means for the articles, and what to do about an error. */
  hint?: string;
  /** The articles it carried, shown first; `shown` false for those named as "+N more". */
  articles: Array<{ id: string; headline?: string; shown: boolean }>;
  more: number;
}

export interface DeliveryPage {
  rows: DeliveryView[];
  hasMore: boolean;
  subscriptions: string[];
}

export interface WhyNotView {
  subscription: string;
  destination: string;
  /** `delivered`, `backlog`, `off-topic`, … (`src/briefing/why-not.ts`). */
  kind: string;
  text: string;
}
