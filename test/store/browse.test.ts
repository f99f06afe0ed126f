import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { canonicalFile, openStore, type Store } from "../../src/store/index.ts";
import { carded, fixtureArticles, readArticleFixture, SEED } from "../helpers.ts";

const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** The seed and the project's fixture articles, one a minute, one of them from a feed as backlog. */
function filled(): { store: Store; ids: string[]; feedId: number } {
  let t = Date.parse("2026-11-01T08:00:00Z");
  const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-browse-")), now: () => new Date(t) });
  open.push(store);
  const feed = store.feeds.follow("https://news.example.org/feed.xml");
  const ids: string[] = [];
  for (const path of [SEED, ...fixtureArticles().map((f) => f.path)]) {
    t += 60_000;
    const article = readArticleFixture(path);
    const fromFeed = path.endsWith("nl-haven-automatisering.txt");
    const saved = store.save(
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

describe("browsing the library", () => {
  it("lists cards newest first by date, with where each came from, and pages through them", () => {
    const { store, ids } = filled();
    const all = store.browse.cards({ limit: 100 });
    expect(all).toHaveLength(ids.length);
    const dated = all.map((e) => e.datedAt);
    expect(dated).toEqual([...dated].sort().reverse());
    const seed = all.find((e) => e.origin === SEED);
    expect(seed?.card.quotes.length).toBe(5);
    expect(seed).toMatchObject({ backlog: false, feedId: null, addedAt: "2026-11-01T08:01:00.000Z" });
    const page2 = store.browse.cards({ limit: 3, offset: 3 });
    expect(page2.map((e) => e.card.articleId)).toEqual(all.slice(3, 6).map((e) => e.card.articleId));
  });

  it("filters by language, source, feed and date, and keeps backlog in", () => {
    const { store, feedId } = filled();
    const nl = store.browse.cards({ lang: "nl", limit: 100 });
    expect(nl.length).toBeGreaterThan(1);
    expect(nl.every((e) => e.card.lang === "nl")).toBe(true);
    const fromFeed = store.browse.cards({ feedId, limit: 100 });
    expect(fromFeed).toHaveLength(1);
    expect(fromFeed[0]?.backlog).toBe(true);
    expect(store.browse.feedCounts()).toEqual(new Map([[feedId, 1]]));
    const seedDate = store.browse.cards({ since: new Date("2022-02-01"), until: new Date("2022-03-01"), limit: 100 });
    expect(seedDate.map((e) => e.origin)).toEqual([SEED]);
  });

  it("gives an article's stored text, from which every quote of its card is cut", () => {
    const { store, ids } = filled();
    const stored = store.browse.article(ids[0] as string);
    expect(stored?.article.paragraphs.length).toBeGreaterThan(3);
    for (const q of stored?.entry.card.quotes ?? []) expect(stored?.article.text).toContain(q.text);
    expect(store.browse.article("a_nothing")).toBeUndefined();
    expect(
      store.browse.entries(["a_nothing", ids[1] as string, ids[0] as string]).map((e) => e.card.articleId),
    ).toEqual([ids[1], ids[0]]);
    const origins = store.browse.provenance(["a_nothing", ids[0] as string]);
    expect([...origins.keys()]).toEqual([ids[0]]);
    expect(origins.get(ids[0] as string)).toMatchObject({ origin: SEED, backlog: false, feedId: null });
    expect(origins.get(ids[0] as string)?.revision).toBe(stored?.entry.revision);
  });

  it("searches within the filters, with the same ranking, page by page", () => {
    const { store } = filled();
    expect(store.findCards("oekraine", { lang: "nl" }).map((c) => c.headline)).toHaveLength(1);
    expect(store.findCards("oekraine", { lang: "en" })).toEqual([]);
    expect(store.findCards("oekraine", { until: new Date("2022-01-01") })).toEqual([]);
    const the = store.findCards("the", { limit: 100 });
    expect(the.length).toBeGreaterThan(2);
    expect(store.findCards("the", { limit: 2, offset: 1 })).toEqual(the.slice(1, 3));
    const article = parseArticle("Een kort bericht over Oekraïne en de haven. Meer volgt morgen.", {
      source: "Westerdam Courant",
    });
    store.save(carded({ article, origin: "test:x" }));
    expect(store.findCards("oekraine", { source: "courant" }).map((c) => c.source)).toEqual(["Westerdam Courant"]);
    expect(store.browse.cards({ source: "COURANT" }).map((e) => e.card.source)).toEqual(["Westerdam Courant"]);
  });
});
