import type Database from "better-sqlite3";
import type { LeaseRow, Leases } from "../port.ts";

/** Named leases in the SQLite file: one `INSERT … ON CONFLICT` decides who holds each. */
export function createLeases(db: Database.Database): Leases {
  const take = db.prepare<{ name: string; owner: string; until: string; now: string }, { owner: string }>(
    `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE leases.until < @now OR leases.owner = excluded.owner
     RETURNING owner`,
  );
  const drop = db.prepare("DELETE FROM leases WHERE name = ? AND owner = ?");
  const live = db.prepare<{ prefix: string; now: string }, LeaseRow>(
    "SELECT name, owner, until FROM leases WHERE substr(name, 1, length(@prefix)) = @prefix AND until >= @now ORDER BY name",
  );
  return {
    acquire: async (name, owner, until, now) =>
      take.get({ name, owner, until: until.toISOString(), now: now.toISOString() })?.owner === owner,
    release: async (name, owner) => {
      drop.run(name, owner);
    },
    live: async (prefix, now) => live.all({ prefix, now: now.toISOString() }),
  };
}
