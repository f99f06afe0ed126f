import { afterEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { canonicalFile, type Store } from "../../src/store/index.ts";
import { carded, fixtureArticles, readArticleFixture, SEED } from "../helpers.ts";

/**
 * What an engine brings to the console's reads contract: a fresh, empty library on each open,
 * with the clock given. Every store call below is awaited; `console-reads.test.ts` runs the cases
 * on SQLite and on PostgreSQL.
 */
export interface ConsoleReadsDriver {
  engine: string;
  open(now: () => Date): Promise<Store> | Store;
}

/**
 * The web console's reads (`ConsoleReads`): what every engine must answer alike. The preview and
 * "why not?" cases, which need the delivery engine, are in test/delivery/standing.test.ts.
 */
export function consoleReadsContract(driver: ConsoleReadsDriver) {
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  /** The seed and the project's fixture articles, one a minute, one of them from a feed as backlog. */
  async function filled(): Promise<{ store: Store; ids: string[]; feedId: number }> {
    let t = Date.parse("2026-11-01T08:00:00Z");
    const store = await driver.open(() => new Date(t));
    open.push(store);
    const feed = await store.feeds.follow("https://news.example.org/feed.xml");
    const ids: string[] = [];
    for (const path of [SEED, ...fixtureArticles().map((f) => f.path)]) {
      t += 60_000;
      const article = readArticleFixture(path);
      const fromFeed = path.endsWith("nl-haven-automatisering.txt");
      const saved = await store.save(
        carded({
          article,
          origin: path,
          canonical: canonicalFile(path),
          ...(fromFeed ? { feedId: feed.id, backlog: true } : {}),
        }),
      );
      ids.push(saved.articleId);
    }
    return { store, ids, feedId: feed.id };
  }

  describe(`the web console's reads of the library (${driver.engine})`, () => {
    it("lists cards newest first by date, with where each came from, and pages through them", async () => {
      const { store, ids } = await filled();
      const all = await store.consoleReads.cards({ limit: 100 });
      expect(all).toHaveLength(ids.length);
      const dated = all.map((e) => e.datedAt);
      expect(dated).toEqual([...dated].sort().reverse());
      const seed = all.find((e) => e.origin === SEED);
      expect(seed?.card.quotes.length).toBe(5);
      expect(seed).toMatchObject({ backlog: false, feedId: null, addedAt: "2026-11-01T08:01:00.000Z" });
      const page2 = await store.consoleReads.cards({ limit: 3, offset: 3 });
      expect(page2.map((e) => e.card.articleId)).toEqual(all.slice(3, 6).map((e) => e.card.articleId));
    });

    it("filters by language, source, feed and date, and keeps backlog in", async () => {
      const { store, feedId } = await filled();
      const nl = await store.consoleReads.cards({ lang: "nl", limit: 100 });
      expect(nl.length).toBeGreaterThan(1);
      expect(nl.every((e) => e.card.lang === "nl")).toBe(true);
      const fromFeed = await store.consoleReads.cards({ feedId, limit: 100 });
      expect(fromFeed).toHaveLength(1);
      expect(fromFeed[0]?.backlog).toBe(true);
      expect(await store.consoleReads.feedCounts()).toEqual(new Map([[feedId, 1]]));
      const seedDate = await store.consoleReads.cards({
        since: new Date("2022-02-01"),
        until: new Date("2022-03-01"),
        limit: 100,
      });
      expect(seedDate.map((e) => e.origin)).toEqual([SEED]);
    });

    it("gives an article's stored text, from which every quote of its card is cut", async () => {
      const { store, ids } = await filled();
      const stored = await store.consoleReads.article(ids[0] as string);
      expect(stored?.article.paragraphs.length).toBeGreaterThan(3);
      for (const q of stored?.entry.card.quotes ?? []) expect(stored?.article.text).toContain(q.text);
      expect(await store.consoleReads.article("a_nothing")).toBeUndefined();
      const entries = await store.consoleReads.entries(["a_nothing", ids[1] as string, ids[0] as string]);
      expect(entries.map((e) => e.card.articleId)).toEqual([ids[1], ids[0]]);
      expect(entries[1]).toMatchObject({ origin: SEED, backlog: false, feedId: null });
      expect(entries[1]?.revision).toBe(stored?.entry.revision);
    });

    it("searches within the filters, with the same ranking, page by page", async () => {
      const { store } = await filled();
      const reads = store.consoleReads;
      const cards = async (words: string, query: Parameters<typeof reads.search>[1] = {}) =>
        (await reads.search(words, query)).map((e) => e.card);
      expect(await cards("oekraine", { lang: "nl" })).toHaveLength(1);
      expect(await cards("oekraine", { lang: "en" })).toEqual([]);
      expect(await cards("oekraine", { until: new Date("2022-01-01") })).toEqual([]);
      // A word of several articles, and no stop word (PostgreSQL's English search drops "the").
      const said = await cards("said", { limit: 100 });
      expect(said.length).toBeGreaterThan(2);
      // The same ranking as `search` and `/brief`, page by page.
      expect(said).toEqual(await store.findCards("said", { limit: 100 }));
      expect(await cards("said", { limit: 2, offset: 1 })).toEqual(said.slice(1, 3));
      expect(await cards("")).toEqual([]);
      const article = parseArticle("Een kort bericht over Oekraïne en de haven. Meer volgt morgen.", {
        source: "Westerdam Courant",
      });
      await store.save(carded({ article, origin: "test:x" }));
      expect((await cards("oekraine", { source: "courant" })).map((c) => c.source)).toEqual(["Westerdam Courant"]);
      expect((await reads.cards({ source: "COURANT" })).map((e) => e.card.source)).toEqual(["Westerdam Courant"]);
    });
  });
}
