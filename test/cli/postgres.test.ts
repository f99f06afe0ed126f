import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../fakes/web-server.ts";
import { ARTICLES, SEED } from "../helpers.ts";
import { createTestDatabase, databaseUrl, dropTestDatabases } from "../postgres/databases.ts";
import { freePort } from "../postgres/server.ts";
import { briefbot, briefbotAsync } from "./run.ts";

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(async () => {
  await web.close();
  await dropTestDatabases();
});

const dataDir = () => mkdtempSync(join(tmpdir(), "briefbot-cli-pg-"));

describe("the CLI on PostgreSQL (BRIEFBOT_DATABASE_URL)", () => {
  it("migrates, reports the version and engine, and keeps the library there, not in the data folder", async () => {
    const url = await createTestDatabase();
    const env = { BRIEFBOT_DATABASE_URL: url };
    const first = briefbot(["migrate", "--json"], { env });
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ engine: "postgres", from: 0 });
    expect(report.version).toBeGreaterThan(0);
    expect(report.library).not.toContain("briefbot-test"); // the password is never printed
    const again = briefbot(["migrate"], { env });
    expect(again.stdout).toMatch(/\(postgres\): schema version \d+, up to date/);
    const data = dataDir();
    expect(briefbot(["ingest", SEED, "--data-dir", data], { env }).status).toBe(0);
    const status = JSON.parse(briefbot(["status", "--json", "--data-dir", data], { env }).stdout);
    expect(status.library).toMatchObject({ engine: "postgres", exists: true, articles: 1 });
    const sqlite = JSON.parse(briefbot(["status", "--json", "--data-dir", data]).stdout);
    expect(sqlite.library).toMatchObject({ engine: "sqlite", exists: false, articles: 0 });
    const migrated = JSON.parse(briefbot(["migrate", "--json", "--data-dir", data]).stdout);
    expect(migrated).toMatchObject({ engine: "sqlite", from: 0, library: join(data, "briefbot.db") });
  });

  it("reads nothing into being: a read-only command on an empty database creates no tables", async () => {
    const url = await createTestDatabase();
    const r = briefbot(["search", "haven"], { env: { BRIEFBOT_DATABASE_URL: url } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/there is no library at postgres:\/\/postgres@127\.0\.0\.1:\d+\/briefbot_test_\w+ yet/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await client.end();
    expect(tables.rows[0].n).toBe(0);
  });

  it("says in one line what is wrong with the database: unreachable, missing, newer, not a URL", async () => {
    const oneLine = (r: { status: number | null; stderr: string }, pattern: RegExp) => {
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    };
    const down = `postgres://briefbot:sekrit@127.0.0.1:${await freePort()}/briefbot`;
    const unreachable = briefbot(["migrate"], { env: { BRIEFBOT_DATABASE_URL: down } });
    oneLine(
      unreachable,
      /^briefbot: BRIEFBOT_DATABASE_URL postgres:\/\/briefbot@127\.0\.0\.1:\d+\/briefbot: cannot reach PostgreSQL \(ECONNREFUSED\)/,
    );
    expect(unreachable.stderr).not.toContain("sekrit");
    oneLine(
      briefbot(["migrate"], { env: { BRIEFBOT_DATABASE_URL: databaseUrl("no_such_database") } }),
      /database "no_such_database" does not exist: create it first/,
    );
    const url = await createTestDatabase();
    expect(briefbot(["migrate"], { env: { BRIEFBOT_DATABASE_URL: url } }).status).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE briefbot_schema SET version = version + 1");
    await client.end();
    oneLine(
      briefbot(["status"], { env: { BRIEFBOT_DATABASE_URL: url } }),
      /made by a newer briefbot \(schema version \d+, this one knows \d+\); upgrade briefbot/,
    );
    const bad = briefbot(["migrate"], { env: { BRIEFBOT_DATABASE_URL: "mysql://db/briefbot" } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/BRIEFBOT_DATABASE_URL: a PostgreSQL URL/);
  });

  it("stores each article once when two processes ingest the same articles at once", async () => {
    const url = await createTestDatabase();
    const env = { BRIEFBOT_DATABASE_URL: url };
    // The same texts under other names as well: duplicates by text, found across the two processes.
    const copies = mkdtempSync(join(tmpdir(), "briefbot-cli-pg-copies-"));
    cpSync(ARTICLES, copies, { recursive: true });
    const runs = await Promise.all([
      briefbotAsync(["ingest", ARTICLES, copies, "--json"], env),
      briefbotAsync(["ingest", copies, ARTICLES, "--json"], env),
    ]);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const [a, b] = runs.map((r) => JSON.parse(r.stdout).added as number) as [number, number];
    const alone = JSON.parse(briefbot(["ingest", ARTICLES, "--json", "--data-dir", dataDir()]).stdout).added;
    expect(a + b).toBe(alone);
    const status = JSON.parse(briefbot(["status", "--json"], { env }).stdout);
    expect(status.library.articles).toBe(alone);
  });

  it("reads a feed once when two processes poll it at once: one holds its lease, the other passes it by", async () => {
    const url = await createTestDatabase();
    const env = { BRIEFBOT_DATABASE_URL: url };
    const feed = `${web.url}/feeds/news.rss`;
    // Not spawnSync: the fake web server answers from this process's event loop.
    expect((await briefbotAsync(["ingest", feed], env)).status).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE feeds SET last_polled_at = '2000-01-01T00:00:00Z', etag = NULL, last_modified = NULL");
    await client.end();
    const before = web.requests.filter((r) => r.path === "/feeds/news.rss").length;
    const polls = await Promise.all([briefbotAsync(["poll", "--json"], env), briefbotAsync(["poll", "--json"], env)]);
    for (const p of polls) expect(p.status, p.stderr).toBe(0);
    const read = polls.map((p) => (JSON.parse(p.stdout).feeds as unknown[]).length);
    expect([...read].sort()).toEqual([0, 1]);
    expect(web.requests.filter((r) => r.path === "/feeds/news.rss").length - before).toBe(1);
  });
});
