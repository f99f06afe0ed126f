import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractHtml, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from "../../src/article/extract/index.ts";
import { parseArticle } from "../../src/article/parse.ts";
import { InputError } from "../../src/errors.ts";
import { articleFromPage } from "../../src/ingest/page.ts";
import { FIXTURES } from "../helpers.ts";

const page = (name: string) => readFileSync(join(FIXTURES, "extract", name), "utf8");
const textOf = (name: string) => parseArticle(page(name), { path: name }).text;

describe("one extractor for every layout", () => {
  it("takes the story among several <article>s, not the teaser before it or the comment after it", () => {
    const text = textOf("several-articles.html");
    expect(text).toMatch(/^The ferry between Westerkeer and Little Hensley sailed again/);
    expect(text).toContain("with an extra evening sailing on Fridays during the summer.");
    expect(text).not.toMatch(/Harbour lights|promenade|grandmother|Weather/);
  });

  it("reads a page with <main> only, without the menu outside <nav> or the headline", () => {
    const article = parseArticle(page("main-only.html"), { path: "main-only.html" });
    expect(article.paragraphs).toHaveLength(4);
    expect(article.paragraphs[0]).toMatch(/^De gemeente Zandwijk verbouwt/);
    expect(article.text).not.toMatch(/Voorpagina|Abonnement|Colofon/);
    expect(article.title).toBe("Zandwijk krijgt een nieuwe bibliotheek in de oude suikerfabriek");
    expect(article.lang).toBe("nl");
  });

  it("splits text set in <div>s with <br><br> into its paragraphs", () => {
    const article = parseArticle(page("div-br.html"), { path: "div-br.html" });
    expect(article.paragraphs).toHaveLength(4);
    expect(article.paragraphs[2]).toMatch(/^"Some of these trees were planted/);
    expect(article.text).not.toMatch(/Archive|Contact|Marrowvale Today/);
  });

  it("leaves the comments after an article out, however long they are", () => {
    const text = textOf("comments-after.html");
    expect(text).toContain("included new floors, new wiring and a flood barrier");
    expect(text).not.toMatch(/RiverWatcher|nobody listened|12 comments/);
  });

  it("drops bylines, date lines, captions, credits, related links and newsletter boxes inside the article", () => {
    const article = parseArticle(page("related-captions-newsletter.html"), { path: "x.html" });
    expect(article.paragraphs.map((p) => p.slice(0, 20))).toEqual([
      "The national plannin",
      "The developer says t",
      '"We listened to the ',
    ]);
    expect(article.text).not.toMatch(
      /Oona Marsh|9:41|calm morning|Amundsen|Tidal power|newsletter|Morning Brief|More from|Solar roofs/,
    );
  });

  it("keeps a post embedded in the article (a tweet in a wrapper named social), not the share bar", () => {
    const story = page("div-br.html").replace(
      "The orchard sells about 9,000 bottles",
      `<div class="social-media-embed"><blockquote class="twitter-tweet"><p>Best cider I have had all year, well done to the Reyes family orchard!</p>— Marrowvale Foodie (@mvfoodie) <a href="https://x.example/s/1">March 2, 2025</a></blockquote></div>
      <div class="social-share"><a href="https://x.example/share">Share on X</a> <a href="https://fb.example/share">Share on Facebook</a></div>
      The orchard sells about 9,000 bottles`,
    );
    const text = parseArticle(story, { path: "tweet.html" }).text;
    expect(text).toContain("Best cider I have had all year, well done to the Reyes family orchard!");
    expect(text).not.toMatch(/Share on/);
  });

  it("gives a page the same article from a file as from the web", () => {
    for (const name of ["several-articles.html", "main-only.html", "div-br.html", "related-captions-newsletter.html"]) {
      const fromFile = parseArticle(page(name), { path: name });
      const fromWeb = articleFromPage(page(name), `https://gazette.example.net/pages/${name}`);
      expect(fromWeb.paragraphs).toEqual(fromFile.paragraphs);
      expect(fromWeb.title).toBe(fromFile.title);
    }
  });

  it("reads a feed item's HTML fragment the same way", () => {
    const body = page("related-captions-newsletter.html").replace(/^[\s\S]*<article>|<\/article>[\s\S]*$/g, "");
    const x = extractHtml(body);
    expect(x.page).toBe(false);
    expect(x.paragraphs).toHaveLength(3);
  });

  it("falls back to the densest block of prose when Readability finds nothing", () => {
    // Every sentence is broken by inline tags, so no run of text is sentence-long and Readability is not asked.
    const words = "The dike at Westerkeer will be raised by a metre before the autumn storms arrive".split(" ");
    const sentence = `${words.map((w) => `<span>${w}</span>`).join(" ")}.`;
    const html = `<html><body><div class="menu"><a href="/">Home</a> <a href="/news">News</a></div><div class="text">${`<p>${sentence}</p>`.repeat(6)}</div></body></html>`;
    const x = extractHtml(html);
    expect(x.paragraphs).toHaveLength(6);
    expect(x.paragraphs[0]).toBe(`${words.join(" ")}.`);
  });
});

describe("metadata from one place", () => {
  it("reads og:title, the site name, the published time, the canonical link and the language", () => {
    const x = extractHtml(page("several-articles.html"));
    expect(x).toMatchObject({
      title: "Westerkeer ferry returns after a winter in dry dock",
      source: "The Kestrel Gazette",
      publishedAt: "2025-03-14T07:30:00Z",
      url: "https://gazette.example.net/coast/westerkeer-ferry-returns",
      lang: "en",
    });
  });

  it("reads JSON-LD when the meta tags are missing", () => {
    const ld = JSON.stringify({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Zandwijk opens its library",
      datePublished: "2025-04-01T10:00:00+02:00",
      publisher: { "@type": "Organization", name: "De Polderbode" },
    });
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body>${page("div-br.html").replace(/^[\s\S]*<body>/, "")}`;
    expect(extractHtml(html)).toMatchObject({
      title: "Zandwijk opens its library",
      publishedAt: "2025-04-01T10:00:00+02:00",
      source: "De Polderbode",
    });
  });
});

describe("origins", () => {
  const withCanonical = (href: string) =>
    page("several-articles.html").replace(
      '<link rel="canonical" href="https://gazette.example.net/coast/westerkeer-ferry-returns">',
      `<link rel="canonical" href="${href}">`,
    );

  it("keeps a fetched page at its own address when its canonical link names another site", () => {
    const x = extractHtml(withCanonical("https://nos.example.nl/nieuws/veerboot"), {
      url: "https://evil.example.com/copy/ferry",
    });
    expect(x.url).toBe("https://evil.example.com/copy/ferry");
    expect(x.claimedUrl).toBe("https://nos.example.nl/nieuws/veerboot");
    // A page that claims another site's address is not believed about its site's name either.
    expect(x.source).toBe("example.com");
    const article = articleFromPage(
      withCanonical("https://nos.example.nl/nieuws/veerboot"),
      "https://evil.example.com/a",
    );
    expect(article.url).toBe("https://evil.example.com/a");
  });

  it("follows a canonical link to another address of the same site, relative ones included", () => {
    expect(
      extractHtml(withCanonical("https://www.gazette.example.net/coast/ferry"), {
        url: "https://amp.gazette.example.net/ferry?amp=1",
      }).url,
    ).toBe("https://www.gazette.example.net/coast/ferry");
    expect(extractHtml(withCanonical("/coast/ferry"), { url: "https://gazette.example.net/x?utm=1" }).url).toBe(
      "https://gazette.example.net/coast/ferry",
    );
  });

  it("tells sites apart by the public suffix list, private suffixes included", () => {
    const x = extractHtml(withCanonical("https://victim.github.io/post"), { url: "https://attacker.github.io/post" });
    expect(x.url).toBe("https://attacker.github.io/post");
    const y = extractHtml(withCanonical("https://news.bbc.co.uk/a"), { url: "https://www.bbc.co.uk/b" });
    expect(y.url).toBe("https://news.bbc.co.uk/a");
  });

  it("takes a local file's canonical link as its own claim: there is no fetched address to check it against", () => {
    expect(parseArticle(page("several-articles.html"), { path: "ferry.html" }).url).toBe(
      "https://gazette.example.net/coast/westerkeer-ferry-returns",
    );
  });
});

describe("hostile HTML", () => {
  const prose =
    "<p>The harbour of Westerkeer reopened on Monday after a storm closed it for three days last week.</p>".repeat(8);

  it("flattens nesting beyond the depth limit, keeping the text, and never overflows the stack", () => {
    const html = `<html><body>${"<span>".repeat(200_000 / 10)}${prose}</body></html>`;
    const x = extractHtml(html);
    expect(x.paragraphs.join(" ")).toContain("The harbour of Westerkeer reopened on Monday");
    const deep = `<html><body>${"<div>".repeat(5_000)}${prose}${"</div>".repeat(5_000)}</body></html>`;
    expect(extractHtml(deep).paragraphs).toHaveLength(8);
    expect(MAX_HTML_DEPTH).toBeLessThan(100);
  });

  it("refuses a page with more elements than the limit in one line", () => {
    const html = `<html><body><p>${"<span>".repeat(200_000)}text</p></body></html>`;
    expect(() => parseArticle(html, { path: "spans.html" })).toThrow(InputError);
    expect(() => parseArticle(html, { path: "spans.html" })).toThrow(
      `spans.html: too many HTML elements to read safely (200003; the limit is ${MAX_HTML_ELEMENTS})`,
    );
  });

  it("reads markup soup under the limit without finding an article in it", () => {
    const soups = [
      `<html><body>${"<ul><li>".repeat(10_000)}item</body></html>`,
      `<html><body>${"<table><tr><td>".repeat(6_000)}cell</body></html>`,
      `<html><body>${"<!-- c -->".repeat(20_000)}<p>text</p></body></html>`,
      `<html><body><div>${'<a href="/x">link</a> '.repeat(20_000)}</div></body></html>`,
    ];
    for (const html of soups) expect(() => parseArticle(html, { path: "soup.html" })).toThrow(/no article text found/);
  });
});
