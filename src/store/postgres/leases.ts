import type pg from "pg";
import type { LeaseRow, Leases } from "../port.ts";

/** Named leases in PostgreSQL: one upsert decides who holds each, whatever replicas race for it. */
export function createPgLeases(pool: pg.Pool): Leases {
  return {
    async acquire(name, owner, until, now) {
      const r = await pool.query<{ owner: string }>(
        `INSERT INTO leases (name, owner, until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
           WHERE leases.until < $4 OR leases.owner = excluded.owner
         RETURNING owner`,
        [name, owner, until.toISOString(), now.toISOString()],
      );
      return r.rows[0]?.owner === owner;
    },
    async release(name, owner) {
      await pool.query("DELETE FROM leases WHERE name = $1 AND owner = $2", [name, owner]);
    },
    live: async (prefix, now) =>
      (
        await pool.query<LeaseRow>(
          "SELECT name, owner, until FROM leases WHERE left(name, length($1)) = $1 AND until >= $2 ORDER BY name",
          [prefix, now.toISOString()],
        )
      ).rows,
  };
}
