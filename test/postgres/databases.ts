import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** The tests' PostgreSQL server (see `global-setup.ts`). */
export const postgresUrl = (): string => inject("postgresUrl");

/** The URL of database `name` on the same server. */
export function databaseUrl(name: string, base = postgresUrl()): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

const made: string[] = [];

/** A new, empty database of its own for one test: its URL. Dropped by {@link dropTestDatabases}. */
export async function createTestDatabase(base = postgresUrl()): Promise<string> {
  const name = `briefbot_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  made.push(name);
  return databaseUrl(name, base);
}

/** Drop the databases this test file made (a shared server stays clean). */
export async function dropTestDatabases(base = postgresUrl()): Promise<void> {
  if (made.length === 0) return;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    for (const name of made.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
