import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HUGE_BYTES, startWebServer, WEB_FIXTURES, type WebServer } from "./web-server.ts";

/** windows-1252 bytes 0x80-0x9F; written out because Node 20's TextDecoder reads them as Latin-1 (nodejs/node#60888). */
const WINDOWS_1252_C1 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
const decodeWindows1252 = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? WINDOWS_1252_C1[b - 0x80] : String.fromCharCode(b))).join("");

const fixture = (path: string) => readFileSync(join(WEB_FIXTURES, path));

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(() => web.close());

const lastRequest = () => web.requests.at(-1)!;

describe("fake web server", () => {
  it("listens on 127.0.0.1 with an ephemeral port", () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves an article page as UTF-8 HTML and records the request", async () => {
    const res = await fetch(`${web.url}/articles/en-budget.html`, { headers: { "user-agent": "briefbot-test" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain('<meta property="og:title" content="Marrowvale approves $412 million budget');
    expect(lastRequest()).toMatchObject({
      method: "GET",
      path: "/articles/en-budget.html",
      headers: { "user-agent": "briefbot-test" },
      response: { status: 200, outcome: "finished" },
    });
  });

  it("serves the legacy-encoded pages byte for byte, charset in the header or only in the page", async () => {
    const cp1252 = await fetch(`${web.url}/articles/windows-1252.html`);
    expect(cp1252.headers.get("content-type")).toBe("text/html; charset=windows-1252");
    const text = decodeWindows1252(new Uint8Array(await cp1252.arrayBuffer()));
    expect(text).toBe(fixture("sources/windows-1252.utf8.html").toString("utf8"));
    expect(text).toContain("“Iedereen vond ons naïef");
    expect(text).toContain("€ 850.000");

    const latin1 = await fetch(`${web.url}/articles/meta-charset.html`);
    expect(latin1.headers.get("content-type")).toBe("text/html");
    const bytes = Buffer.from(await latin1.arrayBuffer());
    expect(bytes.toString("latin1")).toBe(fixture("sources/meta-charset.utf8.html").toString("utf8"));
    expect(bytes.toString("latin1")).toContain('<meta charset="iso-8859-1">');
  });

  it("follows the redirect chain to the budget article", async () => {
    const res = await fetch(`${web.url}/redirect/3`);
    expect(res.url).toBe(`${web.url}/articles/en-budget.html`);
    expect(res.redirected).toBe(true);
    expect(web.requests.slice(-4).map((r) => [r.path, r.response.status])).toEqual([
      ["/redirect/3", 302],
      ["/redirect/2", 302],
      ["/redirect/1", 302],
      ["/articles/en-budget.html", 200],
    ]);
  });

  it("redirects /redirect-loop to itself", async () => {
    const res = await fetch(`${web.url}/redirect-loop`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/redirect-loop");
  });

  it("answers /status/<code> with that status and a small page, and 404 for anything unknown", async () => {
    const unavailable = await fetch(`${web.url}/status/503`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("1");
    expect(await unavailable.text()).toContain("<h1>503 Service Unavailable</h1>");
    expect((await fetch(`${web.url}/nope`)).status).toBe(404);
    expect((await fetch(`${web.url}/articles/missing.html`)).status).toBe(404);
    expect((await fetch(`${web.url}/feeds/news.atom`)).status).toBe(404);
  });

  it("serves a PDF as application/pdf", async () => {
    const res = await fetch(`${web.url}/pdf`);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fixture("responses/tiny.pdf"));
  });

  it("serves feeds with their own URL in place of {{BASE}}", async () => {
    const res = await fetch(`${web.url}/feeds/news.rss`);
    expect(res.headers.get("content-type")).toBe("application/rss+xml");
    const xml = await res.text();
    expect(xml).toContain(`<link>${web.url}/articles/item-1.html</link>`);
    expect(xml).not.toContain("{{BASE}}");
    const atom = await fetch(`${web.url}/feeds/full.atom`);
    expect(atom.headers.get("content-type")).toBe("application/atom+xml");
  });

  it("answers 304 to a repeated request with the ETag or the Last-Modified date", async () => {
    const first = await fetch(`${web.url}/feeds/dutch.rss`);
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const byEtag = await fetch(`${web.url}/feeds/dutch.rss`, { headers: { "if-none-match": etag } });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe("");
    expect(byEtag.headers.get("etag")).toBe(etag);

    const byDate = await fetch(`${web.url}/feeds/dutch.rss`, { headers: { "if-modified-since": lastModified } });
    expect(byDate.status).toBe(304);

    const staleEtag = await fetch(`${web.url}/feeds/dutch.rss`, {
      headers: { "if-none-match": '"stale"', "if-modified-since": lastModified },
    });
    expect(staleEtag.status).toBe(200);
  });

  it("serves a replaced feed with a new ETag and a later Last-Modified", async () => {
    const before = await fetch(`${web.url}/feeds/growing.rss`);
    const etag = before.headers.get("etag")!;
    const lastModified = before.headers.get("last-modified")!;

    web.setFeed("growing", fixture("feeds/growing-2.rss").toString("utf8"));

    const byEtag = await fetch(`${web.url}/feeds/growing.rss`, { headers: { "if-none-match": etag } });
    expect(byEtag.status).toBe(200);
    expect(byEtag.headers.get("etag")).not.toBe(etag);
    expect(await byEtag.text()).toContain(`<link>${web.url}/articles/en-budget.html</link>`);
    const byDate = await fetch(`${web.url}/feeds/growing.rss`, { headers: { "if-modified-since": lastModified } });
    expect(byDate.status).toBe(200);
    expect(Date.parse(byDate.headers.get("last-modified")!)).toBeGreaterThan(Date.parse(lastModified));
    expect(() => web.setFeed("nope", "<rss/>")).toThrow(/no feed "nope"/);
  });

  it("stalls /slow after its headers until the client's timeout fires", async () => {
    const started = performance.now();
    const read = fetch(`${web.url}/slow`, { signal: AbortSignal.timeout(200) }).then((res) => res.text());
    await expect(read).rejects.toMatchObject({ name: "TimeoutError" });
    expect(performance.now() - started).toBeLessThan(2_000);
    const slow = web.requests.find((r) => r.path === "/slow")!;
    await vi.waitFor(() => expect(slow.response.outcome).toBe("aborted"));
  });

  it("stops streaming /huge when the client aborts", async () => {
    const controller = new AbortController();
    const res = await fetch(`${web.url}/huge`, { signal: controller.signal });
    expect(res.headers.get("content-length")).toBeNull();
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 1024 * 1024) received += (await reader.read()).value!.length;
    controller.abort();

    const huge = web.requests.find((r) => r.path === "/huge")!;
    await vi.waitFor(() => expect(huge.response.outcome).toBe("aborted"));
    const sent = huge.response.bodyBytes;
    expect(sent).toBeLessThan(HUGE_BYTES / 2);
    await fetch(`${web.url}/status/204`);
    expect(huge.response.bodyBytes).toBe(sent);
  });

  it("closes promptly while a /slow response is still open", async () => {
    const other = await startWebServer();
    const res = await fetch(`${other.url}/slow`);
    const body = res.text();
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(500);
    await expect(body).rejects.toThrow();
    await expect(other.close()).resolves.toBeUndefined();
  });
});
