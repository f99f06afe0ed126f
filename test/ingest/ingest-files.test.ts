import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BriefingCardSchema } from "../../src/schemas.ts";
import { briefbot } from "../cli/run.ts";
import { ARTICLES, FIXTURES, ROOT } from "../helpers.ts";

const temp = () => mkdtempSync(join(tmpdir(), "briefbot-ingest-"));

describe("briefbot ingest with files and folders", () => {
  it("stores a folder, reports the summary as JSON, and finds the cards afterwards", () => {
    const data = temp();
    const r = briefbot(["ingest", "--json", join(ROOT, "briefings"), ARTICLES, "--data-dir", data]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ updated: 0, skipped: 0, failed: 0, feeds: [] });
    expect(summary.added).toBe(summary.items.length);
    expect(summary.added).toBeGreaterThanOrEqual(10);

    const found = briefbot(["search", "oekraine", "--json", "--data-dir", data]);
    expect(found.status).toBe(0);
    const cards = JSON.parse(found.stdout).map((c: unknown) => BriefingCardSchema.parse(c));
    expect(cards[0].quotes.map((q: { speaker?: string }) => q.speaker)).toContain("Jelena Tsjernenko");
  });

  it("skips what it has, reads BRIEFBOT_DATA_DIR, and updates a file whose text changed", () => {
    const data = temp();
    const dir = temp();
    const file = join(dir, "a.txt");
    writeFileSync(file, "De gemeente opent een brug. De wethouder zei dat “het mooi is”. Iedereen kwam kijken.");
    const env = { BRIEFBOT_DATA_DIR: data };
    expect(JSON.parse(briefbot(["ingest", "--json", dir], { env }).stdout).added).toBe(1);
    expect(JSON.parse(briefbot(["ingest", "--json", dir], { env }).stdout)).toMatchObject({ added: 0, skipped: 1 });
    writeFileSync(file, "De gemeente opent twee bruggen. De wethouder zei dat “het mooi is”. Iedereen kwam kijken.");
    expect(JSON.parse(briefbot(["ingest", "--json", dir], { env }).stdout)).toMatchObject({ added: 0, updated: 1 });
    const cards = JSON.parse(briefbot(["search", "bruggen", "--json"], { env }).stdout);
    expect(cards).toHaveLength(1);
  });

  it("exits 1 naming each bad file and its reason, while storing the rest and losing nothing stored", () => {
    const data = temp();
    expect(briefbot(["ingest", ARTICLES, "--data-dir", data]).status).toBe(0);
    const before = JSON.parse(briefbot(["search", "haven", "--json", "--data-dir", data]).stdout).length;
    const r = briefbot(["ingest", join(FIXTURES, "bad"), join(FIXTURES, "nope"), "--data-dir", data]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/failed 5/);
    expect(r.stdout).toMatch(/empty\.txt: empty file/);
    expect(r.stdout).toMatch(/latin1\.txt: not UTF-8 text/);
    expect(r.stdout).toMatch(/no-text\.html: no article text found/);
    expect(r.stdout).toMatch(/nope: no such file or folder/);
    expect(JSON.parse(briefbot(["search", "haven", "--json", "--data-dir", data]).stdout)).toHaveLength(before);
  });

  it("answers usage errors with exit 2", () => {
    expect(briefbot(["ingest"]).status).toBe(2);
    expect(briefbot(["search", "x", "--since", "yesterday"]).status).toBe(2);
    expect(briefbot(["search", "x", "--limit", "0"]).status).toBe(2);
  });

  it("prints the cards of articles dated within a span, the same date search filters on", () => {
    const data = temp();
    briefbot(["ingest", ARTICLES, "--data-dir", data]);
    // The fixtures are dated in 2024 and 2025, or not at all (then they count from when they were added).
    const all = JSON.parse(briefbot(["briefing", "--since", "2000-01-01", "--json", "--data-dir", data]).stdout);
    expect(all.length).toBeGreaterThanOrEqual(9);
    const recent = JSON.parse(briefbot(["briefing", "--since", "1h", "--json", "--data-dir", data]).stdout);
    const searched = JSON.parse(
      briefbot(["search", "de", "the", "--since", "1h", "--json", "--data-dir", data]).stdout,
    );
    expect(recent.length).toBeLessThan(all.length);
    for (const card of searched)
      expect(recent.map((c: { articleId: string }) => c.articleId)).toContain(card.articleId);
    const topic = JSON.parse(
      briefbot(["briefing", "--topic", "ziekenhuis heup", "--since", "2000-01-01", "--json", "--data-dir", data])
        .stdout,
    );
    expect(topic.map((c: { headline: string }) => c.headline)).toEqual([
      "Wachttijd voor nieuwe heup loopt op tot acht maanden",
    ]);
    expect(briefbot(["briefing", "--since", "2000-01-01", "--data-dir", data]).stdout).toContain("TL;DR");
  });
});
