import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inert, renderCardText } from "../../adapters/console/render.ts";
import { parseArticle } from "../../src/article/parse.ts";
import { summarize } from "../../src/summarize/index.ts";
import { FIXTURES, readArticleFixture, SEED } from "../helpers.ts";

describe("renderCardText", () => {
  it("shows every part of the card, in the article's language", () => {
    const out = renderCardText(summarize(readArticleFixture(SEED)), { color: false });
    for (const label of ["TL;DR", "Kernpunten", "Citaten", "Cijfers", "Namen:", "150.000"])
      expect(out).toContain(label);
    expect(out).not.toMatch(/\u001b/);
  });

  it("colours only when asked", () => {
    expect(renderCardText(summarize(readArticleFixture(SEED)), { color: true })).toMatch(/\u001b\[1m/);
  });

  it("keeps escape sequences in article text from reaching the terminal", () => {
    const article = parseArticle(
      "Breaking \u001b[31mred\u001b[0m news today. \u0007It rang. The end came.\u001b]0;title\u0007",
    );
    const out = renderCardText(summarize(article), { color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(inert("a\u001b[2Jb")).toBe("ab");
  });

  it("renders the hostile article in full, its long sentence wrapped and nothing lost", () => {
    const text = readFileSync(join(FIXTURES, "bad", "hostile.md"), "utf8");
    const card = summarize(parseArticle(text, { path: "hostile.md" }));
    const out = renderCardText(card, { color: false, width: 80 });
    expect(card.quotes.some((q) => q.speaker === "Eve Mallory")).toBe(true);
    expect(out.split("\n").every((line) => line.length <= 200)).toBe(true);
  });
});
