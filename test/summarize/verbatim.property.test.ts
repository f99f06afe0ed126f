import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { type Article, type BriefingCard, MAX_HEADLINE_CHARS, MAX_POINTS, MAX_TLDR_CHARS } from "../../src/schemas.ts";
import { summarize } from "../../src/summarize/index.ts";
import { isMetadata } from "../../src/summarize/lede.ts";
import { articleSentences } from "../../src/summarize/sentences.ts";
import { fixtureArticles, HAS_SHARED_DATA, readArticleFixture, SEED, sharedRows } from "../helpers.ts";

/** A span of the article, or a span cut short and marked with `…`. */
function expectSpan(text: string, span: string, what: string): void {
  expect(span.length, `${what} is empty`).toBeGreaterThan(0);
  expect(text.includes(span.replace(/…$/u, "")), `${what} not verbatim: ${span}`).toBe(true);
}

/** Every quote, speaker, role, point, figure, name, headline and TL;DR stands in its article, letter for letter. */
function expectVerbatim(card: BriefingCard, article: Article): void {
  const text = article.text;
  for (const q of card.quotes) {
    expectSpan(text, q.text, "quote");
    expect(article.paragraphs[q.paragraph]?.includes(q.text), `quote not in paragraph ${q.paragraph}`).toBe(true);
    if (q.speaker) expectSpan(text, q.speaker, "speaker");
    if (q.role) expectSpan(text, q.role, "role");
  }
  for (const p of card.points) expectSpan(text, p, "point");
  for (const f of card.figures) {
    expectSpan(text, f.value, "figure");
    expect(text.includes(f.about), `figure's subject not verbatim: ${f.about}`).toBe(true);
  }
  for (const n of card.names) expectSpan(text, n, "name");
  if (article.title)
    expect(article.title.startsWith(card.headline.replace(/…$/u, "")), "headline not the title").toBe(true);
  else expectSpan(text, card.headline, "headline");
  expectSpan(text, card.tldr, "TL;DR");
  expect(card.headline.length).toBeLessThanOrEqual(MAX_HEADLINE_CHARS);
  expect(card.tldr.length).toBeLessThanOrEqual(MAX_TLDR_CHARS);
  // Points besides the TL;DR whenever there is another sentence; three or more in a real article; none twice.
  const sentences = new Set(
    articleSentences(article.paragraphs)
      .filter((s) => !isMetadata(s))
      .map((s) => s.text),
  ).size;
  expect(card.points.length).toBeGreaterThanOrEqual(sentences >= 8 ? 3 : Math.min(1, sentences - 1));
  expect(card.points.length).toBeLessThanOrEqual(MAX_POINTS);
  expect(new Set(card.points).size).toBe(card.points.length);
  expect(card.points).not.toContain(card.tldr);
}

describe("nothing is invented", () => {
  it("holds for the seed and every fixture article", () => {
    for (const path of [SEED, ...fixtureArticles().map((f) => f.path)]) {
      const article = readArticleFixture(path);
      expectVerbatim(summarize(article), article);
    }
  });

  it.skipIf(!HAS_SHARED_DATA).each(["cnndm-summeval-dev.jsonl", "bbc-news-summary-dev.jsonl"])(
    "holds for every article of %s (skipped without ../shared/data)",
    (file) => {
      const rows = sharedRows(file);
      expect(rows.length).toBeGreaterThan(50);
      for (const row of rows) {
        const article = parseArticle(row.text, { format: "text", title: row.title, lang: "en" });
        expectVerbatim(summarize(article), article);
      }
    },
  );

  it("holds for articles stitched from random sentences, quote marks and apostrophes", () => {
    const piece = fc.constantFrom(
      "Hij zei dat “het kan”.",
      "“Het kan niet”, zei Jan de Vries, econoom bij de bank.",
      "De ‘maatregelen’ van het kabinet, de risico’s en auto's.",
      ",,Nee,'' aldus mr. Bakker.",
      "„Zeker”, schrijft dr. Els Hoekstra.",
      '"It works," said Maria Lopez, the chief executive.',
      "'It is fine,' she said. 'Really.'",
      "The company's so-called \"green\" bonds don't help.",
      "About 150.000 people, 60 procent, $1.8 million and drie maanden.",
      "«Ja» zei hij. « Nee »",
      "Unbalanced “quote here. And ‘another.",
      "The U.S. and o.a. Nederland, ca. 300 man.",
      "Wethouder Van der Berg: ,,Dat doen we niet.''",
      "Hij vroeg de rechter: 'Mag dat?' 'Nee', antwoordde zij.",
      "Volgens hem is het ‘een regelrechte ramp voor de stad’.",
      '"We will," Dr. Sam Okoro, a nurse at St. Mary\'s, said. "Soon.',
      "Daarom liep de Amsterdamse burgemeester Femke Halsema weg.",
      "Tweehonderd duizend vrijwilligers kregen 2,5 miljoen euro, ten behoeve van zestig procent.",
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        (paras) => {
          const article = parseArticle(paras.map((p) => p.join(" ")).join("\n\n"), { format: "text" });
          expectVerbatim(summarize(article), article);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
