import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../src/briefing/definitions.ts";
import { ingestSources } from "../../src/ingest/ingest.ts";
import { openStore } from "../../src/store/index.ts";
import { BIN, briefbot, CLI_ENV } from "../cli/run.ts";
import { ARTICLES, ROOT, summarizer } from "../helpers.ts";

function temp(name: string) {
  return mkdtempSync(join(tmpdir(), `briefbot-${name}-`));
}

describe("briefing definitions", () => {
  it("reads the bundled definition and the interface's JSON example", async () => {
    expect(await loadDefinitions(join(ROOT, "briefings"))).toEqual([
      expect.objectContaining({
        id: "morning",
        schedule: "30 7 * * 1-5",
        timezone: "Europe/Amsterdam",
        destinations: ["console"],
      }),
    ]);
    const dir = temp("defs");
    writeFileSync(
      join(dir, "morning.json"),
      JSON.stringify({
        name: "morning",
        schedule: "30 7 * * 1-5",
        timezone: "Europe/Amsterdam",
        destinations: ["console"],
        topic: "haven",
        maxCards: 3,
      }),
    );
    writeFileSync(
      join(dir, "evening.yaml"),
      "name: evening\nschedule: '18:00'\nweekdays: [mon, fri]\ntimezone: America/New_York\ndestinations: [slack:C123ABC, discord:123456789012345678]\n",
    );
    expect(await loadDefinitions(dir)).toEqual([
      {
        id: "evening",
        origin: "definitions",
        schedule: "0 18 * * 1,5",
        timezone: "America/New_York",
        maxCards: 5,
        destinations: ["slack:C123ABC", "discord:123456789012345678"],
      },
      {
        id: "morning",
        origin: "definitions",
        schedule: "30 7 * * 1-5",
        timezone: "Europe/Amsterdam",
        maxCards: 3,
        destinations: ["console"],
        topic: "haven",
      },
    ]);
  });

  it("names every problem with its file and field", async () => {
    const dir = temp("bad-defs");
    writeFileSync(
      join(dir, "a.yaml"),
      "name: a\nschedule: '61 7 * * *'\ntimezone: Europe/Amsterdm\ndestinations: [console]\n",
    );
    writeFileSync(
      join(dir, "b.json"),
      JSON.stringify({ name: "b", schedule: "07:30", timezone: "UTC", destinations: ["pager:1"], colour: "red" }),
    );
    writeFileSync(join(dir, "c.yaml"), "name: [unclosed\n");
    writeFileSync(
      join(dir, "e.yaml"),
      "name: e\nschedule: '07:30'\ntimezone: UTC\ndestinations: [console]\nfirstLookback: 9007199254740w\n",
    );
    writeFileSync(
      join(dir, "d.json"),
      JSON.stringify({ name: "a", schedule: "07:30", timezone: "Europe/Amsterdam", destinations: ["console"] }),
    );
    const error = await loadDefinitions(dir).then(
      () => undefined,
      (e) => e,
    );
    const problems: string[] = error.problems;
    expect(problems.some((p) => /a\.yaml: schedule: .*minute: 61/.test(p))).toBe(true);
    expect(problems.some((p) => /b\.json: destinations\.0: a destination is console/.test(p))).toBe(true);
    expect(problems.some((p) => /b\.json: .*colour/.test(p))).toBe(true);
    expect(problems.some((p) => /c\.yaml: not valid YAML/.test(p))).toBe(true);
    expect(problems.some((p) => /e\.yaml: firstLookback: .*at most ten years/.test(p))).toBe(true);
    expect(problems.some((p) => /d\.json: name: "a" is taken by .*a\.yaml/.test(p))).toBe(false); // a.yaml was refused
  });
});

describe("briefbot serve", () => {
  it("catches up a slot missed while down, prints one JSON line per briefing, and exits 0 on SIGTERM", async () => {
    const data = temp("serve");
    const defs = temp("serve-defs");
    mkdirSync(join(defs, "x"));
    writeFileSync(
      join(defs, "x", "hourly.json"),
      JSON.stringify({
        name: "hourly",
        schedule: "*/10 * * * *",
        timezone: "Europe/Amsterdam",
        destinations: ["console", "console:news"],
      }),
    );
    // The library and the subscription as a run an hour ago left them.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const store = await openStore({ dataDir: data, now: () => hourAgo });
    await store.ledger.syncSubscriptions(
      "definitions",
      [
        {
          id: "hourly",
          origin: "definitions",
          schedule: "*/10 * * * *",
          timezone: "Europe/Amsterdam",
          maxCards: 5,
          destinations: ["console", "console:news"],
        },
      ],
      hourAgo,
    );
    await store.close();
    // News that came in 55 minutes ago, before the slots the bot then missed.
    const earlier = await openStore({ dataDir: data, now: () => new Date(hourAgo.getTime() + 5 * 60_000) });
    const summary = await ingestSources([ARTICLES], { store: earlier, summarizer });
    await earlier.close();
    expect(summary.added).toBeGreaterThan(0);

    const child = spawn(process.execPath, [BIN, "serve", "--json", "--data-dir", data], {
      env: { ...process.env, ...CLI_ENV, BRIEFBOT_BRIEFINGS_DIR: defs },
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const caughtUp = new Promise<void>((resolve) =>
      child.stdout.on("data", (d) => {
        out += d;
        if (out.split("\n").filter(Boolean).length >= 2) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    await caughtUp;
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    const lines = out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.destination).sort()).toEqual(["console", "console:news"]);
    expect(lines[0].briefing.cards.length).toBeGreaterThan(0);
    // Each line names every article it carries: all that were ingested, shown or as "+N more".
    for (const line of lines) {
      expect([...line.articles].sort()).toEqual(summary.items.map((i) => i.articleId).sort());
      expect(line.briefing.articles).toEqual(line.articles);
    }
    expect(err).toMatch(/"msg":"delivery"/);
    // Off a terminal, every log line is JSON, third-party messages included, without colour codes.
    for (const line of err.split("\n").filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    expect(err).not.toContain("\u001b[");

    const ledger = JSON.parse(briefbot(["deliveries", "--json", "--data-dir", data]).stdout);
    expect(ledger.length).toBeGreaterThanOrEqual(2);
    for (const row of ledger) {
      expect(
        Object.keys(row)
          .filter((k) => k !== "until")
          .sort(),
      ).toEqual([
        "articles",
        "attempts",
        "destination",
        "error",
        "messageRef",
        "more",
        "slot",
        "slotLocal",
        "status",
        "subscription",
      ]);
      expect(row.slotLocal).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d0:00\+0[12]:00$/);
    }
    // Catch-up: per destination, the latest slot carries everything, the slots before it are one missed range.
    for (const destination of ["console", "console:news"]) {
      const rows = ledger.filter((r: { destination: string }) => r.destination === destination);
      expect(rows.map((r: { status: string }) => r.status)).toEqual(["missed", "delivered"]);
      expect(Date.parse(rows[0].until)).toBeGreaterThan(Date.parse(rows[0].slot));
      expect(Date.parse(rows[0].until)).toBeLessThan(Date.parse(rows[1].slot));
      expect(rows[1].articles.length).toBe(summary.added);
    }
    expect(JSON.parse(briefbot(["deliveries", "--failed", "--json", "--data-dir", data]).stdout)).toEqual([]);
  }, 60_000);

  it("on a real clock, posts what was ingested before it started in the first minute's briefing, whatever the second", async () => {
    const data = temp("serve-minute");
    const defs = temp("serve-minute-defs");
    writeFileSync(
      join(defs, "every-minute.json"),
      JSON.stringify({
        name: "every-minute",
        schedule: "* * * * *",
        timezone: "Europe/Amsterdam",
        destinations: ["console"],
      }),
    );
    const ingested = JSON.parse(briefbot(["ingest", ARTICLES, "--json", "--data-dir", data]).stdout);
    const ids = ingested.items.map((i: { articleId: string }) => i.articleId).sort();
    expect(ids.length).toBeGreaterThan(0);
    const child = spawn(process.execPath, [BIN, "serve", "--json", "--data-dir", data], {
      env: { ...process.env, ...CLI_ENV, BRIEFBOT_BRIEFINGS_DIR: defs },
    });
    let out = "";
    const first = new Promise<void>((resolve) =>
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    const timeout = new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error("no briefing within 70 s")), 70_000),
    );
    try {
      await Promise.race([first, timeout]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    const line = JSON.parse(out.split("\n")[0] as string);
    expect([...line.articles].sort()).toEqual(ids);
  }, 90_000);

  it("refuses to start on a bad definition, naming it, with exit 1", () => {
    const defs = temp("serve-bad");
    writeFileSync(
      join(defs, "x.json"),
      JSON.stringify({ name: "x", schedule: "sometimes", timezone: "Europe/Amsterdam", destinations: ["console"] }),
    );
    const r = briefbot(["serve", "--data-dir", temp("serve-bad-data")], { env: { BRIEFBOT_BRIEFINGS_DIR: defs } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/x\.json: schedule: "sometimes" has 1 fields/);
  });
});
