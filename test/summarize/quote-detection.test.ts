import { describe, expect, it } from "vitest";
import { findQuotedSpans } from "../../src/summarize/quote-marks.ts";
import { extractQuotes } from "../../src/summarize/quotes.ts";

function spans(text: string): string[] {
  return findQuotedSpans(text).map((q) => text.slice(q.textStart, q.textEnd));
}

function quotes(lang: string, ...paragraphs: string[]): string[] {
  return extractQuotes(paragraphs, lang).map((q) => q.text);
}

describe("quote marks: every pair in real use", () => {
  it.each([
    ["“Ja”, zei hij.", "Ja"],
    ["„Ja”, zei hij.", "Ja"],
    ["‘Ja’, zei hij.", "Ja"],
    ['"Ja", zei hij.', "Ja"],
    ["'Ja', zei hij.", "Ja"],
    [",,Ja'', zei hij.", "Ja"],
    [',,Ja", zei hij.', "Ja"],
    ["«Ja», zei hij.", "Ja"],
    ["`` Ja , '' zei hij .", "Ja ,"],
    ["„Ja“, sagte er.", "Ja"],
    ['“Ja", zei hij.', "Ja"],
    ["\"Ja'', zei hij.", "Ja"],
  ])("finds the quote in %s", (text, inside) => {
    expect(spans(text).map((s) => s.trim())).toEqual([inside]);
  });

  it("never takes an apostrophe for a mark", () => {
    expect(spans("De risico's en auto's van 's avonds, zo'n '90s idee.")).toEqual([]);
    expect(spans("'Het zijn de risico's,' zei ze.")).toEqual(["Het zijn de risico's,"]);
  });

  it("ends a mark the source never closes before the next one of its kind, or at the paragraph end", () => {
    expect(spans(",,Eerste zin. ,,Tweede zin.''")).toEqual(["Eerste zin.", "Tweede zin."]);
    expect(spans('"It was long. It went on')).toEqual(["It was long. It went on"]);
    // An unclosed double mark ends where a mark that only opens starts the next quote.
    expect(spans("\"Eerste zin. Verhaal. ,,Tweede zin.'', zei hij.")).toEqual(["Eerste zin. Verhaal.", "Tweede zin."]);
  });

  it("keeps a quote inside a quote as one span, with the inner one beside it", () => {
    const [outer] = findQuotedSpans("“Hij zei ‘nooit’ tegen me”, vertelt Ans.");
    expect(outer?.inner.map((q) => q.textStart)).toHaveLength(1);
  });
});

describe("quote kinds: speech in, terms and titles out", () => {
  it("keeps a fragment of three or more words built into the reporter's sentence (nl, en)", () => {
    expect(quotes("nl", "Minister Joost Prins noemde het plan ‘een stap in de goede richting’.")).toEqual([
      "een stap in de goede richting",
    ]);
    expect(quotes("en", 'Mayor Lily Hart called the vote "a win for the whole town".')).toEqual([
      "a win for the whole town",
    ]);
  });

  it("leaves out attributed fragments of one or two words (nl, en)", () => {
    expect(quotes("nl", "Wethouder Sara Bos noemde het ‘onacceptabel’.")).toEqual([]);
    expect(quotes("en", 'Senator Ray Moss called it "a non-starter".')).toEqual([]);
  });

  it("keeps a short utterance of its own (nl, en)", () => {
    expect(quotes("nl", "Hij gaf haar de brief. ,,Lees dit'', zei Karel Dam.")).toEqual(["Lees dit"]);
    expect(quotes("en", 'She turned to him and asked: "Really?"')).toEqual(["Really?"]);
  });

  it("leaves out scare quotes, titles and names (nl, en)", () => {
    expect(quotes("nl", "Het boek ‘De stille stad’ gaat over de ‘vernieuwing’ van de wijk.")).toEqual([]);
    expect(quotes("en", 'The exhibition "Modern Light And Shadow" opened in a so-called "creative" quarter.')).toEqual(
      [],
    );
    expect(quotes("nl", "Een groep die zich ‘buren voor een groene wijk’ noemt, schreef een brief.")).toEqual([]);
  });

  it("leaves out a slogan a source marker only mentions, and a quoted name of where someone is from (nl, en)", () => {
    expect(quotes("nl", "Volgens de aanklager is de leus ‘wie niet springt die is een mol’ bedreigend.")).toEqual([]);
    expect(quotes("en", 'Lena Brook of "Open Doors Now", a housing charity, was there.')).toEqual([]);
  });

  it("takes no preposition for a verb of manner, nor a thing for a speaker (nl)", () => {
    expect(quotes("nl", "Het verhaal van de ‘brug van de verdwenen honden’ in Dumbarton.")).toEqual([]);
    expect(
      quotes(
        "nl",
        "Wie had gedacht dat de mannen die elkaar ‘oude gekke zeurpiet van de overkant’ noemden, hun gevoelens zouden delen?",
      ),
    ).toEqual([]);
  });

  it("leaves out a sub-heading the source glued to the next sentence (nl)", () => {
    expect(quotes("nl", "De rechter was kort. ‘Veel te laat begonnen’ ,,We wachten al jaren'', zei Jan Mol.")).toEqual([
      "We wachten al jaren",
    ]);
  });

  it("gives each separately quoted stretch its own entry, both the speaker's (nl, en)", () => {
    const nl = extractQuotes([",,Het is klaar'', zei Eva Stam. ,,We gaan naar huis.''"], "nl");
    expect(nl.map((q) => [q.text, q.speaker])).toEqual([
      ["Het is klaar", "Eva Stam"],
      ["We gaan naar huis.", "Eva Stam"],
    ]);
    const en = extractQuotes(['"It is done," said Eva Stam. "We are going home."'], "en");
    expect(en.map((q) => q.speaker)).toEqual(["Eva Stam", "Eva Stam"]);
  });
});
