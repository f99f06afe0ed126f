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
    async verify() {
      let sealed = 0;
      let resealed = 0;
      const { rows } = await pool.query<{ platform: string; key: string; data: string }>(
        "SELECT platform, key, data FROM installations",
      );
      for (const row of rows) {
        if (!box.isSealed(row.data)) continue;
        box.open(row.data);
        sealed++;
      }
      if (box.encrypted)
        for (const row of rows) {
          if (box.isSealed(row.data)) continue;
          // Only the value read is replaced: a put meanwhile wins.
          const r = await pool.query(
            "UPDATE installations SET data = $1 WHERE platform = $2 AND key = $3 AND data = $4",
            [box.seal(row.data), row.platform, row.key, row.data],
          );
          resealed += r.rowCount ?? 0;
        }
      return { sealed, resealed };
    },
  };
}
