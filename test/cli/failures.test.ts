import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SEED } from "../helpers.ts";
import { BIN, briefbot, CLI_ENV } from "./run.ts";

/** A folder others may enter: what the tests that run briefbot as another user need. */
function temp(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `briefbot-failures-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Run briefbot as a user for whom `chmod` means something: as root, `nobody` (root reads
 * everything); otherwise the current user.
 */
function asUnprivileged(args: string[], cwd: string) {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...CLI_ENV, HOME: cwd },
    ...asNobody,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * As root the unprivileged runs are `nobody`'s, who must be able to reach the checkout's
 * `bin/briefbot.js`: from a checkout under a folder only root may enter (a `mktemp -d`), they
 * cannot run, and are skipped, saying so.
 */
const UNPRIVILEGED_CAN_RUN = process.getuid?.() !== 0 || reachableByOthers(dirname(BIN));
if (!UNPRIVILEGED_CAN_RUN)
  console.warn(
    `failures.test.ts: skipping the unreadable-file cases: as root they run as nobody, who cannot reach ${dirname(BIN)}`,
  );

function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** The one line a refusal is: `briefbot: …`, never a stack. */
function expectOneLine(stderr: string, pattern: RegExp) {
  expect(stderr).not.toMatch(/^\s+at /m);
  const lines = stderr.split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("a library that cannot be used is one line, exit 1, and nothing in it is touched", () => {
  it("refuses a file that is not a database", () => {
    const data = temp("notadb");
    writeFileSync(join(data, "briefbot.db"), "these are not the pages you are looking for\n".repeat(100));
    const r = briefbot(["search", "haven", "--data-dir", data]);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /^briefbot: .*briefbot\.db: not a briefbot library \(not an SQLite database\)/);
  });

  it("refuses a library made by a newer briefbot, leaving it as it is", async () => {
    const data = temp("newer");
    briefbot(["ingest", SEED, "--data-dir", data]);
    const file = join(data, "briefbot.db");
    const db = new Database(file);
    db.pragma("user_version = 99");
    db.close();
    for (const args of [["search", "haven"], ["ingest", SEED], ["status"]]) {
      const r = briefbot([...args, "--data-dir", data]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /briefbot\.db: made by a newer briefbot \(schema version 99, this one knows \d+\); upgrade briefbot/,
      );
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(99);
    await check.close();
  });

  it.skipIf(!UNPRIVILEGED_CAN_RUN)(
    "says so when the library's folder cannot be written by this user, even to search",
    () => {
      const dir = temp("readonly");
      const data = join(dir, "data");
      briefbot(["ingest", SEED, "--data-dir", data]);
      chmodSync(data, 0o755);
      chmodSync(join(data, "briefbot.db"), 0o644);
      const r = asUnprivileged(["search", "poetin", "--data-dir", data], dir);
      expect(r.status).toBe(1);
      expectOneLine(
        r.stderr,
        /briefbot\.db: cannot be opened for writing by this user .*run briefbot as the library's owner/,
      );
    },
  );

  it("makes a new library owner-only: the folder 0700, the file 0600", () => {
    const dir = temp("modes");
    const data = join(dir, "data");
    expect(briefbot(["ingest", SEED, "--data-dir", data]).status).toBe(0);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, "briefbot.db")).mode & 0o777).toBe(0o600);
  });
});

describe("unreadable articles and folders", () => {
  it.skipIf(!UNPRIVILEGED_CAN_RUN)(
    "briefs the rest of a folder when one file cannot be read, naming it, and exits 1",
    () => {
      const dir = temp("unreadable-file");
      const articles = join(dir, "articles");
      mkdirSync(articles, { mode: 0o755 });
      copyFileSync(SEED, join(articles, "a-seed.txt"));
      writeFileSync(join(articles, "b-secret.txt"), "date 2024-01-01 Een geheim artikel. Het is niet te lezen.\n");
      chmodSync(join(articles, "a-seed.txt"), 0o644);
      chmodSync(join(articles, "b-secret.txt"), 0o000);
      const r = asUnprivileged(["brief", "--json", articles], dir);
      expect(r.status).toBe(1);
      expectOneLine(r.stderr, /b-secret\.txt: permission denied/);
      expect(JSON.parse(r.stdout)).toHaveLength(1);
    },
  );

  it.skipIf(!UNPRIVILEGED_CAN_RUN)(
    "reports an unreadable subfolder as such, and goes on with the rest, in brief and in ingest",
    () => {
      const dir = temp("unreadable-folder");
      const articles = join(dir, "articles");
      mkdirSync(join(articles, "closed"), { recursive: true, mode: 0o755 });
      copyFileSync(SEED, join(articles, "seed.txt"));
      chmodSync(join(articles, "seed.txt"), 0o644);
      writeFileSync(join(articles, "closed", "x.txt"), "date 2024-01-01 Verborgen. Nog meer.\n");
      chmodSync(join(articles, "closed"), 0o000);
      const brief = asUnprivileged(["brief", "--json", articles], dir);
      expect(brief.status).toBe(1);
      expectOneLine(brief.stderr, /closed: cannot read the folder \(permission denied\)/);
      expect(JSON.parse(brief.stdout)).toHaveLength(1);
      // A library folder that user may write in.
      mkdirSync(join(dir, "data"));
      chmodSync(join(dir, "data"), 0o777);
      const ingest = asUnprivileged(["ingest", "--json", articles, "--data-dir", join(dir, "data")], dir);
      expect(ingest.status).toBe(1);
      const summary = JSON.parse(ingest.stdout);
      expect(summary.added).toBe(1);
      expect(summary.items.find((i: { outcome: string }) => i.outcome === "failed")).toMatchObject({
        reason: "cannot read the folder (permission denied)",
      });
      chmodSync(join(articles, "closed"), 0o755);
    },
  );

  it("answers a span too long to be a date with a usage error, exit 2", () => {
    const r = briefbot(["search", "haven", "--since", "99999999999w", "--data-dir", temp("since")]);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /--since 99999999999w: expected a span/);
  });
});
