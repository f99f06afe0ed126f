import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createConsolePublisher } from "../../adapters/console/publisher.ts";
import { DEFINITIONS_ORIGIN, loadDefinitions } from "../../src/briefing/definitions.ts";
import { nextSlot } from "../../src/briefing/schedule.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { openStore } from "../../src/store/index.ts";
import { briefbot } from "../cli/run.ts";
import { ARTICLES, recordingLogger, SEED } from "../helpers.ts";
import { createTestDatabase, dropTestDatabases } from "../postgres/databases.ts";
import { startConsole } from "./library.ts";

afterAll(() => dropTestDatabases());

const definition = (name: string, topic: string, destination: string) =>
  `name: ${name}\nschedule: "*/5 * * * *"\ntimezone: Europe/Amsterdam\ntopic: ${topic}\nmaxCards: 5\ndestinations: [${destination}]\n`;

/** A page of the console, as text. */
async function page(base: string, path: string): Promise<string> {
  const r = await fetch(`${base}${path}`);
  expect(r.status, path).toBe(200);
  return r.text();
}

describe("the web console on PostgreSQL (BRIEFBOT_DATABASE_URL)", () => {
  it("serves the library, search, a card, the schedule, the ledger and why not from the shared database", async () => {
    const url = await createTestDatabase();
    const env = { BRIEFBOT_DATABASE_URL: url };
    // The data folder holds no library: everything the console shows comes from PostgreSQL.
    const dataDir = mkdtempSync(join(tmpdir(), "briefbot-console-pg-"));
    const briefingsDir = mkdtempSync(join(tmpdir(), "briefbot-console-pg-defs-"));
    writeFileSync(join(briefingsDir, "oekraine.yaml"), definition("oekraine", "oekraine", "console"));
    writeFileSync(join(briefingsDir, "havens.yaml"), definition("havens", "haven", "console:haven"));
    const ingest = briefbot(["ingest", SEED, ARTICLES, "--data-dir", dataDir], { env });
    expect(ingest.status, ingest.stderr).toBe(0);
    const hits = briefbot(["search", "oekraine", "--json", "--data-dir", dataDir], { env });
    const seed = (JSON.parse(hits.stdout) as Array<{ articleId: string }>)[0]?.articleId as string;
    expect(seed).toMatch(/^a_/);

    // One slot of each briefing delivered, as serve would, so that the ledger holds a delivery.
    let at = Date.now();
    const store = await openStore({ databaseUrl: url, now: () => new Date(at) });
    try {
      await store.ledger.syncSubscriptions(DEFINITIONS_ORIGIN, await loadDefinitions(briefingsDir), new Date(at));
      const engine = createDeliveryEngine({
        store,
        publishers: { console: createConsolePublisher({ write: () => {} }) },
        log: recordingLogger().log,
        now: () => new Date(at),
      });
      at = (nextSlot("*/5 * * * *", "Europe/Amsterdam", new Date(at)) as Date).getTime() + 1_000;
      await engine.runDue();
    } finally {
      await store.close();
    }

    const server = await startConsole({ dataDir, briefingsDir, ids: { seed, hostile: "", backlog: "" } }, env);
    try {
      const library = await page(server.url, "/");
      expect(library).toContain(`id="card-${seed}"`);
      const search = await page(server.url, "/?q=oekraine");
      expect(/id="card-(a_[^"]+)"/.exec(search)?.[1]).toBe(seed);
      const card = await page(server.url, `/cards/${seed}`);
      expect(card).toContain("Poetin");
      expect(await page(server.url, "/schedule")).toContain("oekraine");
      const deliveries = await page(server.url, "/deliveries?subscription=oekraine");
      expect(deliveries).toContain('class="badge badge-delivered"');
      expect(deliveries).toContain(`/cards/${seed}`);
      expect(await page(server.url, `/why?article=${seed}&subscription=oekraine`)).toContain('data-kind="delivered"');
      expect(await page(server.url, `/why?article=${seed}&subscription=havens`)).toContain('data-kind="off-topic"');
      await page(server.url, "/feeds");
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("refuses an empty database in one line, and creates nothing in it", async () => {
    const url = await createTestDatabase();
    const r = briefbot(["console", "--data-dir", mkdtempSync(join(tmpdir(), "briefbot-console-pg-"))], {
      env: { BRIEFBOT_DATABASE_URL: url },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/there is no library at postgres:\/\/postgres@127\.0\.0\.1:\d+\/briefbot_test_\w+ yet/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await client.end();
    expect(tables.rows[0].n).toBe(0);
  });
});
