import pg from "pg";
import { BriefbotError } from "../../errors.ts";

const TIMESTAMPTZ = 1184;
const INT8 = 20;
const NUMERIC = 1700;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);

/**
 * How rows come back: instants as the ISO strings SQLite keeps (so both engines answer alike),
 * 64-bit counts and ids as numbers (they stay far below 2^53).
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === TIMESTAMPTZ) return (v: string) => (parseTimestamp(v) as Date).toISOString();
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as "text");
  }) as typeof pg.types.getTypeParser,
};

/** The URL without its password, fit for logs and `status`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString().replace(/:@/, "@");
  } catch {
    return "postgres://…";
  }
}

/** A pool on `BRIEFBOT_DATABASE_URL`; an idle connection's error is logged by the pool's user, never fatal. */
export function createPool(url: string, max = 10, settings?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(settings ? { options: settings } : {}),
    types,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: "briefbot",
  });
  // A dropped idle connection (a restarted server) is replaced on the next query; without a
  // listener, node-postgres would crash the process with it.
  pool.on("error", () => {});
  return pool;
}

/** Transient failures a transaction is run again for: serialization, deadlock, a lost unique race. */
const RETRYABLE = new Set(["40001", "40P01", "23505"]);

/**
 * Run `fn` in one transaction on one connection; run it again (a few times) when PostgreSQL
 * reports a serialization failure, a deadlock or a unique-key race that a second look resolves.
 */
export async function transaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { lock?: readonly string[] } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      // With locks to take first, one round trip opens the transaction and takes them.
      await client.query(options.lock?.length ? `BEGIN; ${lockSql(client, options.lock)}` : "BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      const code = (error as { code?: string }).code ?? "";
      if (attempt < 5 && RETRYABLE.has(code)) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Take transaction-scoped advisory locks on `keys` (any strings), in one order so that two
 * transactions never wait on each other in a cycle: what serializes work on one thing across
 * replicas without locking a table.
 */
export async function lockKeys(client: pg.PoolClient, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await client.query(lockSql(client, keys));
}

/** The statement that takes the advisory locks of `keys`, in the order of their hashes. */
function lockSql(client: pg.PoolClient, keys: readonly string[]): string {
  const list = keys.map((k) => client.escapeLiteral(k)).join(", ");
  return `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(s, 0) AS k FROM unnest(ARRAY[${list}]::text[]) AS s ORDER BY 1) l`;
}

/**
 * A statement prepared once per connection under `name` (parsed and planned once): for the
 * ledger's statements, run for every delivery. Never for search, whose plan depends on the words.
 */
export const prepared =
  (name: string, text: string) =>
  (values: unknown[]): pg.QueryConfig => ({ name, text, values });

/** One line for a database that cannot be reached or used, naming the URL (no password) and what to do. */
export function connectionFailure(url: string, error: unknown): BriefbotError {
  if (error instanceof BriefbotError) return error;
  const where = redactUrl(url);
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  const line = (text: string) =>
    new BriefbotError("CONFIG", `BRIEFBOT_DATABASE_URL ${where}: ${text}`, { cause: error });
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.code === "EAI_AGAIN" || e.code === "ETIMEDOUT")
    return line(`cannot reach PostgreSQL (${e.code}); is the server running, and is the host right?`);
  if (/timeout/i.test(message)) return line(`PostgreSQL did not answer within 10 s (${message})`);
  if (e.code === "28P01" || e.code === "28000") return line(`PostgreSQL refused the login (${message})`);
  if (e.code === "3D000") return line(`${message}: create it first (createdb), or name another database`);
  if (e.code === "42501")
    return line(`this user may not do that (${message}); grant it, or connect as the database's owner`);
  return line(`cannot use the database (${message})`);
}
