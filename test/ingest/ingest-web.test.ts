import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../../src/errors.ts";
import { parseAllowList } from "../../src/ingest/address.ts";
import { fetchText, HTML_TYPES } from "../../src/ingest/fetch.ts";
import { ingestSources, pollDueFeeds } from "../../src/ingest/ingest.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { BIN, briefbotAsync } from "../cli/run.ts";
import { startWebServer, WEB_FIXTURES, type WebServer } from "../fakes/web-server.ts";
import { summarizer } from "../helpers.ts";

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(() => web.close());

const stores: Store[] = [];
async function tempStore(now?: () => Date): Promise<Store> {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-web-")), now });
  stores.push(store);
  return store;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** The fakes listen on 127.0.0.1: a private address, fetched only because the policy allows it. */
const fast = { timeoutMs: 1_000, maxBytes: 1024 * 1024, maxRedirects: 5, allow: parseAllowList("127.0.0.1") };

describe("fetching a source", () => {
  it("follows redirects up to the limit and names the URL when it gives up", async () => {
    const ok = await fetchText(`${web.url}/redirect/3`, fast);
    expect(ok.url).toBe(`${web.url}/articles/en-budget.html`);
    await expect(fetchText(`${web.url}/redirect/9`, fast)).rejects.toThrow(
      `${web.url}/redirect/9: too many redirects (more than 5)`,
    );
    await expect(fetchText(`${web.url}/redirect-loop`, fast)).rejects.toThrow(/too many redirects/);
  });

  it("reports HTTP errors, timeouts, oversized bodies and wrong content types, naming the source", async () => {
    await expect(fetchText(`${web.url}/status/404`, fast)).rejects.toThrow(`${web.url}/status/404: HTTP 404 Not Found`);
    await expect(fetchText(`${web.url}/status/500`, fast)).rejects.toThrow(/HTTP 500/);
    await expect(fetchText(`${web.url}/slow`, { ...fast, timeoutMs: 300 })).rejects.toThrow(
      `${web.url}/slow: timed out after 0.3 s`,
    );
    await expect(fetchText(`${web.url}/huge`, fast)).rejects.toThrow(/body is over the limit of 1048576 bytes/);
    await expect(fetchText(`${web.url}/pdf`, { ...fast, accept: HTML_TYPES })).rejects.toThrow(
      /unexpected content type application\/pdf/,
    );
    await expect(fetchText("ftp://example.org/x", fast)).rejects.toBeInstanceOf(FetchError);
  });

  it("stops reading a huge body at the cap instead of downloading it", async () => {
    await expect(fetchText(`${web.url}/huge`, fast)).rejects.toThrow(FetchError);
    const huge = web.requests.filter((r) => r.path === "/huge").at(-1);
    await new Promise((r) => setTimeout(r, 100));
    expect(huge?.response.bodyBytes ?? 0).toBeLessThan(20 * 1024 * 1024);
  });

  it("decodes a body by its header charset or its meta charset, € and curly quotes included", async () => {
    const source = (name: string) => readFileSync(join(WEB_FIXTURES, "sources", `${name}.utf8.html`), "utf8");
    const header = await fetchText(`${web.url}/articles/windows-1252.html`, fast);
    expect(header.body).toBe(source("windows-1252"));
    expect(header.body).toMatch(/€/u);
    expect(header.body).toMatch(/[“”]/u);
    const meta = await fetchText(`${web.url}/articles/meta-charset.html`, fast);
    expect(meta.body).toBe(source("meta-charset"));
  });

  it("refuses a body that is not in the charset it declares", async () => {
    const { decodeBody } = await import("../../src/ingest/fetch.ts");
    expect(() => decodeBody("http://x/a", Buffer.from([0x43, 0x61, 0x66, 0xe9]), "text/html; charset=utf-8")).toThrow(
      "http://x/a: body is not valid utf-8 text (wrong charset?)",
    );
    expect(() => decodeBody("http://x/a", Buffer.from("abc"), "text/html; charset=klingon-8")).toThrow(
      "http://x/a: unsupported charset klingon-8",
    );
  });
});

describe("ingesting web pages", () => {
  it("stores a page's article with its metadata, through Readability", async () => {
    const store = await tempStore();
    const summary = await ingestSources([`${web.url}/articles/en-budget.html`, `${web.url}/articles/nl-dijken.html`], {
      store,
      summarizer,
      fetch: fast,
    });
    expect(summary).toMatchObject({ added: 2, failed: 0 });
    const [en] = await store.findCards("budget", { limit: 1 });
    expect(en?.lang).toBe("en");
    expect(en?.source).toBeDefined();
    expect(en?.date).toBeDefined();
    expect(en?.points.join(" ")).not.toMatch(/cookie|subscribe|newsletter/i);
    const nl = (await store.findCards("dijken", { limit: 1 }))[0];
    expect(nl?.lang).toBe("nl");
  });

  it("dedupes a page reached twice, through a redirect and a tracking parameter", async () => {
    const store = await tempStore();
    await ingestSources([`${web.url}/articles/en-budget.html`], { store, summarizer, fetch: fast });
    const again = await ingestSources([`${web.url}/redirect/2`, `${web.url}/articles/en-budget.html?utm_source=x`], {
      store,
      summarizer,
      fetch: fast,
    });
    expect(again).toMatchObject({ added: 0, skipped: 2, failed: 0 });
    expect(await store.countArticles()).toBe(1);
  });

  it("fails a page without an article, a 404 and a timeout with their reasons, storing the rest", async () => {
    const store = await tempStore();
    const summary = await ingestSources(
      [
        `${web.url}/articles/no-article.html`,
        `${web.url}/status/404`,
        `${web.url}/slow`,
        `${web.url}/articles/en-budget.html`,
      ],
      { store, summarizer, fetch: { ...fast, timeoutMs: 300 } },
    );
    expect(summary.added).toBe(1);
    expect(
      summary.items.filter((i) => i.outcome === "failed").map((i) => [i.source.replace(web.url, ""), i.reason]),
    ).toEqual([
      ["/articles/no-article.html", "no article text found on the page"],
      ["/status/404", "HTTP 404 Not Found"],
      ["/slow", "timed out after 0.3 s"],
    ]);
  });
});

describe("ingesting feeds", () => {
  it("stores a new feed's items as backlog, then new items as news", async () => {
    let clock = new Date("2026-11-27T06:00:00Z");
    const store = await tempStore(() => clock);
    const feedUrl = `${web.url}/feeds/growing.rss`;
    const first = await ingestSources([feedUrl], { store, summarizer, fetch: fast });
    expect(first.feeds).toEqual([{ url: feedUrl, status: "read", items: 2, backlog: true }]);
    expect(first.added).toBe(2);
    expect(await store.recentCards({ since: new Date("2026-11-27T00:00:00Z") })).toEqual([]);

    web.setFeed("growing", readFileSync(join(WEB_FIXTURES, "feeds", "growing-2.rss"), "utf8"));
    clock = new Date("2026-11-27T06:20:00Z");
    const second = await pollDueFeeds({ store, summarizer, fetch: fast }, clock);
    expect(second.feeds).toEqual([{ url: feedUrl, status: "read", items: 3, backlog: false }]);
    expect(second).toMatchObject({ added: 1, skipped: 2, failed: 0 });
    expect(await store.recentCards({ since: new Date("2026-11-27T06:10:00Z") })).toHaveLength(1);
  });

  it("reads the whole feed again on the next poll when an item failed for a passing reason (a 503)", async () => {
    let clock = new Date("2026-11-27T06:00:00Z");
    const store = await tempStore(() => clock);
    const feedUrl = `${web.url}/feeds/passing.rss`;
    const first = await ingestSources([feedUrl], { store, summarizer, fetch: fast });
    expect(first).toMatchObject({ added: 1, failed: 1 });
    clock = new Date("2026-11-27T06:20:00Z");
    const asked = web.requests.length;
    await pollDueFeeds({ store, summarizer, fetch: fast }, clock);
    const again = web.requests.slice(asked).find((r) => r.path === "/feeds/passing.rss");
    // No validators went with it, so the feed came whole and the failed item was tried again.
    expect(again?.headers["if-none-match"]).toBeUndefined();
    expect(again?.response.status).toBe(200);
    expect(web.requests.slice(asked).some((r) => r.path === "/status/503")).toBe(true);
  });

  it("keeps an item of the first read as backlog when its page only loads on a later poll", async () => {
    let clock = new Date("2026-11-27T06:00:00Z");
    const store = await tempStore(() => clock);
    const feedUrl = `${web.url}/feeds/dutch.rss`;
    // The first read: the feed itself loads, every item page is over a tiny size cap.
    const first = await ingestSources([feedUrl], { store, summarizer, fetch: { ...fast, maxBytes: 2200 } });
    expect(first.failed).toBeGreaterThan(0);
    expect(first.feeds[0]).toMatchObject({ status: "read", backlog: true });
    // Later the pages load; the feed has not changed, so ask without the conditional headers.
    clock = new Date("2026-11-27T06:20:00Z");
    const feed = await store.feeds.get(feedUrl);
    if (feed) await store.feeds.recordPoll(feed.id, { succeeded: true, etag: null, lastModified: null });
    clock = new Date("2026-11-27T06:40:00Z");
    const later = await pollDueFeeds({ store, summarizer, fetch: fast }, clock);
    expect(later.added).toBe(first.failed);
    expect(await store.recentCards({ since: new Date("2026-11-27T00:00:00Z") })).toEqual([]);
  });

  it("asks again with ETag and If-Modified-Since, and a 304 changes nothing", async () => {
    let clock = new Date("2026-11-27T06:00:00Z");
    const store = await tempStore(() => clock);
    const feedUrl = `${web.url}/feeds/news.rss`;
    await ingestSources([feedUrl], { store, summarizer, fetch: fast });
    const count = await store.countArticles();
    clock = new Date("2026-11-27T07:00:00Z");
    const again = await pollDueFeeds({ store, summarizer, fetch: fast }, clock);
    expect(again.feeds).toEqual([{ url: feedUrl, status: "not-modified", items: 0, backlog: false }]);
    const conditional = web.requests.filter((r) => r.path === "/feeds/news.rss").at(-1);
    expect(conditional?.headers["if-none-match"]).toBeDefined();
    expect(conditional?.headers["if-modified-since"]).toBeDefined();
    expect(conditional?.response.status).toBe(304);
    expect(await store.countArticles()).toBe(count);
  });

  it("polls a feed only when its interval has passed", async () => {
    let clock = new Date("2026-11-27T06:00:00Z");
    const store = await tempStore(() => clock);
    await ingestSources([`${web.url}/feeds/dutch.rss`], { store, summarizer, fetch: fast });
    clock = new Date("2026-11-27T06:05:00Z");
    expect((await pollDueFeeds({ store, summarizer, fetch: fast }, clock)).feeds).toEqual([]);
    clock = new Date("2026-11-27T06:16:00Z");
    expect((await pollDueFeeds({ store, summarizer, fetch: fast }, clock)).feeds).toHaveLength(1);
  });

  it("uses an item's own content when the feed carries the whole article", async () => {
    const store = await tempStore();
    const before = web.requests.length;
    const summary = await ingestSources([`${web.url}/feeds/full.atom`], { store, summarizer, fetch: fast });
    expect(summary).toMatchObject({ added: 3, failed: 0 });
    expect(web.requests.slice(before).map((r) => r.path)).toEqual(["/feeds/full.atom"]);
  });

  it("reports invalid XML and an empty feed clearly", async () => {
    const store = await tempStore();
    const summary = await ingestSources([`${web.url}/feeds/broken.xml`, `${web.url}/feeds/empty.rss`], {
      store,
      summarizer,
      fetch: fast,
    });
    expect(summary.failed).toBe(1);
    expect(summary.items[0]?.reason).toMatch(/not a valid RSS or Atom feed/);
    expect(summary.feeds.map((f) => f.status)).toEqual(["failed", "read"]);
  });
});

describe("a feed read's deadline", () => {
  it("leaves the items it did not reach for the next poll, which reads them", async () => {
    const store = await tempStore();
    const items = (links: string[]) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Traag</title><link>${web.url}/</link>${links
        .map((l, i) => `<item><title>Bericht ${i + 1}</title><link>${l}</link><guid>slow-${i + 1}</guid></item>`)
        .join("")}</channel></rss>`;
    const slow = Array.from({ length: 6 }, (_, i) => `${web.url}/slow?item=${i + 1}`);
    web.setFeed("growing", items(slow));
    const first = await ingestSources([`${web.url}/feeds/growing.rss`], {
      store,
      summarizer,
      fetch: { ...fast, timeoutMs: 400 },
      concurrency: 2,
      feedDeadlineMs: 600,
    });
    expect(first.feeds[0]).toMatchObject({ status: "read", items: 6, left: 2 });
    expect(first.failed).toBe(4);
    // The pages answer now: the next read (no 304: the feed was not read whole) takes every item.
    web.setFeed(
      "growing",
      items(
        ["nl-item-1", "nl-item-2", "nl-item-3", "item-1", "item-2", "item-3"].map(
          (p) => `${web.url}/articles/${p}.html`,
        ),
      ),
    );
    const feed = await store.feeds.get(`${web.url}/feeds/growing.rss`);
    expect(feed?.etag).toBeNull();
    const next = await pollDueFeeds({ store, summarizer, fetch: fast }, new Date(Date.now() + 3_600_000));
    expect(next.feeds[0]).toMatchObject({ status: "read", items: 6 });
    expect(next.feeds[0]?.left).toBeUndefined();
    expect(next.added).toBe(6);
  }, 20_000);
});

describe("briefbot ingest with URLs", () => {
  it("exits 1 when a source fails, 0 when all are stored or skipped, and prints the JSON summary", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-web-cli-"));
    const bad = await briefbotAsync([
      "ingest",
      "--json",
      `${web.url}/feeds/news.rss`,
      `${web.url}/status/500`,
      "--data-dir",
      data,
    ]);
    expect(bad.status).toBe(1);
    const summary = JSON.parse(bad.stdout);
    expect(summary.added).toBe(5);
    expect(summary.items.find((i: { source: string }) => i.source.endsWith("/status/500")).reason).toBe(
      "HTTP 500 Internal Server Error",
    );
    const good = await briefbotAsync(["ingest", "--json", `${web.url}/articles/item-1.html`, "--data-dir", data]);
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ added: 0, skipped: 1 });
  });
});

describe("briefbot feeds", () => {
  it("lists the followed feeds with their last read and error, and removes one, keeping its articles", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-feeds-"));
    const none = await briefbotAsync(["feeds", "--data-dir", data]);
    expect(none.stdout).toMatch(/No feeds are followed: there is no library/);
    await briefbotAsync(["ingest", `${web.url}/feeds/dutch.rss`, `${web.url}/feeds/broken.xml`, "--data-dir", data]);
    const listed = JSON.parse((await briefbotAsync(["feeds", "--json", "--data-dir", data])).stdout);
    expect(listed.map((f: { url: string }) => f.url)).toEqual([
      `${web.url}/feeds/dutch.rss`,
      `${web.url}/feeds/broken.xml`,
    ]);
    expect(Date.parse(listed[0].lastRead)).toBeGreaterThan(Date.now() - 60_000);
    expect(listed[0].error).toBeUndefined();
    expect(listed[1].error).toMatch(/not a valid RSS or Atom feed/);
    const text = (await briefbotAsync(["feeds", "list", "--data-dir", data])).stdout;
    expect(text).toContain(`${web.url}/feeds/dutch.rss`);
    // A feed's own words (its title) reach the terminal inert: no escape sequences.
    await briefbotAsync(["ingest", `${web.url}/feeds/hostile-title.rss`, "--data-dir", data]);
    const hostile = JSON.parse((await briefbotAsync(["feeds", "--json", "--data-dir", data])).stdout);
    expect(hostile.find((f: { url: string }) => f.url.endsWith("hostile-title.rss"))?.title).toContain("\u001b");
    for (const command of [["feeds"], ["status"]]) {
      const shown = (await briefbotAsync([...command, "--data-dir", data])).stdout;
      expect(shown).toContain("hostile-title.rss");
      expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
    const removed = await briefbotAsync(["feeds", "remove", `${web.url}/feeds/dutch.rss`, "--data-dir", data]);
    expect(removed.status).toBe(0);
    const left = JSON.parse((await briefbotAsync(["feeds", "--json", "--data-dir", data])).stdout);
    expect(left.map((f: { url: string }) => f.url)).toEqual([
      `${web.url}/feeds/broken.xml`,
      `${web.url}/feeds/hostile-title.rss`,
    ]);
    const status = JSON.parse((await briefbotAsync(["status", "--json", "--data-dir", data])).stdout);
    expect(status.library.articles).toBeGreaterThan(0);
    const again = await briefbotAsync(["feeds", "remove", `${web.url}/feeds/dutch.rss`, "--data-dir", data]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/is not a followed feed/);
  });
});

describe("briefbot poll --watch", () => {
  it("polls until SIGTERM, then exits 0", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-poll-"));
    expect((await briefbotAsync(["ingest", `${web.url}/feeds/dutch.rss`, "--data-dir", data])).status).toBe(0);
    const child = spawn(process.execPath, [BIN, "poll", "--watch", "--json", "--data-dir", data]);
    let out = "";
    const firstRound = new Promise<void>((resolve) =>
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    await firstRound;
    // The feed was read moments ago: the first round finds nothing due.
    expect(JSON.parse(out.split("\n")[0] as string)).toMatchObject({ added: 0, failed: 0, feeds: [] });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("a feed with a broken item link", () => {
  it("fails that item with its reason and stores the others", async () => {
    const store = await tempStore();
    const base = readFileSync(join(WEB_FIXTURES, "feeds", "growing-2.rss"), "utf8");
    web.setFeed("growing", base.replace("{{BASE}}/articles/item-4.html", "http://exa mple.com/a"));
    try {
      const summary = await ingestSources([`${web.url}/feeds/growing.rss`], { store, summarizer, fetch: fast });
      expect(summary.items.filter((i) => i.outcome === "failed").map((i) => i.reason)).toEqual([
        "the item's link is not a valid URL",
      ]);
      expect(summary.added).toBe(2);
      expect(summary.feeds[0]?.status).toBe("read");
    } finally {
      web.setFeed("growing", readFileSync(join(WEB_FIXTURES, "feeds", "growing.rss"), "utf8"));
    }
  });
});
