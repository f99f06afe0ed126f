import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openStore, type Store } from "../../src/store/index.ts";
import { PG_MIGRATIONS } from "../../src/store/postgres/migrations.ts";
import { MIGRATIONS } from "../../src/store/sqlite/migrations.ts";
import { createTestDatabase } from "../postgres/databases.ts";

/** One library on one engine, opened as often as a test likes (every open is a process's own). */
export interface TestLibrary {
  open(options?: { now?: () => Date; encryptionKey?: Buffer }): Promise<Store>;
  /** Rows of a query run on the engine directly, outside the store: what is at rest. */
  raw(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Statements run on the engine directly, outside the store (a trigger that fails a write, say). */
  exec(sql: string): Promise<void>;
  /** Mark the library as made by a newer briefbot (one schema version past this one's). */
  bumpSchema(): Promise<void>;
  /** The newest schema version this briefbot knows on the engine. */
  knownVersion: number;
}

/**
 * What an engine brings to the store contract (as publishers bring a driver to theirs): a fresh,
 * empty library each time it is asked.
 */
export interface StoreDriver {
  engine: "sqlite" | "postgres";
  library(): Promise<TestLibrary>;
}

export const sqliteDriver: StoreDriver = {
  engine: "sqlite",
  async library() {
    const dir = mkdtempSync(join(tmpdir(), "briefbot-contract-"));
    const file = join(dir, "briefbot.db");
    return {
      open: (options = {}) => openStore({ dataDir: dir, ...options }),
      async raw(sql) {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(sql).all() as Array<Record<string, unknown>>;
        } finally {
          db.close();
        }
      },
      async exec(sql) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async bumpSchema() {
        const db = new Database(file);
        db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
        db.close();
      },
      knownVersion: MIGRATIONS.length,
    };
  },
};

export const postgresDriver: StoreDriver = {
  engine: "postgres",
  async library() {
    const url = await createTestDatabase();
    const run = async (sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows as Array<Record<string, unknown>>;
      } finally {
        await client.end();
      }
    };
    return {
      open: (options = {}) => openStore({ databaseUrl: url, ...options }),
      raw: run,
      async exec(sql) {
        await run(sql);
      },
      async bumpSchema() {
        await run(`UPDATE briefbot_schema SET version = ${PG_MIGRATIONS.length + 1}`);
      },
      knownVersion: PG_MIGRATIONS.length,
    };
  },
};

/** Both engines, for `describe.each`. */
export const STORE_DRIVERS = [sqliteDriver, postgresDriver];
