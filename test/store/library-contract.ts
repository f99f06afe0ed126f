import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { canonicalFile, canonicalUrl, type Store } from "../../src/store/index.ts";
import { parseEncryptionKey } from "../../src/store/secrets.ts";
import { SUMMARIZER_VERSION } from "../../src/summarize/index.ts";
import { ARTICLES, carded, fixtureArticles, readArticleFixture, SEED } from "../helpers.ts";
import type { StoreDriver, TestLibrary } from "./drivers.ts";

const STORY = [
  "The ferry between Westerkeer and Little Hensley sailed again on Thursday after four months in dry dock, carrying 212 passengers on its first crossing of the year.",
  "“We have replaced almost everything below the waterline,” said the harbour master, Ingrid Solberg, who watched the ship leave from the north quay on a cold and windy morning.",
  "Islanders had relied on a smaller boat since November, which could not carry cars and was often cancelled in bad weather, so shops on the island ran short of fresh food.",
  "The operator says the timetable will return to six crossings a day from next week, with an extra evening sailing on Fridays during the summer months.",
].join("\n\n");
const LABELS = Array.from({ length: 40 }, (_, i) => `Westerkeer Rovers ${i + 1}`).join("\n\n");
const KEY = "q0sQj3b5a8zH1vN0c2wX4e6r8t0y2u4i6o8p0a2s4d4=";
const OTHER = "a".repeat(64);

/** The seed and every fixture article, saved under their files. */
export async function saveFixtures(store: Store): Promise<void> {
  for (const f of [{ path: SEED }, ...fixtureArticles()])
    await store.save(carded({ article: readArticleFixture(f.path), origin: f.path, canonical: canonicalFile(f.path) }));
}

/**
 * The library half of the store contract: what every engine must do alike with articles, cards,
 * search, feeds, installations and migrations (the unstorage `testDriver` idea, as
 * `test/delivery/publisher-contract.ts` does for publishers).
 */
export function libraryContract(driver: StoreDriver) {
  describe(`the ${driver.engine} store keeps the library contract`, () => {
    let library: TestLibrary;
    const opened: Store[] = [];
    const open = async (options?: Parameters<TestLibrary["open"]>[0]) => {
      const store = await library.open(options);
      opened.push(store);
      return store;
    };
    beforeEach(async () => {
      library = await driver.library();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    const text = (store: Store, body: string, title: string, canonical: string) =>
      store.save(carded({ article: parseArticle(body, { format: "text", title }), origin: canonical, canonical }));

    it("is created at the newest schema, says so, and migrates nothing when opened again", async () => {
      const store = await open();
      expect(store.engine).toBe(driver.engine);
      expect(store.schema).toEqual({ from: 0, to: library.knownVersion });
      const again = await open();
      expect(again.schema).toEqual({ from: library.knownVersion, to: library.knownVersion });
    });

    it("refuses a library from a newer briefbot in one line, changing nothing", async () => {
      await (await open()).save(carded({ article: readArticleFixture(SEED), origin: SEED }));
      await library.bumpSchema();
      const error = await library.open().catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/made by a newer briefbot \(schema version \d+, this one knows \d+\)/);
      expect((error as Error).message).not.toContain("\n");
    });

    it("stores an article once: the same text and title under another name is a duplicate", async () => {
      const store = await open();
      const article = readArticleFixture(SEED);
      const input = carded({ article, origin: SEED, canonical: canonicalFile(SEED) });
      expect((await store.save(input)).outcome).toBe("added");
      expect(await store.save(input)).toMatchObject({ outcome: "skipped", reason: "unchanged" });
      expect(
        await store.save(carded({ article, origin: "copy.txt", canonical: canonicalFile("copy.txt") })),
      ).toMatchObject({ outcome: "skipped", reason: `duplicate of ${article.id} (same text and title)` });
      expect(await store.countArticles()).toBe(1);
      expect(await store.idByCanonical(canonicalFile(SEED))).toBe(article.id);
    });

    it("keeps texts that are no article apart, and the same text from another site", async () => {
      const store = await open();
      expect((await text(store, LABELS, "Rovers win the cup", canonicalFile("a.html"))).outcome).toBe("added");
      expect((await text(store, LABELS, "Rovers lose the final", canonicalFile("b.html"))).outcome).toBe("added");
      const first = await text(store, STORY, "Ferry returns", "https://gazette.example.net/coast/ferry");
      expect(await text(store, STORY, "Ferry back", "https://amp.gazette.example.net/ferry")).toMatchObject({
        outcome: "skipped",
        reason: `duplicate of ${first.articleId} (same text on the same site)`,
      });
      expect((await text(store, STORY, "Island ferry", "https://other.example.org/ferry")).outcome).toBe("added");
      expect(await store.countArticles()).toBe(4);
    });

    it("updates the article under a canonical URL when its text changes, keeping its id", async () => {
      const store = await open();
      const url = "https://news.example.org/a/1";
      const first = parseArticle("Het kabinet besluit vandaag. De minister zei dat “het kan”. Er komt geld.", { url });
      const second = parseArticle("Het kabinet besloot gisteren. De minister zei dat “het kan”. Er komt meer geld.", {
        url,
      });
      const a = await store.save(carded({ article: first, origin: url, canonical: canonicalUrl(url) }));
      const b = await store.save(
        carded({ article: second, origin: `${url}?utm_source=x`, canonical: canonicalUrl(`${url}?utm_source=x`) }),
      );
      expect(a.outcome).toBe("added");
      expect(b).toMatchObject({ outcome: "updated", articleId: a.articleId });
      expect((await store.getCard(a.articleId))?.points.join(" ")).toContain("meer geld");
      expect((await store.findCards("besloot")).map((c) => c.articleId)).toEqual([a.articleId]);
      expect(await store.countArticles()).toBe(1);
    });

    it("keeps two pages that declare one canonical link, under ids of their own", async () => {
      const store = await open();
      const url = "https://news.example.org/";
      const a = parseArticle("Eerste artikel over de haven. Het gaat goed. Meer volgt.", { url });
      const b = parseArticle("Tweede artikel over de brug. Het gaat slecht. Meer volgt.", { url });
      const first = await store.save(carded({ article: a, origin: `${url}a`, canonical: `${url}a` }));
      const second = await store.save(carded({ article: b, origin: `${url}b`, canonical: `${url}b` }));
      expect([first.outcome, second.outcome]).toEqual(["added", "added"]);
      expect(second.articleId).not.toBe(first.articleId);
      expect((await store.getCard(second.articleId))?.tldr).toContain("brug");
    });

    it("finds cards whatever the case and accents, in Dutch and English, by prefix, within a language", async () => {
      const store = await open();
      await saveFixtures(store);
      expect((await store.findCards("oekraine"))[0]?.names).toContain("Vladimir Poetin");
      expect(await store.findCards("OEKRAÏNE")).toHaveLength(1);
      expect((await store.findCards("oekr"))[0]?.names).toContain("Vladimir Poetin");
      expect((await store.findCards("volkov"))[0]?.quotes.some((q) => q.speaker === "Denis Volkov")).toBe(true);
      expect((await store.findCards("harlow greenway"))[0]?.headline).toMatch(/Harlow Foods/);
      expect((await store.findCards("harlow green"))[0]?.headline).toMatch(/Harlow Foods/);
      expect(await store.findCards("haven", { lang: "en" })).toEqual([]);
      expect((await store.findCards("haven", { lang: "nl" })).length).toBeGreaterThan(0);
      expect(await store.findCards("haven", { limit: 1 })).toHaveLength(1);
    });

    it("takes any text as a query without breaking", async () => {
      const store = await open();
      await store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
      for (const q of ['"', "NEAR(", "a OR", "*", "poetin AND (", "-", "", "'; DROP TABLE articles; --", "a & !b:*"])
        expect(Array.isArray(await store.findCards(q))).toBe(true);
      expect(await store.countArticles()).toBe(1);
    });

    it("ranks a recent match above an older one of equal relevance, and filters by date inside the query", async () => {
      const store = await open();
      const body = (n: number) =>
        `De gemeente Westerdam opent een nieuwe brug. Het gaat om brug nummer ${n}. Iedereen is blij.`;
      const today = new Date().toISOString().slice(0, 10);
      await store.save(carded({ article: parseArticle(body(1), { publishedAt: "2020-01-01" }), origin: "old" }));
      await store.save(carded({ article: parseArticle(body(2), { publishedAt: today }), origin: "new" }));
      expect((await store.findCards("brug")).map((c) => c.date)).toEqual([today, "2020-01-01"]);
      expect(await store.findCards("brug", { since: new Date("2021-01-01") })).toHaveLength(1);
    });

    it("leaves backlog out of briefings and keeps them to their window, by topic too", async () => {
      let clock = new Date("2026-11-26T06:00:00Z");
      const store = await open({ now: () => clock });
      const add = (body: string, origin: string, backlog = false) =>
        store.save(carded({ article: parseArticle(body), origin, backlog }));
      await add("Oud nieuws over de haven. Het is al oud. Niemand kijkt.", "a");
      clock = new Date("2026-11-27T06:00:00Z");
      await add("Nieuw nieuws over de haven. Het is vers. Iedereen kijkt.", "b");
      await add("Achterstand uit een feed over de haven. Niet posten. Echt niet.", "c", true);
      const since = new Date("2026-11-26T12:00:00Z");
      expect((await store.recentCards({ since })).map((c) => c.tldr)).toEqual(["Nieuw nieuws over de haven."]);
      expect(await store.recentCards({ since, topic: "haven" })).toHaveLength(1);
      expect(await store.recentCards({ since, topic: "fiets" })).toHaveLength(0);
      expect(await store.recentCards({ since, until: new Date("2026-11-27T00:00:00Z") })).toHaveLength(0);
      expect(await store.recentCards({ by: "dated", limit: 5 })).toHaveLength(2);
    });

    it("returns a card an older summarizer made as it is, counts it stale, and replaces it", async () => {
      const store = await open();
      const path = `${ARTICLES}/en-solar-bonds.txt`;
      const input = carded({ article: readArticleFixture(path), origin: path, canonical: canonicalFile(path) });
      const old = { ...input, card: { ...input.card, summarizer: "extractive-0" } };
      const { articleId } = await store.save(old);
      expect((await store.getCard(articleId))?.summarizer).toBe("extractive-0");
      expect(await store.countCards(SUMMARIZER_VERSION)).toEqual({ cards: 1, stale: 1 });
      expect((await store.staleArticles(SUMMARIZER_VERSION, 10)).map((a) => a.id)).toEqual([articleId]);
      expect(await store.save(input)).toMatchObject({ outcome: "updated", reason: "card rebuilt" });
      expect(await store.save(input)).toMatchObject({ outcome: "skipped", reason: "unchanged" });
      expect(await store.countCards(SUMMARIZER_VERSION)).toEqual({ cards: 1, stale: 0 });
      await store.putCard(articleId, { ...input.card, names: ["Zebediah Quux"] });
      expect((await store.findCards("zebediah")).map((c) => c.articleId)).toEqual([articleId]);
      await expect(store.putCard("a_missing", input.card)).rejects.toThrow(/no article a_missing/);
    });

    it("follows feeds, says which are due, records polls and backlog, and forgets them", async () => {
      const clock = new Date("2026-11-27T06:00:00Z");
      const store = await open({ now: () => clock });
      const feed = await store.feeds.follow("https://news.example.org/feed.xml", 600);
      expect(await store.feeds.follow("https://news.example.org/feed.xml")).toEqual(feed);
      expect(feed).toMatchObject({ polledOnce: false, lastPolledAt: null, intervalSeconds: 600 });
      expect((await store.feeds.due(clock)).map((f) => f.url)).toEqual([feed.url]);
      await store.feeds.recordPoll(feed.id, { succeeded: true, title: "News", etag: '"e1"', lastModified: "x" });
      const read = await store.feeds.get(feed.url);
      expect(read).toMatchObject({ title: "News", etag: '"e1"', polledOnce: true, lastError: null });
      expect(await store.feeds.due(clock)).toEqual([]);
      expect(await store.feeds.due(new Date(clock.getTime() + 600_000))).toHaveLength(1);
      await store.feeds.recordPoll(feed.id, { succeeded: false, error: "timed out", etag: '"e2"' });
      expect(await store.feeds.get(feed.url)).toMatchObject({ etag: '"e1"', lastError: "timed out", polledOnce: true });
      await store.feeds.markBacklog(feed.id, ["k1", "k2", "k1"]);
      expect([await store.feeds.isBacklog(feed.id, "k1"), await store.feeds.isBacklog(feed.id, "k3")]).toEqual([
        true,
        false,
      ]);
      expect(await store.feeds.remove(feed.url)).toBe(true);
      expect(await store.feeds.remove(feed.url)).toBe(false);
      expect(await store.feeds.list()).toEqual([]);
    });

    it("seals installations with the key: the token is not at rest, and only that key opens them", async () => {
      const install = { team: { id: "T9" }, bot: { token: "xoxb-secret-token-of-team-9" } };
      const sealed = await open({ encryptionKey: parseEncryptionKey(KEY) });
      await sealed.installations.put("slack", "T:T9", install);
      expect(await sealed.installations.get("slack", "T:T9")).toEqual(install);
      const rows = await library.raw("SELECT data FROM installations");
      expect(String(rows[0]?.data)).not.toContain("xoxb-secret");
      expect(String(rows[0]?.data)).toMatch(/^enc:aes-256-gcm:v1:/);
      const wrong = await open({ encryptionKey: parseEncryptionKey(OTHER) });
      await expect(wrong.installations.get("slack", "T:T9")).rejects.toThrow(/does not open/);
      const none = await open();
      await expect(none.installations.get("slack", "T:T9")).rejects.toThrow(/set BRIEFBOT_ENCRYPTION_KEY/);
      await sealed.installations.delete("slack", "T:T9");
      expect(await sealed.installations.get("slack", "T:T9")).toBeUndefined();
    });
  });
}
