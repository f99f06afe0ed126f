import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BriefingCardSchema } from "../../src/schemas.ts";
import { ARTICLES, FIXTURES, SEED } from "../helpers.ts";
import { briefbot as run } from "./run.ts";

const briefbot = (args: string[], input?: string | Buffer) => run(args, { input });

describe("briefbot brief", () => {
  it("prints the seed card readably", () => {
    const r = briefbot(["brief", SEED]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Kernpunten");
    expect(r.stdout).toContain("— Jelena Tsjernenko, defensieanalist bij de Russische zakenkrant Kommersant");
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it("prints the card as JSON in the card schema", () => {
    const r = briefbot(["brief", "--json", join(ARTICLES, "en-grocery-merger.md")]);
    expect(r.status).toBe(0);
    const card = BriefingCardSchema.parse(JSON.parse(r.stdout));
    expect(card.headline).toBe("Harlow Foods agrees to buy Greenway Markets in $2.5 billion deal");
    expect(card.lang).toBe("en");
  });

  it("reads standard input with -", () => {
    const r = briefbot(
      ["brief", "--json", "-"],
      "date 2024-05-01 Het kabinet zei dat “het kan”, aldus de minister. Het duurt drie maanden. Daarna volgt meer.",
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).date).toBe("2024-05-01");
  });

  it("briefs everything in briefings/ when given no file", () => {
    const r = briefbot(["brief", "--json"]);
    expect(r.status).toBe(0);
    const cards = JSON.parse(r.stdout);
    expect(Array.isArray(cards)).toBe(true);
    expect(
      cards.some((c: { quotes: Array<{ speaker?: string }> }) => c.quotes.some((q) => q.speaker === "Denis Volkov")),
    ).toBe(true);
  });

  it("runs the main job with no arguments at all", () => {
    const r = briefbot([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Denis Volkov");
  });

  it.each([
    ["a missing file", join(FIXTURES, "bad", "nope.txt"), /nope\.txt: no such file/],
    ["a directory without articles", join(FIXTURES, "bad", "..", "..", "cli"), /no articles/],
    ["an empty file", join(FIXTURES, "bad", "empty.txt"), /empty\.txt: empty file/],
    ["a blank file", join(FIXTURES, "bad", "whitespace.txt"), /whitespace\.txt: empty file/],
    ["binary data", join(FIXTURES, "bad", "binary.bin"), /binary\.bin: binary data/],
    [
      "text that is not UTF-8",
      join(FIXTURES, "bad", "latin1.txt"),
      /latin1\.txt: not UTF-8 text \(invalid byte at offset \d+\)/,
    ],
    ["HTML without text", join(FIXTURES, "bad", "no-text.html"), /no-text\.html: no article text found in the HTML/],
  ])("refuses %s with one clear line and exit 1", (_what, path, message) => {
    const r = briefbot(["brief", path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it("refuses an input over the size limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "briefbot-"));
    const big = join(dir, "big.txt");
    writeFileSync(big, "Een zin. ".repeat(2000));
    const r = briefbot(["brief", "--max-bytes", "1000", big]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/big\.txt: too large \(17\.6 KiB; the limit is 1000 bytes\)/);
  });

  it("goes on with the rest of a folder when one article is bad, and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "briefbot-"));
    writeFileSync(join(dir, "a.txt"), "Het kabinet heeft besloten. De minister zei dat “het kan”. Er komt meer geld.");
    writeFileSync(join(dir, "b.txt"), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const r = briefbot(["brief", "--json", dir]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    expect(r.stderr).toMatch(/b\.txt: binary data/);
  });

  it("answers a usage error with exit 2", () => {
    expect(briefbot(["brief", "--format", "pdf", SEED]).status).toBe(2);
    expect(briefbot(["frobnicate"]).status).toBe(2);
  });
});
