import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { InputError } from "../../src/errors.ts";
import { looksLikeFeed } from "../../src/ingest/feed.ts";
import type { Article, BriefingCard } from "../../src/schemas.ts";
import { summarize } from "../../src/summarize/index.ts";
import { briefbot } from "../cli/run.ts";
import { hostileInputs } from "./inputs.ts";

/** What a card may carry at most, whatever the article: a few hundred characters a field. */
const FIELD_CAP = 600;

function expectSmallAndVerbatim(card: BriefingCard, article: Article) {
  const fields = [
    card.headline,
    card.tldr,
    ...card.points,
    ...card.names,
    ...card.figures.flatMap((f) => [f.value, f.about]),
    ...card.quotes.flatMap((q) => [q.speaker ?? "", q.role ?? ""]),
  ];
  for (const f of fields) expect(f.length).toBeLessThanOrEqual(FIELD_CAP);
  for (const p of card.points) expect(article.text.includes(p.replace(/…$/u, ""))).toBe(true);
  for (const q of card.quotes) expect(article.text.includes(q.text)).toBe(true);
  for (const n of card.names) expect(article.text.includes(n)).toBe(true);
}

describe("hostile input completes with a card, or is refused in one line", () => {
  // Each finishes well within the test's timeout; `npm run bench:hostile` measures how long, against
  // an ordinary article of the same size.
  it.each(hostileInputs().map((h) => [h.name, h] as const))("%s", (_name, input) => {
    let article: Article;
    try {
      article = parseArticle(input.text, { format: input.format, path: `hostile.${input.format}` });
    } catch (error) {
      expect(input.expect).not.toBe("card");
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message.split("\n")).toHaveLength(1);
      return;
    }
    expect(input.expect).not.toBe("refusal");
    expectSmallAndVerbatim(summarize(article), article);
  });

  it("reads a page that opens with thirty empty comments as a page, at once", () => {
    const input = hostileInputs().find((h) => h.target === "feed sniffing");
    expect(looksLikeFeed("text/html", input?.text ?? "")).toBe(false);
    expect(looksLikeFeed("text/html", `${"<!---->".repeat(30)}<rss version="2.0">`)).toBe(true);
  });

  it("answers through the command line with exit 0 or one line and exit 1, never a stack", () => {
    const dir = mkdtempSync(join(tmpdir(), "briefbot-hostile-"));
    for (const input of hostileInputs().filter((h) => h.expect !== "card")) {
      const file = join(dir, `x.${input.format === "markdown" ? "md" : input.format === "html" ? "html" : "txt"}`);
      writeFileSync(file, input.text);
      const r = briefbot(["brief", "--json", file]);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      if (r.status === 0) expect(() => JSON.parse(r.stdout)).not.toThrow();
      else {
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
    }
  });
});
