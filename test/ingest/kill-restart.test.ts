import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { BIN, briefbotAsync } from "../cli/run.ts";
import { fixtureArticles, readArticleFixture } from "../helpers.ts";

const ARTICLES = 300;

/** Count the stored articles from outside, as a second reader of the WAL database. */
function stored(dbFile: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe("a bulk ingest killed with SIGKILL", () => {
  it("leaves a database that opens, and a rerun completes it without duplicates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "briefbot-kill-"));
    const articles = join(dir, "articles");
    const data = join(dir, "data");
    mkdirSync(articles);
    // 300 distinct articles made at test time from the project's own fixtures, each with a numbered closing line.
    const bases = fixtureArticles().map((f) => readArticleFixture(f.path));
    for (let i = 0; i < ARTICLES; i++) {
      const base = bases[i % bases.length];
      const closing =
        base?.lang === "nl" ? `Dit is bericht ${i + 1} van de reeks.` : `This is report ${i + 1} of the series.`;
      writeFileSync(
        join(articles, `${String(i).padStart(4, "0")}.txt`),
        `# ${base?.title ?? `Report ${i + 1}`}\n\n${base?.text}\n\n${closing}\n`,
      );
    }
    const dbFile = join(data, "briefbot.db");

    const child = spawn(process.execPath, [BIN, "ingest", articles, "--data-dir", data], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    for (let i = 0; i < 600 && stored(dbFile) < 40; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const before = stored(dbFile);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(ARTICLES);

    const db = new Database(dbFile);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();

    const rerun = await briefbotAsync(["ingest", articles, "--json", "--data-dir", data]);
    expect(rerun.status).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.failed).toBe(0);
    expect(summary.added + summary.skipped).toBe(ARTICLES);
    expect(summary.skipped).toBeGreaterThanOrEqual(before);

    const check = new Database(dbFile, { readonly: true });
    const counts = check
      .prepare(
        "SELECT count(*) AS n, count(DISTINCT content_hash) AS hashes, (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM articles_fts) AS fts FROM articles",
      )
      .get();
    await check.close();
    // The BBC set has a few texts twice; duplicates are skipped, never stored twice.
    expect(counts).toEqual({
      n: summary.added + before,
      hashes: summary.added + before,
      cards: summary.added + before,
      fts: summary.added + before,
    });
  }, 120_000);
});
