import { describe, expect, it } from "vitest";
import { extractFigures } from "../../src/summarize/figures.ts";

function figures(lang: string, text: string): string[] {
  return extractFigures([text], 50, lang).map((f) => `${f.value} | ${f.about}`);
}

describe("figures: a number with what it counts", () => {
  it("takes the counted noun after a number, written out or in digits (nl, en)", () => {
    expect(figures("nl", "De club telt 200 duizend vrijwilligers en negen grote afdelingen.")).toEqual([
      "200 duizend | vrijwilligers",
      "negen | grote afdelingen",
    ]);
    expect(figures("en", "The storm left fifteen families and 1,200 homes without power.")).toEqual([
      "fifteen | families",
      "1,200 | homes",
    ]);
  });

  it("reads written-out numbers as one word (nl) and with a hyphen (en)", () => {
    expect(figures("nl", "Er kwamen tienduizend bezoekers en vijfentwintig artiesten.")).toEqual([
      "tienduizend | bezoekers",
      "vijfentwintig | artiesten",
    ]);
    expect(figures("en", "Some twenty-five artists played.")).toEqual(["Some twenty-five | artists"]);
  });

  it("keeps scale, currency and unit with the number, and says what it is of (nl, en)", () => {
    expect(figures("nl", "De gemeente trekt 2,5 miljoen euro uit voor de aanpak van het centrum.")).toEqual([
      "2,5 miljoen euro | De gemeente",
    ]);
    expect(figures("nl", "Zestig procent van de leden stemde voor.")).toEqual(["Zestig procent | van de leden"]);
    expect(figures("en", "The board approved a deal worth $1.8 million.")).toEqual(["$1.8 million | deal"]);
  });

  it("reads ranges and changes as one figure (nl, en)", () => {
    expect(figures("nl", "De trein rijdt 250 tot 330 kilometer per uur op een spoor van 80 kilometer.")).toEqual([
      "250 tot 330 kilometer per uur | De trein",
      "80 kilometer | spoor",
    ]);
    expect(figures("nl", "De partij ging van 7 naar 4 zetels.")).toEqual(["van 7 naar 4 | zetels"]);
    expect(figures("en", "Death rates fell to between 6% to 11% of patients.")).toEqual(["6% to 11% | of patients"]);
    expect(figures("en", "Three of the four engines failed.")).toEqual(["Three of the four | engines"]);
  });

  it("takes fractions with their article (nl, en)", () => {
    expect(figures("nl", "Bijna de helft van de scholen is onveilig.")).toEqual(["Bijna de helft | van de scholen"]);
    expect(figures("en", "About a quarter of the staff stayed home.")).toEqual(["About a quarter | of the staff"]);
  });
});

describe("figures: what is no figure", () => {
  it("never reads Dutch `ten` as a number, but English `ten` is one", () => {
    expect(figures("nl", "Ten behoeve van de bewoners en ten minste voor nu blijft het.")).toEqual([]);
    expect(figures("en", "The fire destroyed ten houses.")).toEqual(["ten | houses"]);
  });

  it("leaves years, dates and clock times out (nl, en)", () => {
    expect(figures("nl", "In 2019 begon het op 14 januari om 16.00 uur.")).toEqual([]);
    expect(figures("en", "The vote was on March 3, 2021, at 3:30 p.m.")).toEqual([]);
  });

  it("leaves model numbers and ordinals out (nl, en)", () => {
    expect(figures("en", "A Boeing 737 landed at gate 12 in the 3rd hour.")).toEqual([]);
    expect(figures("nl", "De Airbus A380 stond op NPO 1 in beeld.")).toEqual([]);
  });

  it("leaves a bare duration out, but keeps one that measures something (nl, en)", () => {
    expect(figures("nl", "Leerkrachten weten er al acht jaar hoe het klinkt.")).toEqual([]);
    expect(figures("nl", "Hij kreeg zes jaar gevangenisstraf.")).toEqual(["zes jaar | gevangenisstraf"]);
    expect(figures("en", "She faces a minimum term of 25 years.")).toEqual(["25 years | term"]);
  });

  it("leaves out a number that counts nothing the article names (nl)", () => {
    expect(figures("nl", "Het werden er uiteindelijk 31.")).toEqual([]);
  });

  it("never reads `een` alone as a number, only in a range (nl)", () => {
    expect(figures("nl", "Een man kocht een huis.")).toEqual([]);
    expect(figures("nl", "Ze zaten één tot twee dagen vast.")).toEqual([]);
  });
});

describe("figures on a card", () => {
  it("keeps the most telling ones, in article order: money and shares before small counts", () => {
    const text =
      "Er kwamen twee agenten, drie buren en vier honden. Het kost 3 miljoen euro. Zeventig procent van de bewoners is boos.";
    const card = extractFigures([text], 2, "nl").map((f) => f.value);
    expect(card).toEqual(["3 miljoen euro", "Zeventig procent"]);
  });
});
