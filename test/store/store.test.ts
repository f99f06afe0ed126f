import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { canonicalFile, canonicalUrl, openStore, type Store } from "../../src/store/index.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { SUMMARIZER_VERSION } from "../../src/summarize/index.ts";
import { ARTICLES, carded, fixtureArticles, readArticleFixture, SEED } from "../helpers.ts";

const open: Store[] = [];
function tempStore(now?: () => Date): { store: Store; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-store-"));
  const store = openStore({ dataDir: dir, now });
  open.push(store);
  return { store, dir };
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe("the SQLite store", () => {
  it("creates one WAL database file at the newest schema", () => {
    const { store } = tempStore();
    const db = new Database(store.file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it("stores an article once: the same text under another name is a duplicate", () => {
    const { store } = tempStore();
    const article = readArticleFixture(SEED);
    expect(store.save(carded({ article, origin: SEED, canonical: canonicalFile(SEED) })).outcome).toBe("added");
    expect(store.save(carded({ article, origin: SEED, canonical: canonicalFile(SEED) }))).toMatchObject({
      outcome: "skipped",
      reason: "unchanged",
    });
    expect(store.save(carded({ article, origin: "copy.txt", canonical: canonicalFile("copy.txt") }))).toMatchObject({
      outcome: "skipped",
      reason: `duplicate of ${article.id} (same text and title)`,
    });
    expect(store.countArticles()).toBe(1);
  });

  it("updates the article kept under a canonical URL when its text changes, keeping its id", () => {
    const { store } = tempStore();
    const url = "https://news.example.org/a/1";
    const first = parseArticle("Het kabinet besluit vandaag. De minister zei dat “het kan”. Er komt geld.", { url });
    const second = parseArticle("Het kabinet besloot gisteren. De minister zei dat “het kan”. Er komt meer geld.", {
      url,
    });
    const a = store.save(carded({ article: first, origin: url, canonical: canonicalUrl(url) }));
    const b = store.save(
      carded({
        article: second,
        origin: `${url}?utm_source=x#top`,
        canonical: canonicalUrl(`${url}?utm_source=x#top`),
      }),
    );
    expect(a.outcome).toBe("added");
    expect(b).toMatchObject({ outcome: "updated", articleId: a.articleId });
    expect(store.getCard(a.articleId)?.points.join(" ")).toContain("meer geld");
    expect(store.countArticles()).toBe(1);
  });

  it("finds cards regardless of case and diacritics, in Dutch and English", () => {
    const { store } = tempStore();
    for (const f of [{ path: SEED }, ...fixtureArticles()]) {
      store.save(carded({ article: readArticleFixture(f.path), origin: f.path, canonical: canonicalFile(f.path) }));
    }
    expect(store.findCards("oekraine")[0]?.names).toContain("Vladimir Poetin");
    expect(store.findCards("OEKRAÏNE")).toHaveLength(1);
    expect(store.findCards("volkov")[0]?.quotes.some((q) => q.speaker === "Denis Volkov")).toBe(true);
    expect(store.findCards("harlow greenway")[0]?.headline).toMatch(/Harlow Foods/);
    expect(store.findCards("haven", { lang: "en" })).toEqual([]);
    expect(store.findCards("haven", { lang: "nl" }).length).toBeGreaterThan(0);
  });

  it("takes any text as a query without breaking: quotes, operators, nothing at all", () => {
    const { store } = tempStore();
    store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
    for (const q of ['"', "NEAR(", "a OR", "*", "poetin AND (", "-", "", "'; DROP TABLE articles; --"]) {
      expect(() => store.findCards(q)).not.toThrow();
    }
    expect(store.countArticles()).toBe(1);
  });

  it("ranks a recent match above an older one of equal relevance", () => {
    const { store } = tempStore();
    const text = (n: number) =>
      `De gemeente Westerdam opent een nieuwe brug. Het gaat om brug nummer ${n}. Iedereen is blij.`;
    store.save(carded({ article: parseArticle(text(1), { publishedAt: "2020-01-01" }), origin: "old" }));
    store.save(
      carded({
        article: parseArticle(text(2), { publishedAt: new Date().toISOString().slice(0, 10) }),
        origin: "new",
      }),
    );
    expect(store.findCards("brug").map((c) => c.date)).toEqual([new Date().toISOString().slice(0, 10), "2020-01-01"]);
    expect(store.findCards("brug", { since: new Date("2021-01-01") })).toHaveLength(1);
  });

  it("leaves backlog out of briefings, and keeps briefings to their window", () => {
    let clock = new Date("2026-11-26T06:00:00Z");
    const { store } = tempStore(() => clock);
    store.save(
      carded({ article: parseArticle("Oud nieuws over de haven. Het is al oud. Niemand kijkt."), origin: "a" }),
    );
    clock = new Date("2026-11-27T06:00:00Z");
    store.save(
      carded({ article: parseArticle("Nieuw nieuws over de haven. Het is vers. Iedereen kijkt."), origin: "b" }),
    );
    store.save(
      carded({
        article: parseArticle("Achterstand uit een feed over de haven. Niet posten. Echt niet."),
        origin: "c",
        backlog: true,
      }),
    );
    const since = new Date("2026-11-26T12:00:00Z");
    expect(store.recentCards({ since }).map((c) => c.tldr)).toEqual(["Nieuw nieuws over de haven."]);
    expect(store.recentCards({ since, topic: "haven" })).toHaveLength(1);
    expect(store.recentCards({ since, topic: "fiets" })).toHaveLength(0);
  });

  it("returns a card an older summarizer made as it is, counts it stale, and takes the new one on ingest", () => {
    const { store } = tempStore();
    const path = join(ARTICLES, "en-solar-bonds.txt");
    const input = carded({ article: readArticleFixture(path), origin: path, canonical: canonicalFile(path) });
    const { articleId } = store.save(input);
    const db = new Database(store.file);
    db.prepare(
      "UPDATE cards SET summarizer = 'extractive-0', card = json_set(card, '$.summarizer', 'extractive-0')",
    ).run();
    db.close();
    // Reading never summarizes and never writes.
    expect(store.getCard(articleId)?.summarizer).toBe("extractive-0");
    expect(store.countCards(SUMMARIZER_VERSION)).toEqual({ cards: 1, stale: 1 });
    expect(store.staleArticles(SUMMARIZER_VERSION, 10).map((a) => a.id)).toEqual([articleId]);
    // The same text again, with a card from today's summarizer: the card is replaced.
    expect(store.save(input)).toMatchObject({ outcome: "updated", reason: "card rebuilt" });
    expect(store.getCard(articleId)?.summarizer).toBe(SUMMARIZER_VERSION);
    expect(store.save(input)).toMatchObject({ outcome: "skipped", reason: "unchanged" });
    expect(store.countCards(SUMMARIZER_VERSION)).toEqual({ cards: 1, stale: 0 });
  });

  it("keeps what it stored across a reopen, and refuses a database from a newer briefbot", () => {
    const { store, dir } = tempStore();
    store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
    store.close();
    open.splice(0);
    const again = openStore({ dataDir: dir });
    expect(again.countArticles()).toBe(1);
    again.close();
    const db = new Database(join(dir, "briefbot.db"));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore({ dataDir: dir })).toThrow(
      /made by a newer briefbot \(schema version \d+, this one knows \d+\)/,
    );
  });
});

describe("two pages that declare one canonical link", () => {
  it("keeps both, under ids of their own", () => {
    const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-ids-")) });
    try {
      const url = "https://news.example.org/";
      const a = parseArticle("Eerste artikel over de haven. Het gaat goed. Meer volgt.", { url });
      const b = parseArticle("Tweede artikel over de brug. Het gaat slecht. Meer volgt.", { url });
      expect(a.id).toBe(b.id);
      const first = store.save(
        carded({
          article: a,
          origin: "https://news.example.org/a",
          canonical: "https://news.example.org/a",
        }),
      );
      const second = store.save(
        carded({
          article: b,
          origin: "https://news.example.org/b",
          canonical: "https://news.example.org/b",
        }),
      );
      expect([first.outcome, second.outcome]).toEqual(["added", "added"]);
      expect(second.articleId).not.toBe(first.articleId);
      expect(store.getCard(second.articleId)?.tldr).toContain("brug");
    } finally {
      store.close();
    }
  });
});
