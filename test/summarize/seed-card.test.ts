import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_HEADLINE_CHARS } from "../../src/schemas.ts";
import { summarize } from "../../src/summarize/index.ts";
import { ARTICLES, readArticleFixture, SEED } from "../helpers.ts";

const want = JSON.parse(readFileSync(join(ARTICLES, "seed-expectations.json"), "utf8"))["poetin-2022-02.txt"];
const article = readArticleFixture(SEED);
const card = summarize(article);

describe("the seed article's card (poetin-2022-02)", () => {
  it("reads the leading date and detects Dutch", () => {
    expect(article.publishedAt).toBe("2022-02");
    expect(article.lang).toBe("nl");
    expect(article.text.startsWith("Drie maanden nadat Poetin")).toBe(true);
  });

  it("lists exactly its five speech quotes, in order", () => {
    expect(card.quotes.map((q) => q.text)).toEqual([
      "de situatie aan de Russische grenzen ieder moment kan ontbranden",
      "concessies te doen",
      "Rusland is in een behoorlijk onveilige situatie beland",
      "Mensen willen geen oorlog, ze zijn er bang voor",
      "Maar er bestaat geloof onder de bevolking dat we erin worden gezogen.",
    ]);
  });

  it("attributes a quote to the speaker before it, after it, behind a pronoun and carried over", () => {
    expect(card.quotes.map((q) => q.speaker)).toEqual([
      "De woordvoerder van het Kremlin",
      "De Oekraïense ambassadeur in Londen",
      "Jelena Tsjernenko",
      "Denis Volkov",
      "Denis Volkov",
    ]);
    expect(card.quotes[2]?.role).toBe("defensieanalist bij de Russische zakenkrant Kommersant");
    expect(card.quotes[3]?.role).toBe("Levada-onderzoeker");
  });

  it("matches the fixture's expectations", () => {
    expect(card.quotes.map((q) => q.text)).toEqual(want.quotes.map((q: { text: string }) => q.text));
    for (const term of want.notQuotes) expect(card.quotes.map((q) => q.text)).not.toContain(term);
  });

  it("leaves the scare-quoted terms out", () => {
    const texts = card.quotes.map((q) => q.text).join("\n");
    for (const term of [
      "militair-technische maatregelen",
      "vroeg",
      "concrete voorstellen",
      "serieuze veiligheidsgaranties",
    ]) {
      expect(texts).not.toContain(term);
    }
  });

  it("counts the figures, 150.000 and 60 procent among them, with what they count", () => {
    const byValue = new Map(card.figures.map((f) => [f.value, f.about]));
    expect(byValue.get("150.000")).toBe("Russische militairen rondom Oekraïne");
    expect(byValue.has("60 procent")).toBe(true);
    expect([...byValue.keys()].some((v) => /^20\d\d$/.test(v))).toBe(false);
  });

  it("keeps the card's shape: headline, one-sentence TL;DR, 3 to 5 points in article order", () => {
    expect(card.headline.length).toBeLessThanOrEqual(MAX_HEADLINE_CHARS);
    expect(card.tldr.length).toBeLessThanOrEqual(280);
    expect(card.points.length).toBeGreaterThanOrEqual(3);
    expect(card.points.length).toBeLessThanOrEqual(5);
    const offsets = card.points.map((p) => article.text.indexOf(p.replace(/…$/u, "")));
    expect(offsets.every((o) => o >= 0)).toBe(true);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(card.names).toContain("Vladimir Poetin");
    expect(card.readingMinutes).toBeGreaterThan(0);
  });

  it("is deterministic", () => {
    expect(summarize(readArticleFixture(SEED))).toEqual(card);
  });
});
