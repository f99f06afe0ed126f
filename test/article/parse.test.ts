import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { InputError } from "../../src/errors.ts";
import { ARTICLES, readArticleFixture } from "../helpers.ts";

describe("parseArticle", () => {
  it("reads the seed format: a leading date, the first paragraph on the same line", () => {
    const a = parseArticle("  date 2022-02-19 Eerste alinea hier. Nog een zin.\n\nTweede alinea.");
    expect(a.publishedAt).toBe("2022-02-19");
    expect(a.paragraphs).toEqual(["Eerste alinea hier. Nog een zin.", "Tweede alinea."]);
  });

  it("reads YAML front matter and a Markdown heading", () => {
    const a = readArticleFixture(join(ARTICLES, "en-grocery-merger.md"));
    expect(a.title).toBe("Harlow Foods agrees to buy Greenway Markets in $2.5 billion deal");
    expect(a.publishedAt).toBe("2025-02-03");
    expect(a.source).toBeDefined();
    expect(a.text).not.toMatch(/^#|\*\*/m);
  });

  it("takes og:title, the published time and the article body from HTML, without navigation or footer", () => {
    const a = readArticleFixture(join(ARTICLES, "en-transit-fares.html"));
    expect(a.title).toBe("Riverton council votes to freeze bus fares for two years");
    expect(a.publishedAt).toBe("2025-01-22T08:15:00.000Z");
    expect(a.text).not.toMatch(/cookie/i);
  });

  it("detects Dutch and English, and lets the caller override", () => {
    expect(readArticleFixture(join(ARTICLES, "nl-energieprijzen.txt")).lang).toBe("nl");
    expect(readArticleFixture(join(ARTICLES, "en-solar-bonds.txt")).lang).toBe("en");
    expect(parseArticle("Het kabinet heeft vandaag besloten de belasting te verlagen.", { lang: "en" }).lang).toBe(
      "en",
    );
  });

  it("gives the same text the same id, and a URL its own", () => {
    expect(parseArticle("Eén zin.  Twee.").id).toBe(parseArticle("Eén zin. Twee.").id);
    expect(parseArticle("Eén zin.", { url: "https://example.org/a" }).id).not.toBe(parseArticle("Eén zin.").id);
  });

  it("refuses a document without text, and broken front matter, naming the problem", () => {
    expect(() => parseArticle("<html><body><nav>x</nav><script>1</script></body></html>", { path: "a.html" })).toThrow(
      InputError,
    );
    expect(() => parseArticle("---\ntitle: [unclosed\n---\nText.", { path: "a.md" })).toThrow(
      /a\.md: front matter is not valid YAML/,
    );
  });
});
