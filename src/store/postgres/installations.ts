import type pg from "pg";
import type { Installations } from "../port.ts";
import { createSecretBox, type SecretBox } from "../secrets.ts";

/** Installations in PostgreSQL, sealed with the box's key as on SQLite. */
export function createPgInstallations(
  pool: pg.Pool,
  now: () => Date,
  box: SecretBox = createSecretBox(),
): Installations {
  return {
    async put(platform, key, data) {
      await pool.query(
        `INSERT INTO installations (platform, key, data, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        [platform, key, box.seal(JSON.stringify(data)), now().toISOString()],
      );
    },
    async get<T>(platform: string, key: string) {
      const row = (
        await pool.query<{ data: string }>("SELECT data FROM installations WHERE platform = $1 AND key = $2", [
          platform,
          key,
        ])
      ).rows[0];
      return row ? (JSON.parse(box.open(row.data)) as T) : undefined;
    },
    async delete(platform, key) {
      await pool.query("DELETE FROM installations WHERE platform = $1 AND key = $2", [platform, key]);
    },
  };
}
