import { describe, expect, it } from "vitest";
import type { BriefingCard } from "../../src/schemas.ts";
import { extractFigures } from "../../src/summarize/figures.ts";
import { summarize } from "../../src/summarize/index.ts";
import {
  type ArticleExpectation,
  expectations,
  fixtureArticles,
  normalizeQuote,
  readArticleFixture,
} from "../helpers.ts";

const expected = expectations();
const fixtures = fixtureArticles().filter((f) => expected[f.file]);
const cards = new Map<string, BriefingCard>();
for (const f of fixtures) cards.set(f.file, summarize(readArticleFixture(f.path)));

describe.each(fixtures)("the card of $file", ({ file, path }) => {
  const want = expected[file] as ArticleExpectation;
  const article = readArticleFixture(path);
  const card = cards.get(file) as BriefingCard;

  it("detects the language and keeps the metadata", () => {
    expect(article.lang).toBe(want.lang);
    if (want.title) expect(article.title).toBe(want.title);
    if (want.date) expect(article.publishedAt?.slice(0, 10)).toBe(want.date.slice(0, 10));
  });

  it("reports no quote that the article does not have as speech", () => {
    const wanted = new Set(want.quotes.map((q) => normalizeQuote(q.text)));
    expect(card.quotes.map((q) => normalizeQuote(q.text)).filter((t) => !wanted.has(t))).toEqual([]);
  });

  it("leaves scare quotes and titles out", () => {
    const texts = card.quotes.map((q) => normalizeQuote(q.text));
    for (const term of want.notQuotes) expect(texts).not.toContain(normalizeQuote(term));
  });

  it("finds the figures with what they count, and leaves years and dates aside", () => {
    const all = extractFigures(article.paragraphs, Number.POSITIVE_INFINITY, article.lang);
    const values = all.map((f) => f.value);
    // A figure may carry its modifier (`ca. 2,5 miljoen`). A bare duration (`lasted 11 days`) and a figure said of
    // nothing the article names (`We have offered 4.5 percent`) are left out by design, hence not all of them.
    const wanted = want.figures.filter((f) => /\d/.test(f) && !/graden|gigawatt/.test(f));
    const found = wanted.filter((f) => values.some((v) => v === f || v.endsWith(` ${f}`) || v.startsWith(`${f} `)));
    expect(found.length / wanted.length, `missing: ${wanted.filter((f) => !found.includes(f))}`).toBeGreaterThanOrEqual(
      0.75,
    );
    for (const f of all) expect(f.about.length, `${f.value} counts nothing`).toBeGreaterThan(0);
    for (const f of want.notFigures) expect(values.some((v) => v.includes(f))).toBe(false);
  });
});

describe("quotes over all fixtures", () => {
  const rows = fixtures.flatMap(({ file }) => {
    const card = cards.get(file) as BriefingCard;
    return (expected[file] as ArticleExpectation).quotes.map((q) => {
      const got = card.quotes.find((c) => normalizeQuote(c.text) === normalizeQuote(q.text));
      return { file, text: q.text, want: q.speaker, found: Boolean(got), speaker: got?.speaker ?? null };
    });
  });

  it("finds at least 95 % of the speech quotes", () => {
    const found = rows.filter((r) => r.found).length / rows.length;
    expect(found, JSON.stringify(rows.filter((r) => !r.found).map((r) => r.text))).toBeGreaterThanOrEqual(0.95);
  });

  it("names the right speaker for at least 90 % of them", () => {
    const right = rows.filter((r) => r.found && r.speaker === r.want).length / rows.length;
    const wrong = rows.filter((r) => r.found && r.speaker !== r.want).map((r) => `${r.file}: ${r.speaker} ≠ ${r.want}`);
    expect(right, wrong.join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});
