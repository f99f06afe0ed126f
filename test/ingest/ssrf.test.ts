import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isForbiddenAddress, parseAllowList } from "../../src/ingest/address.ts";
import { fetchText } from "../../src/ingest/fetch.ts";
import { ingestSources } from "../../src/ingest/ingest.ts";
import { openStore } from "../../src/store/index.ts";
import { briefbotAsync } from "../cli/run.ts";
import { startWebServer, type WebServer } from "../fakes/web-server.ts";
import { summarizer } from "../helpers.ts";

/** An "internal" service on another loopback address: what a fetcher must never be steered to. */
let internal: Server;
let internalUrl: string;
let web: WebServer;
const ADMIN_PAGE = `<!doctype html><html><head><title>Admin console</title></head><body><article>${"<p>Internal admin page with secrets that must never become news, whatever a feed or a redirect says about it.</p>".repeat(5)}</article></body></html>`;

beforeAll(async () => {
  web = await startWebServer();
  internal = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(ADMIN_PAGE);
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.2", resolve));
  internalUrl = `http://127.0.0.2:${(internal.address() as AddressInfo).port}/admin`;
});
afterAll(async () => {
  await web.close();
  await new Promise((resolve) => internal.close(resolve));
});

/** The public fake (127.0.0.1) may be fetched; nothing else private. */
const onlyTheSite = { timeoutMs: 2_000, allow: parseAllowList("127.0.0.1") };

describe("private addresses are not fetched", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["224.0.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["fd12:3456::1", true],
    ["fe80::1", true],
    ["ff02::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:10.0.0.1", true],
    ["64:ff9b::a00:1", true],
    ["::7f00:1", true],
    ["64:ff9b:1::a00:1", true],
    ["2002:a00:1::1", true],
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
    ["::ffff:8.8.8.8", false],
  ])("%s is private: %s", (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });

  it("refuses a redirect to an internal address, and fetches it when allowed", async () => {
    const via = `${web.url}/redirect-to?url=${encodeURIComponent(internalUrl)}`;
    await expect(fetchText(via, onlyTheSite)).rejects.toThrow(
      /refused: it redirects to http:\/\/127\.0\.0\.2:\d+\/admin, 127\.0\.0\.2 is a private address; see BRIEFBOT_FETCH_ALLOW/,
    );
    const allowed = await fetchText(via, { ...onlyTheSite, allow: parseAllowList("127.0.0.0/8") });
    expect(allowed.body).toContain("Internal admin page");
  });

  it("refuses a name that resolves to loopback, unless the name is allowed", async () => {
    const port = new URL(web.url).port;
    await expect(fetchText(`http://localhost:${port}/articles/en-budget.html`, { timeoutMs: 2_000 })).rejects.toThrow(
      /refused: localhost resolves to a private address \(.*\); see BRIEFBOT_FETCH_ALLOW/,
    );
    const named = await fetchText(`http://localhost:${port}/articles/en-budget.html`, {
      timeoutMs: 2_000,
      allow: parseAllowList("localhost"),
    });
    expect(named.status).toBe(200);
    await expect(fetchText(`${web.url}/articles/en-budget.html`, { timeoutMs: 2_000 })).rejects.toThrow(
      /127\.0\.0\.1 is a private address/,
    );
  });

  it("fails a feed item that links to an internal address, and stores the others", async () => {
    web.setFeed(
      "growing",
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Polderbode</title><link>${web.url}/</link>
        <item><title>Fietsbrug</title><link>${web.url}/articles/nl-item-1.html</link><guid>g1</guid></item>
        <item><title>Admin</title><link>${internalUrl}</link><guid>g2</guid></item>
      </channel></rss>`,
    );
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-ssrf-")) });
    try {
      const summary = await ingestSources([`${web.url}/feeds/growing.rss`], { store, summarizer, fetch: onlyTheSite });
      expect(summary.added).toBe(1);
      const failed = summary.items.find((i) => i.source === internalUrl || i.source === "g2");
      expect(failed).toMatchObject({ outcome: "failed" });
      expect(failed?.reason).toMatch(/127\.0\.0\.2 is a private address/);
      expect(await store.findCards("admin secrets")).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("refuses through the command line without BRIEFBOT_FETCH_ALLOW, naming it, and exits 1", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-ssrf-cli-"));
    const r = await briefbotAsync(["ingest", `${web.url}/articles/en-budget.html`, "--data-dir", data], {
      BRIEFBOT_FETCH_ALLOW: "",
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/refused: 127\.0\.0\.1 is a private address; see BRIEFBOT_FETCH_ALLOW/);
    const bad = await briefbotAsync(["ingest", `${web.url}/x`, "--data-dir", data], {
      BRIEFBOT_FETCH_ALLOW: "10.0.0.0/33",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/BRIEFBOT_FETCH_ALLOW: host names and CIDR ranges/);
  });
});

describe("origins are what was fetched", () => {
  it("stores a feed item that carries its text and links to another site under the feed, not that site", async () => {
    const body = Array.from(
      { length: 12 },
      (_, i) =>
        `<p>Paragraaf ${i + 1}: de gemeente Westerkeer opent een nieuwe fietsbrug over de Keersloot voor scholieren en forenzen.</p>`,
    ).join("");
    web.setFeed(
      "growing",
      `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Polderbode</title><link>${web.url}/</link>
        <item><title>Fietsbrug</title><link>https://nos.example/artikel/1</link><guid>forged-1</guid>
          <content:encoded><![CDATA[${body}]]></content:encoded></item>
      </channel></rss>`,
    );
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-origins-")) });
    try {
      const summary = await ingestSources([`${web.url}/feeds/growing.rss`], { store, summarizer, fetch: onlyTheSite });
      expect(summary.added).toBe(1);
      const card = await store.getCard(summary.items[0]?.articleId as string);
      expect(card?.url).toBeUndefined();
      expect(card?.source).toBe("Polderbode");
      // The site it names keeps its address free: its real article would not be taken for this one.
      expect(await store.idByCanonical("https://nos.example/artikel/1")).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
