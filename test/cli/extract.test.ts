import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArticleSchema } from "../../src/schemas.ts";
import { startWebServer, type WebServer } from "../fakes/web-server.ts";
import { FIXTURES } from "../helpers.ts";
import { briefbot, briefbotAsync } from "./run.ts";

const fixture = (name: string) => join(FIXTURES, "extract", name);

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(() => web.close());

describe("briefbot extract", () => {
  it("prints the article's fields, then its paragraphs", () => {
    const r = briefbot(["extract", fixture("several-articles.html")]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const [head, ...paragraphs] = r.stdout.trimEnd().split("\n\n");
    expect(head?.split("\n")).toEqual([
      expect.stringMatching(/^id: a_[0-9a-f]{20}$/),
      "title: Westerkeer ferry returns after a winter in dry dock",
      "url: https://gazette.example.net/coast/westerkeer-ferry-returns",
      "source: The Kestrel Gazette",
      "publishedAt: 2025-03-14T07:30:00.000Z",
      "lang: en",
      "paragraphs: 4",
    ]);
    expect(paragraphs).toHaveLength(4);
    expect(r.stdout).not.toMatch(/Harbour lights|grandmother/);
  });

  it("prints the Article schema with --json, exactly what brief summarizes", () => {
    const r = briefbot(["extract", "--json", fixture("main-only.html")]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    const article = ArticleSchema.parse(json);
    expect(Object.keys(json).sort()).toEqual(["id", "lang", "paragraphs", "publishedAt", "source", "text", "title"]);
    expect(article.text).toBe(article.paragraphs.join("\n\n"));
    const card = JSON.parse(briefbot(["brief", "--json", fixture("main-only.html")]).stdout);
    expect(card.articleId).toBe(article.id);
  });

  it("reads standard input, as --format says", () => {
    const html = "<p>De veerboot naar Westerkeer vaart weer, meldt de rederij.</p>";
    const r = briefbot(["extract", "--json", "--format", "html", "-"], { input: html });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).paragraphs).toEqual(["De veerboot naar Westerkeer vaart weer, meldt de rederij."]);
    const text = briefbot(["extract", "--format", "text", "-"], { input: "<p>Tags as text.</p>" });
    expect(text.stdout.trimEnd().split("\n").at(-1)).toBe("<p>Tags as text.</p>");
  });

  it("reads a page from the web, at the address it was fetched from when its canonical link names another site", async () => {
    const r = await briefbotAsync(["extract", "--json", `${web.url}/articles/en-budget.html`]);
    expect(r.status).toBe(0);
    const article = ArticleSchema.parse(JSON.parse(r.stdout));
    // The page declares https://post.example.com/… but came from the fake server on 127.0.0.1.
    expect(article.url).toBe(`${web.url}/articles/en-budget.html`);
    expect(article.text).not.toMatch(/cookie|newsletter|More from City Hall/i);
  });

  it.each([
    ["a missing file", [fixture("nope.html")], /nope\.html: no such file/],
    ["a page without an article", [join(FIXTURES, "bad", "no-text.html")], /no article text found in the HTML/],
    ["an empty file", [join(FIXTURES, "bad", "empty.txt")], /empty file/],
  ])("refuses %s with one line and exit 1", (_what, args, message) => {
    const r = briefbot(["extract", ...args]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it("refuses a page the server does not have with one line and exit 1", async () => {
    const r = await briefbotAsync(["extract", `${web.url}/status/404`]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`briefbot: ${web.url}/status/404: HTTP 404 Not Found`);
  });

  it("answers a usage error with exit 2", () => {
    expect(briefbot(["extract"]).status).toBe(2);
    expect(briefbot(["extract", "--format", "pdf", fixture("div-br.html")]).status).toBe(2);
  });
});
