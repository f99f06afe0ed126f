import type { Article, BriefingCard, DeliveryStatus, Subscription } from "../schemas.ts";
import type { ConsoleReads } from "./console-reads.ts";

/**
 * The store port: everything the library, the delivery ledger, subscriptions, feeds and platform
 * installations do, behind one interface with two implementations: SQLite (`sqlite/`, the
 * embedded default, one file on one machine) and PostgreSQL (`postgres/`, shared by several
 * `serve` replicas). Every method returns a Promise, since PostgreSQL answers over the network.
 * `test/store/store-contract.ts` holds both to the same cases.
 */

/** Which engine holds the library. */
export type StoreEngine = "sqlite" | "postgres";

export type SaveOutcome = "added" | "updated" | "skipped";

export interface SaveInput {
  article: Article;
  /** Where the article came from: a file path, a page URL, a feed URL. */
  origin: string;
  /** The canonical URL (or `file:` URL) that identifies the article across ingests. */
  canonical?: string;
  feedId?: number;
  /** Stored but never posted: the first run of a new feed. */
  backlog?: boolean;
  /** The article's card: the store keeps cards, it never makes them (see `Summarizer`). */
  card: BriefingCard;
}

export interface SaveResult {
  outcome: SaveOutcome;
  articleId: string;
  /** Why an article was skipped (`unchanged`, `duplicate of a_… (same text and title)`…) or updated (`card rebuilt`). */
  reason?: string;
}

export interface CardQuery {
  /** Only articles dated (published, else added) at or after this moment. */
  since?: Date;
  limit?: number;
  lang?: string;
}

export interface BriefingQuery {
  /** Only articles added to the library after this moment (exclusive, so consecutive windows never share one)… */
  since?: Date;
  /** …and at or before this one. */
  until?: Date;
  topic?: string;
  limit?: number;
  /** Which date `since` and `until` bound: when the article was added (the default), or its date (published, else added). */
  by?: "added" | "dated";
}

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  intervalSeconds: number;
  lastPolledAt: string | null;
  lastError: string | null;
  /** The feed has been read once: its items from then on are news, not backlog. */
  polledOnce: boolean;
}

export interface PollRecord {
  title?: string;
  etag?: string | null;
  lastModified?: string | null;
  error?: string | null;
  /** A successful read: the next items are news. */
  succeeded: boolean;
}

/** The feeds a library follows, with what conditional requests and polling need. */
export interface FeedTable {
  /** Follow a feed (or find it when followed already). */
  follow(url: string, intervalSeconds?: number): Promise<FeedRow>;
  get(url: string): Promise<FeedRow | undefined>;
  list(): Promise<FeedRow[]>;
  /** Feeds whose interval has passed since their last poll, as of `at`. */
  due(at: Date): Promise<FeedRow[]>;
  recordPoll(id: number, record: PollRecord): Promise<void>;
  /** Remember the items a feed listed on its first read: they stay backlog whenever they are stored. */
  markBacklog(id: number, keys: readonly string[]): Promise<void>;
  isBacklog(id: number, key: string): Promise<boolean>;
  /** Stop following a feed; its stored articles stay. False when it was not followed. */
  remove(url: string): Promise<boolean>;
}

/** A platform's installations (Slack workspaces installed through OAuth), kept as its own JSON, sealed at rest. */
export interface Installations {
  put(platform: string, key: string, data: unknown): Promise<void>;
  get<T>(platform: string, key: string): Promise<T | undefined>;
  delete(platform: string, key: string): Promise<void>;
  /**
   * Checked at start-up: every sealed installation opens with the key given (else one line naming
   * `BRIEFBOT_ENCRYPTION_KEY`), and with a key, installations kept plain before it was set are sealed.
   */
  verify(): Promise<{ sealed: number; resealed: number }>;
}

/** A subscription as stored, with how far its slots have been handled. */
export interface StoredSubscription extends Subscription {
  active: boolean;
  /** Every slot up to this instant has been claimed, delivered or recorded as missed. */
  checkedUntil: string;
  createdAt: string;
  /** When it was last made active: created, or subscribed again after it was unsubscribed. */
  activatedAt?: string;
}

/** The subscriptions a library serves: from definition files and from the platforms' slash commands. */
export interface Subscriptions {
  /** Create or update subscriptions from definitions; those from `origin` not listed are deactivated. */
  syncSubscriptions(origin: string, subscriptions: readonly Subscription[], now: Date): Promise<void>;
  saveSubscription(subscription: Subscription, now: Date): Promise<void>;
  deactivate(id: string, now: Date): Promise<void>;
  subscriptions(): Promise<StoredSubscription[]>;
  subscription(id: string): Promise<StoredSubscription | undefined>;
  setCheckedUntil(id: string, until: Date): Promise<void>;
  /** When a destination of a subscription was first seen: where its first briefing looks back from. */
  firstSeen(subscription: string, destination: string): Promise<string | undefined>;
}

/** A claimed delivery: what the engine needs to post it, or to find it after a crash. */
export interface Claim {
  subscription: string;
  slot: string;
  destination: string;
  /** Short and stable: travels with the message (Slack metadata, Discord nonce) to find it again. */
  key: string;
  attempts: number;
}

export type ClaimResult =
  | { claimed: true; claim: Claim }
  | { claimed: false; status: DeliveryStatus; owner: string | null; leaseUntil: string | null };

/** What a delivery carries: the articles shown (best first), those named as "+N more", and where it looked. */
export interface Carried {
  shown: string[];
  more: string[];
  /**
   * Candidates past `maxCarried` (the least recent, or least relevant to a topic): held by the
   * delivery and counted in the "+N more" (so delivered, as the rest of the more are), not listed.
   */
  beyond?: number;
  /** Articles added after this instant (and up to the slot) were the briefing's candidates. */
  from: string;
}

/** How a briefing's articles are chosen, within the claim's transaction. */
export interface ComposeRules {
  /** A destination's first briefing looks back this far from when the destination was first seen. */
  lookbackMs: number;
  /** Later briefings look back from the last delivered slot by this much (an article stored late is still seen). */
  overlapMs: number;
  /** Articles at most in one briefing, shown and named together; more wait for the next. */
  maxCarried: number;
}

export type BriefingClaim =
  | { kind: "claimed"; claim: Claim; carried: Carried }
  | { kind: "empty"; from: string }
  | { kind: "held"; status: DeliveryStatus; owner: string | null; leaseUntil: string | null };

/** A post made from a button: one per card, channel and `windowMS`, however often it is clicked. */
export type PostClaim =
  | { kind: "claimed"; claim: Claim }
  | { kind: "done"; status: DeliveryStatus; messageRef: string | null; key: string };

/** A ledger row as the ledger keeps it; `deliveries --json` adds the slot in the subscription's zone. */
export interface LedgerRow {
  subscription: string;
  slot: string;
  until?: string;
  destination: string;
  status: DeliveryStatus;
  messageRef: string | null;
  attempts: number;
  error: string | null;
  articles: string[];
  more: number;
}

/** Who claims, and until when their claim holds unless renewed. */
export interface Claimant {
  owner: string;
  leaseUntil: Date;
  now: Date;
}

/**
 * Subscriptions and the delivery ledger: a delivery for (subscription, slot, destination) is
 * claimed before it is posted and settled after, so that retries, restarts and other processes
 * (other replicas) never post a slot twice; it records which articles it carried, so that every
 * article reaches every destination of its subscription once, whatever slots were empty, missed
 * or failed. A claim is owned through a lease: an owner id and an expiry, renewed while posting.
 */
export interface Ledger extends Subscriptions {
  /** Claim a delivery for `owner` until `leaseUntil`; only one claimant ever wins a slot. */
  claim(
    subscription: string,
    slot: Date,
    destination: string,
    owner: string,
    leaseUntil: Date,
    now: Date,
  ): Promise<ClaimResult>;
  /**
   * Claim a slot's delivery and choose what it carries, in one transaction serialized per
   * subscription and destination: the articles added (backlog aside, about the topic) that no
   * delivery of this subscription to this destination carries or is carrying. Nothing to carry:
   * the slot is recorded `empty` (joined to the empty range before it) and nothing is claimed.
   */
  claimBriefing(
    subscription: StoredSubscription,
    slot: Date,
    destination: string,
    claimant: Claimant,
    rules: ComposeRules,
  ): Promise<BriefingClaim>;
  /** What a claimed delivery carries; a claim made before it chose (an old one) chooses now. */
  carried(key: string, subscription: StoredSubscription, rules: ComposeRules): Promise<Carried>;
  /** Claim a card's post to a channel, unless one was posted or is being posted within `windowMs`. */
  claimPost(articleId: string, destination: string, claimant: Claimant, windowMs: number): Promise<PostClaim>;
  /**
   * Take over, for `owner`, a claim still held by `observedOwner` (as `openClaims` showed it) whose
   * lease has run out, or (with `force`) whose owner is known to be dead. Only one taker wins: a
   * claim someone else took meanwhile, or is taking (a locked row), is not taken again.
   */
  takeOver(
    key: string,
    owner: string,
    leaseUntil: Date,
    now: Date,
    force: boolean,
    observedOwner: string | null,
  ): Promise<Claim | undefined>;
  /** Give a claim this owner holds up for any process's next run to take: no owner, its lease ended. */
  release(key: string, owner: string, now: Date): Promise<void>;
  /** Claims not settled, oldest first, with their owners and leases. */
  openClaims(): Promise<Array<Claim & { owner: string | null; leaseUntil: string | null }>>;
  /**
   * Count one more try of a claim `owner` holds, and extend its lease to `leaseUntil` (a heartbeat
   * while retries and rate limits wait). Undefined when `owner` no longer holds it.
   */
  attempt(key: string, owner: string, now: Date, leaseUntil: Date): Promise<number | undefined>;
  /** Extend the leases of the claims `owner` still holds among `keys`; resolves to those still held. */
  renew(keys: readonly string[], owner: string, now: Date, leaseUntil: Date): Promise<string[]>;
  /**
   * Settle a claim `owner` holds: only a delivery still `claimed` by `owner` changes (one another
   * process took over meanwhile is theirs to settle, and a settled one stays as it is). Resolves to
   * whether it did.
   */
  settle(
    key: string,
    owner: string,
    status: Exclude<DeliveryStatus, "claimed">,
    messageRef: string | null,
    error: string | null,
    now: Date,
  ): Promise<boolean>;
  /** Record slots `first` … `last` of a destination as one `missed` or `empty` row. */
  recordRange(
    subscription: string,
    destination: string,
    status: "missed" | "empty",
    first: Date,
    last: Date,
    error: string | null,
    now: Date,
  ): Promise<void>;
  list(filter?: { status?: DeliveryStatus; subscription?: string }): Promise<LedgerRow[]>;
}

/** A named lease as the table holds it. */
export interface LeaseRow {
  name: string;
  owner: string;
  until: string;
}

/**
 * Named leases: who does a thing that must be done by one process at a time (poll a feed, hold a
 * Discord shard's gateway connection, be counted as a live replica). A lease is held until its
 * expiry unless renewed; a holder that dies simply stops renewing.
 */
export interface Leases {
  /**
   * Take or renew `name` for `owner` until `until`: true when it was free, expired at `now`, or
   * already `owner`'s; false when someone else holds it.
   */
  acquire(name: string, owner: string, until: Date, now: Date): Promise<boolean>;
  /** Give `name` up, if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
  /** The leases whose names start with `prefix` and that still run at `now`. */
  live(prefix: string, now: Date): Promise<LeaseRow[]>;
}

/**
 * The library: articles, their cards, full-text search (FTS5, or PostgreSQL's text search),
 * feeds, the ledger, installations and leases. Every write is one transaction; a crash loses at
 * most the article being written.
 *
 * @example
 * const store = await openStore({ dataDir: "./data" });
 * await store.save({ article, origin: "briefings/articles/poetin-2022-02.txt", card });
 * await store.findCards("oekraine", { limit: 5 });
 */
export interface Store {
  readonly engine: StoreEngine;
  /** Where the library is: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Whether a claim's owner is known to be gone without waiting for its lease. SQLite's library
   * lives on one machine, so an owner naming this host and a process that no longer runs is gone;
   * a shared database never knows that, and only leases count.
   */
  isOwnerGone(owner: string | null): boolean;
  save(input: SaveInput): Promise<SaveResult>;
  getCard(articleId: string): Promise<BriefingCard | undefined>;
  findCards(query: string, options?: CardQuery): Promise<BriefingCard[]>;
  recentCards(options?: BriefingQuery): Promise<BriefingCard[]>;
  countArticles(): Promise<number>;
  /** How many articles have a card, and how many of those a summarizer other than `version` made. */
  countCards(version: string): Promise<{ cards: number; stale: number }>;
  /** Up to `limit` articles whose card another summarizer than `version` made (or that have none). */
  staleArticles(version: string, limit: number): Promise<Article[]>;
  /** Replace an article's card (after a rebuild). */
  putCard(articleId: string, card: BriefingCard): Promise<void>;
  /** The id of the article stored under a canonical URL, if any. */
  idByCanonical(canonical: string): Promise<string | undefined>;
  /**
   * What opening the library did to its schema: the version it found (0 for a new library) and
   * the one it is at now. Each engine numbers its own migrations.
   */
  readonly schema: { from: number; to: number };
  readonly feeds: FeedTable;
  readonly ledger: Ledger;
  /** The web console's reads (`console-reads.ts`): browsing, filtered search, previews, "why not?". */
  readonly consoleReads: ConsoleReads;
  readonly installations: Installations;
  readonly leases: Leases;
  close(): Promise<void>;
}
