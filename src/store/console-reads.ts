import type { Article, BriefingCard, DeliveryStatus } from "../schemas.ts";
import type { Carried, ComposeRules, LedgerRow, StoredSubscription } from "./port.ts";

/** A stored card with where its article came from and when it was stored. */
export interface LibraryEntry {
  card: BriefingCard;
  /** When the article was stored. */
  addedAt: string;
  /** Its date: published, else added. */
  datedAt: string;
  /** Stored but never posted: listed when its feed was first read. */
  backlog: boolean;
  feedId: number | null;
  /** A file path, a page URL or a feed URL. */
  origin: string;
  /** Changes whenever the card may have: the article's last update and the card's summarizer. */
  revision: string;
}

/** Which cards to browse or search: every filter is optional. */
export interface BrowseQuery {
  lang?: string;
  /** Part of the source's name, any case. */
  source?: string;
  feedId?: number;
  /** Dated (published, else added) at or after this moment… */
  since?: Date;
  /** …and before this one. */
  until?: Date;
  limit?: number;
  offset?: number;
}

/** A delivery that carried one article, as `standing` reports it. */
export interface CarryingDelivery {
  key: string;
  slot: string;
  status: DeliveryStatus;
  /** Shown as a card; false when the article was named as "+N more". */
  shown: boolean;
  /** How many articles the delivery named as "+N more". */
  more: number;
  messageRef: string | null;
  error: string | null;
  /** When the delivery was last written: settled, for all but `claimed`. */
  updatedAt: string;
}

/** Where one article stands for one destination of a subscription, by the rules a claim follows. */
export interface ArticleStanding {
  addedAt: string;
  backlog: boolean;
  /** The article matches the subscription's topic (always true without one). */
  onTopic: boolean;
  /** The deliveries of this subscription to this destination that carried it, newest slot first. */
  deliveries: CarryingDelivery[];
  /** Where the slot's candidates start: articles added after this, up to the slot. */
  from: string;
  /** The article's place among what the slot would carry now (0 = first), if it is there. */
  position?: number;
  /** How many articles the slot would carry now. */
  chosen: number;
}

/** Which ledger rows the console lists, newest slot first. */
export interface DeliveryQuery {
  status?: DeliveryStatus;
  subscription?: string;
  destination?: string;
  limit?: number;
  offset?: number;
}

/**
 * Everything the web console reads from the library that the store port does not already offer:
 * cards with their provenance (backlog included), ranked search with the console's filters, the
 * ledger paged newest first, and what a slot would carry or where an article stands, by the
 * claim's own rule. Nothing here writes. Every method returns a Promise, as a store over the
 * network answers; each engine implements it in one module (`sqlite/console-reads.ts`,
 * `postgres/console-reads.ts`, held to one contract: test/store/console-reads-contract.ts), and
 * the console's pages know only this.
 */
export interface ConsoleReads {
  /** Cards newest first (by date), with the filters of `query`. */
  cards(query?: BrowseQuery): Promise<LibraryEntry[]>;
  /** Cards matching `words`, ranked as `search` and `/brief` rank them (`rank.ts`), with the filters of `query`. */
  search(words: string, query?: BrowseQuery): Promise<LibraryEntry[]>;
  /** The entries of these articles, in the order given; unknown ids are left out. */
  entries(articleIds: readonly string[]): Promise<LibraryEntry[]>;
  /** One article as stored (its paragraphs, the text every card span is cut from), with its entry. */
  article(articleId: string): Promise<{ article: Article; entry: LibraryEntry } | undefined>;
  /** How many stored articles each feed brought, by feed id. */
  feedCounts(): Promise<Map<number, number>>;
  /** The ledger, newest slot first, filtered and paged. */
  deliveries(query?: DeliveryQuery): Promise<LedgerRow[]>;
  /**
   * What a claim of this slot and destination would choose if it ran now, by the claim's own query:
   * read only, nothing claimed or written (the schedule's preview).
   */
  preview(subscription: StoredSubscription, slot: Date, destination: string, rules: ComposeRules): Promise<Carried>;
  /**
   * Where one article stands for a destination of a subscription as of `slot`, by the rules a
   * claim follows: backlog or not, on the topic or not, the deliveries that carried it, the
   * look-back bound, and its place among what the slot would carry now. Undefined for an article
   * the library does not hold.
   */
  standing(
    subscription: StoredSubscription,
    destination: string,
    articleId: string,
    slot: Date,
    rules: ComposeRules,
  ): Promise<ArticleStanding | undefined>;
}
