import { composeBriefing, DEFAULT_FIRST_LOOKBACK, firstLookbackMs } from "../../src/briefing/compose.ts";
import { DEFINITIONS_ORIGIN } from "../../src/briefing/definitions.ts";
import { nextSlot, previousSlotOf } from "../../src/briefing/schedule.ts";
import { describeWhyNot, explainStanding, type WhyNotContext } from "../../src/briefing/why-not.ts";
import { DEFAULT_MAX_CARRIED, OVERLAP_MS } from "../../src/delivery/engine.ts";
import type { DeliveryStatus, Subscription } from "../../src/schemas.ts";
import type { LibraryEntry } from "../../src/store/console-reads.ts";
import type { ComposeRules, Store, StoredSubscription } from "../../src/store/index.ts";
import { POST_SUBSCRIPTION } from "../../src/store/keys.ts";
import type { CardEntry, ConsoleData, DeliveryView, FeedView, SubscriptionView, WhyNotView } from "./data.ts";

export interface StoreDataOptions {
  store: Store;
  now?: () => Date;
  /**
   * The definitions in the briefings folder, shown instead of the definition subscriptions the
   * ledger last stored (for `briefbot console`; `serve` syncs the ledger first and passes none).
   */
  definitions?: readonly Subscription[];
  /** What went wrong loading the definitions. */
  problems?: readonly string[];
  /** The engine's `maxCarried`. */
  maxCarried?: number;
}

/** How many next slots a subscription lists. */
const NEXT_SLOTS = 3;
/** How long the library's article count is reused. */
const COUNT_TTL_MS = 5_000;
/** Articles named per ledger row; the rest are counted. */
const ARTICLES_PER_ROW = 30;

const HINTS: Partial<Record<DeliveryStatus, string>> = {
  failed: "Not posted; its articles were given back, so the next slot carries them.",
  missed: "Not posted in time; its articles wait for the next slot (or went with the slot it names).",
  claimed: "Being posted; if its process stopped, the next run looks it up on the platform before posting again.",
  empty: "Nothing new for this destination; nothing was lost.",
};

/**
 * The web console's data port over the store: the one file that knows the store's shape. Every
 * read is awaited (the store port's, and the console's own in `store.consoleReads`), so a store
 * whose calls return promises fits as it is. Each method returns plain values; nothing here writes.
 */
export function createStoreData(options: StoreDataOptions): ConsoleData {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const maxCarried = options.maxCarried ?? DEFAULT_MAX_CARRIED;
  const rules = (s: StoredSubscription): ComposeRules => ({
    lookbackMs: firstLookbackMs(s),
    overlapMs: OVERLAP_MS,
    maxCarried,
  });

  const reads = store.consoleReads;
  type FeedRows = Awaited<ReturnType<Store["feeds"]["list"]>>;
  const feedsById = async () => new Map((await store.feeds.list()).map((f): [number, FeedRows[number]] => [f.id, f]));
  const entryOf = (e: LibraryEntry, feeds: Map<number, FeedRows[number]>): CardEntry => {
    const feed = e.feedId !== null ? feeds.get(e.feedId) : undefined;
    return {
      card: e.card,
      addedAt: e.addedAt,
      datedAt: e.datedAt,
      backlog: e.backlog,
      origin: e.origin,
      revision: `${e.card.articleId}|${e.revision}`,
      ...(feed ? { feed: { id: feed.id, url: feed.url, ...(feed.title ? { title: feed.title } : {}) } } : {}),
    };
  };

  // Counting a big library is a scan; the page says how many articles it holds as of a few seconds ago.
  let counted = { n: 0, at: Number.NEGATIVE_INFINITY };
  const articleCount = async () => {
    const t = Date.now();
    if (t - counted.at > COUNT_TTL_MS) counted = { n: await store.countArticles(), at: t };
    return counted.n;
  };

  /** The ledger's subscriptions, the folder's definitions over the definition ones when given. */
  const stored = async (): Promise<StoredSubscription[]> => {
    const all = await store.ledger.subscriptions();
    if (!options.definitions) return all;
    const at = now().toISOString();
    const byId = new Map(all.map((s) => [s.id, s]));
    const fromFolder = options.definitions.map(
      (d): StoredSubscription => ({
        ...(byId.get(d.id) ?? { checkedUntil: at, createdAt: at }),
        ...d,
        active: true,
      }),
    );
    const ids = new Set(fromFolder.map((s) => s.id));
    const others = all.filter((s) => s.origin !== DEFINITIONS_ORIGIN && !ids.has(s.id));
    return [...fromFolder, ...others].sort((a, b) => a.id.localeCompare(b.id));
  };

  const slots = (s: StoredSubscription, at: Date) => {
    try {
      const next: Date[] = [];
      for (let t = nextSlot(s.schedule, s.timezone, at); t && next.length < NEXT_SLOTS; ) {
        next.push(t);
        t = nextSlot(s.schedule, s.timezone, t);
      }
      return { next, previous: previousSlotOf(s.schedule, s.timezone, new Date(at.getTime() + 1)) };
    } catch {
      return { next: [] as Date[], previous: undefined };
    }
  };

  const viewOf = (s: StoredSubscription, at: Date): SubscriptionView => {
    const { next, previous } = slots(s, at);
    return {
      id: s.id,
      origin: s.origin,
      active: s.active,
      schedule: s.schedule,
      timezone: s.timezone,
      ...(s.topic ? { topic: s.topic } : {}),
      maxCards: s.maxCards,
      destinations: s.destinations,
      firstLookback: s.firstLookback ?? DEFAULT_FIRST_LOOKBACK,
      next: next.map((d) => d.toISOString()),
      ...(previous ? { previous: previous.toISOString() } : {}),
    };
  };

  return {
    async library(query) {
      const feeds = await feedsById();
      const filters = {
        ...(query.lang ? { lang: query.lang } : {}),
        ...(query.source ? { source: query.source } : {}),
        ...(query.feedId !== undefined ? { feedId: query.feedId } : {}),
        ...(query.since ? { since: query.since } : {}),
        ...(query.until ? { until: query.until } : {}),
        limit: query.perPage + 1,
        offset: query.page * query.perPage,
      };
      const found = query.q?.trim() ? await reads.search(query.q, filters) : await reads.cards(filters);
      return {
        entries: found.slice(0, query.perPage).map((e) => entryOf(e, feeds)),
        hasMore: found.length > query.perPage,
        articles: await articleCount(),
      };
    },

    async article(articleId) {
      const found = await reads.article(articleId);
      if (!found) return undefined;
      const { article, entry } = found;
      return {
        entry: entryOf(entry, await feedsById()),
        paragraphs: article.paragraphs,
        ...(article.title ? { title: article.title } : {}),
        ...(article.url ? { url: article.url } : {}),
      };
    },

    async feedNames() {
      return (await store.feeds.list()).map((f) => ({ id: f.id, url: f.url, ...(f.title ? { title: f.title } : {}) }));
    },

    async feeds() {
      const counts = await reads.feedCounts();
      return (await store.feeds.list()).map(
        (f): FeedView => ({
          id: f.id,
          url: f.url,
          ...(f.title ? { title: f.title } : {}),
          intervalSeconds: f.intervalSeconds,
          ...(f.lastPolledAt
            ? {
                lastReadAt: f.lastPolledAt,
                nextReadAt: new Date(Date.parse(f.lastPolledAt) + f.intervalSeconds * 1000).toISOString(),
              }
            : {}),
          ...(f.lastError ? { error: f.lastError } : {}),
          items: counts.get(f.id) ?? 0,
          polledOnce: f.polledOnce,
        }),
      );
    },

    async subscriptions() {
      const at = now();
      return (await stored()).map((s) => viewOf(s, at));
    },

    async preview(subscriptionId, destination) {
      const s = (await stored()).find((x) => x.id === subscriptionId);
      if (!s?.destinations.includes(destination)) return undefined;
      const at = now();
      const view = viewOf(s, at);
      const slot = view.next[0] ? new Date(view.next[0]) : at;
      const carried = await reads.preview(s, slot, destination, rules(s));
      const headlines = new Map((await reads.entries(carried.more.slice(0, 50))).map((e) => [e.card.articleId, e]));
      return {
        subscription: view,
        destination,
        ...(view.next[0] ? { slot: view.next[0] } : {}),
        from: carried.from,
        briefing: await composeBriefing(store, s, slot, carried),
        more: carried.more.map((id) => ({
          id,
          ...(headlines.has(id) ? { headline: headlines.get(id)?.card.headline } : {}),
        })),
      };
    },

    async deliveries(filter) {
      const zones = new Map((await store.ledger.subscriptions()).map((s) => [s.id, s.timezone]));
      const rows = await reads.deliveries({
        ...(filter.subscription ? { subscription: filter.subscription } : {}),
        ...(filter.destination ? { destination: filter.destination } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        limit: filter.perPage + 1,
        offset: filter.page * filter.perPage,
      });
      const page = rows.slice(0, filter.perPage);
      const ids = [...new Set(page.flatMap((r) => r.articles.slice(0, ARTICLES_PER_ROW)))];
      const headlines = new Map((await reads.entries(ids)).map((e) => [e.card.articleId, e.card.headline]));
      return {
        rows: page.map((r): DeliveryView => {
          const shown = r.articles.length - r.more;
          return {
            subscription: r.subscription,
            slot: r.slot,
            ...(r.until ? { until: r.until } : {}),
            timezone: zones.get(r.subscription) ?? "UTC",
            destination: r.destination,
            status: r.status,
            attempts: r.attempts,
            messageRef: r.messageRef,
            error: r.error,
            ...(HINTS[r.status] ? { hint: HINTS[r.status] } : {}),
            articles: r.articles.slice(0, ARTICLES_PER_ROW).map((id, i) => ({
              id,
              ...(headlines.has(id) ? { headline: headlines.get(id) } : {}),
              shown: i < shown,
            })),
            more: r.more,
          };
        }),
        hasMore: rows.length > filter.perPage,
        subscriptions: [...zones.keys(), POST_SUBSCRIPTION],
      };
    },

    async whyNot(articleId, subscriptionId) {
      const at = now();
      const subs = (await stored()).filter((s) => (subscriptionId ? s.id === subscriptionId : s.active));
      const answers: WhyNotView[] = [];
      for (const s of subs) {
        const { next, previous } = slots(s, at);
        const ctx: WhyNotContext = {
          subscription: s,
          maxCarried,
          destination: "",
          ...(next[0] ? { next: next[0] } : {}),
          ...(previous ? { previous } : {}),
        };
        for (const destination of s.destinations) {
          const standing = await reads.standing(s, destination, articleId, next[0] ?? at, rules(s));
          const answer = explainStanding(standing, { ...ctx, destination });
          answers.push({
            subscription: s.id,
            destination,
            kind: answer.kind,
            text: describeWhyNot(answer, { ...ctx, destination }, at),
          });
        }
      }
      return answers;
    },

    async problems() {
      return [...(options.problems ?? [])];
    },
  };
}
