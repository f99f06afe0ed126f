import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { MAX_HEADLINE_CHARS, MAX_TLDR_CHARS } from "../../src/schemas.ts";
import { summarize } from "../../src/summarize/index.ts";
import { MAX_POINT_CHARS } from "../../src/summarize/points.ts";

/**
 * Inputs that once took seconds (a long sentence, paragraphs full of quotes, thousands of figures)
 * or came back as junk (a huge word as a point and a name). Generated here, nothing large is
 * committed. The summarizer must finish and stay verbatim and bounded; how its time grows with
 * the input is measured by `npm run bench:cards -- --hostile`, not asserted here.
 */
const SIZE = 4000;
const cases: Record<string, string> = {
  "one sentence of 100 KB with a comma every few words": Array.from(
    { length: SIZE },
    (_, i) => `woord${i % 50}, en dat ook nog`,
  ).join(" "),
  "a paragraph of quotes with speakers and pronouns": Array.from(
    { length: SIZE },
    (_, i) => `"Dit is citaat ${i}," zei Jan de Vries${i % 7}. Hij zei: "Nog meer." Volgens hem klopt het.`,
  ).join(" "),
  "quote paragraphs, each a speaker and a fragment": Array.from(
    { length: SIZE },
    (_, i) => `,,Citaat nummer ${i}'', zegt woordvoerder Els Bakker. Zij noemt het 'een heel goed plan'.`,
  ).join("\n\n"),
  "thousands of figures with what they count": Array.from(
    { length: SIZE },
    (_, i) => `Er waren ${i} mensen en 3,5 miljoen euro van de ${i % 9} zetels`,
  ).join(", "),
  "opening marks that are never closed": Array.from({ length: SIZE }, () => `"a 'b ,,c „d «e ‘f`).join(" "),
  "one word of 200 KB": `Start ${"A".repeat(200_000)} einde.`,
  "runs of capitalized words": Array.from({ length: SIZE }, (_, i) => `Jan Pieter Klaas${i % 13} Van Der Berg`).join(
    " ",
  ),
};

describe("hostile input", () => {
  it.each(Object.entries(cases))("finishes, verbatim and bounded: %s", (_, text) => {
    const article = parseArticle(text, { format: "text", lang: "nl" });
    const card = summarize(article);
    expect(card.headline.length).toBeLessThanOrEqual(MAX_HEADLINE_CHARS);
    expect(card.tldr.length).toBeLessThanOrEqual(MAX_TLDR_CHARS);
    for (const p of card.points) {
      expect(p.length).toBeLessThanOrEqual(MAX_POINT_CHARS);
      expect(article.text.includes(p.replace(/…$/u, ""))).toBe(true);
    }
    for (const n of card.names) {
      expect(n.length).toBeLessThanOrEqual(60);
      expect(article.text.includes(n)).toBe(true);
    }
    for (const f of card.figures) {
      expect(f.value.length + f.about.length).toBeLessThanOrEqual(200);
      expect(article.text.includes(f.value) && article.text.includes(f.about)).toBe(true);
    }
    for (const q of card.quotes) {
      expect(article.paragraphs[q.paragraph]?.includes(q.text)).toBe(true);
      if (q.speaker) {
        expect(q.speaker.length).toBeLessThanOrEqual(120);
        expect(article.text.includes(q.speaker)).toBe(true);
      }
    }
  });
});
