import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/article/sentences.ts";

describe("splitSentences", () => {
  it("survives Dutch abbreviations", () => {
    expect(
      splitSentences(
        "Dhr. Jansen zei o.a. dat het ca. 300 euro kost. Dr. De Vries, mr. Bakker en prof. Smit zijn het eens. Zie bijv. blz. 4.",
      ),
    ).toEqual([
      "Dhr. Jansen zei o.a. dat het ca. 300 euro kost.",
      "Dr. De Vries, mr. Bakker en prof. Smit zijn het eens.",
      "Zie bijv. blz. 4.",
    ]);
  });

  it("survives English abbreviations and initials", () => {
    expect(
      splitSentences(
        "Mr. Smith met Dr. Jones in the U.S. on Friday. A judge ordered V. Stiviano to pay. He went to the U.S. The rest stayed.",
      ),
    ).toEqual([
      "Mr. Smith met Dr. Jones in the U.S. on Friday.",
      "A judge ordered V. Stiviano to pay.",
      "He went to the U.S.",
      "The rest stayed.",
    ]);
  });

  it("keeps a closing quote with the sentence it ends", () => {
    expect(
      splitSentences('“Maar er bestaat geloof.” Daarna niets. „Ja,” zei hij. "Is it?" she asked. It was.'),
    ).toEqual(["“Maar er bestaat geloof.”", "Daarna niets.", "„Ja,” zei hij.", '"Is it?" she asked.', "It was."]);
  });

  it("ends a sentence before a Dutch newspaper quote that opens with ,,", () => {
    expect(splitSentences(",,Dat klopt'', zegt Marloes Eikema. ,,Maar het duurt nog even.'' Daarna niets.")).toEqual([
      ",,Dat klopt'', zegt Marloes Eikema.",
      ",,Maar het duurt nog even.''",
      "Daarna niets.",
    ]);
  });

  it("splits tokenized corpus text with `` '' quotes", () => {
    expect(
      splitSentences("He paused . `` It was shocking , '' he said . `` I did n't know . '' Then he left ."),
    ).toEqual(["He paused .", "`` It was shocking , '' he said .", "`` I did n't know . ''", "Then he left ."]);
  });

  it("never splits inside numbers", () => {
    expect(splitSentences("Het kost 2,5 miljoen, of $1.8 million. Het groeide naar 150.000.")).toEqual([
      "Het kost 2,5 miljoen, of $1.8 million.",
      "Het groeide naar 150.000.",
    ]);
  });
});
