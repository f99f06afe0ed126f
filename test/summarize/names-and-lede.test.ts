import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { summarize } from "../../src/summarize/index.ts";
import { headlineOf, needsContext } from "../../src/summarize/lede.ts";
import { DUTCH, ENGLISH } from "../../src/summarize/lexicon.ts";
import { mainNames } from "../../src/summarize/names.ts";
import { stripSubheading } from "../../src/summarize/points.ts";
import { quotesOf, readArticle } from "../../src/summarize/quotes.ts";
import { readerFor } from "../../src/summarize/reader.ts";
import { articleSentences } from "../../src/summarize/sentences.ts";

function names(lang: string, ...paragraphs: string[]): string[] {
  const reading = readArticle(paragraphs, lang);
  return mainNames(reading.people, quotesOf(reading), 8);
}

describe("names: people, organisations and places only", () => {
  it("counts a surname for the full name and strips roles (nl, en)", () => {
    expect(
      names("nl", "Statisticus Joop Hox telde de stemmen. Hox is tevreden.", "Later sprak ook Hox met de pers."),
    ).toEqual(["Joop Hox"]);
    expect(names("en", "Sheriff Dana Holt closed the road. Holt said the road stays shut.")).toEqual(["Dana Holt"]);
  });

  it("takes a sentence opener for a name only if the article also writes it capitalized elsewhere (nl, en)", () => {
    expect(names("nl", "Alleen de burgemeester was er. Hoewel het regende, bleef Pieter Smit.")).toEqual([
      "Pieter Smit",
    ]);
    expect(names("en", "Critics left early. Although it rained, Ava Gray stayed.")).toEqual(["Ava Gray"]);
  });

  it("drops adjectives of origin and peoples as groups, and maps a genitive to its base (nl, en)", () => {
    expect(names("nl", "De Amsterdamse wethouder Femke Bal sprak over Ruslands plannen met Rusland.")).toEqual([
      "Femke Bal",
      "Rusland",
    ]);
    expect(names("en", "The Iranian minister met the Democrats in Boston.")).toEqual(["Boston"]);
  });

  it("spells out an acronym the article expands (en)", () => {
    expect(names("en", "The European Court of Justice (ECJ) ruled. The ECJ said it was final.")).toEqual([
      "European Court of Justice",
    ]);
  });

  it("includes the speakers of the card's quotes", () => {
    const card = summarize(
      parseArticle(",,Het is klaar'', zegt Wim Brouwer. De brug gaat open. Het verkeer rijdt weer.", {
        format: "text",
        lang: "nl",
      }),
    );
    expect(card.names).toContain("Wim Brouwer");
  });
});

describe("headline and TL;DR", () => {
  const lede = (lang: string, text: string) =>
    headlineOf(undefined, articleSentences([text]), lang === "nl" ? DUTCH : ENGLISH);

  it("uses the title when the article has one", () => {
    expect(headlineOf("Brug weer open", articleSentences(["Iets anders."]), DUTCH)).toBe("Brug weer open");
  });

  it("is a complete lede sentence of at most 150 characters, without its final period (nl, en)", () => {
    expect(lede("nl", "De brug over de Maas is na twee jaar weer open. Het verkeer rijdt weer.")).toBe(
      "De brug over de Maas is na twee jaar weer open",
    );
    expect(lede("en", "The bridge reopened after two years. Traffic flows again.")).toBe(
      "The bridge reopened after two years",
    );
  });

  it("never opens with a pronoun or connective that needs context (nl, en)", () => {
    expect(needsContext("Hij opende de brug.", DUTCH)).toBe(true);
    expect(needsContext("Daarom bleef het dicht.", DUTCH)).toBe(true);
    expect(needsContext("Dit jaar bleef het dicht.", DUTCH)).toBe(false);
    expect(needsContext("This means trouble.", ENGLISH)).toBe(true);
    expect(needsContext("This year it stayed shut.", ENGLISH)).toBe(false);
  });

  it("cuts a long lede at a clause boundary, marked with …, never mid-clause (en)", () => {
    const long =
      "The council of the northern city of Harwick voted late on Tuesday evening to close the old harbour bridge to all traffic for at least four years, which means that ferries will have to carry the commuters.";
    const headline = lede("en", long);
    expect(headline.endsWith("…")).toBe(true);
    expect(headline.length).toBeLessThanOrEqual(150);
    expect(long.startsWith(headline.slice(0, -1))).toBe(true);
  });

  it("gives the TL;DR and the points different sentences", () => {
    const text = [
      "De gemeente Velde sluit de oude brug over de rivier voor al het verkeer.",
      "De brug is volgens ingenieurs niet meer veilig voor zware vrachtwagens.",
      "Een nieuwe brug moet over drie jaar klaar zijn.",
      "Pendelaars moeten tot die tijd een omweg van twintig minuten rijden.",
      "De veerpont gaat vaker varen om de drukte op te vangen.",
      "Winkeliers in het centrum vrezen voor hun omzet.",
    ].join(" ");
    const card = summarize(parseArticle(text, { format: "text", lang: "nl" }));
    expect(card.points).not.toContain(card.tldr);
    expect(card.points.length).toBeGreaterThanOrEqual(3);
  });
});

describe("points", () => {
  const r = readerFor("nl", ["De beurs daalde. In de beurs was het stil. Wazige ramen Maar wat als het misgaat?"]);

  it("strip a sub-heading the source glued to the sentence after it (nl)", () => {
    expect(stripSubheading("Wazige ramen Maar wat als het misgaat?", r)).toBe("Maar wat als het misgaat?");
    expect(stripSubheading("Beurs Mars One Ventures ging onderuit.", r)).toBe("Mars One Ventures ging onderuit.");
    expect(stripSubheading("Burgemeester Halsema opende de brug.", r)).toBe("Burgemeester Halsema opende de brug.");
  });
});
