import type Database from "better-sqlite3";
import type { Installations } from "../port.ts";
import { createSecretBox, type SecretBox } from "../secrets.ts";

/** Installations hold bot tokens: sealed with the box's key when there is one. */
export function createInstallations(
  db: Database.Database,
  now: () => Date,
  box: SecretBox = createSecretBox(),
): Installations {
  const put = db.prepare(
    `INSERT INTO installations (platform, key, data, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  );
  const get = db.prepare<[string, string], { data: string }>(
    "SELECT data FROM installations WHERE platform = ? AND key = ?",
  );
  const remove = db.prepare("DELETE FROM installations WHERE platform = ? AND key = ?");
  return {
    put: async (platform, key, data) => {
      put.run(platform, key, box.seal(JSON.stringify(data)), now().toISOString());
    },
    get: async <T>(platform: string, key: string) => {
      const row = get.get(platform, key);
      return row ? (JSON.parse(box.open(row.data)) as T) : undefined;
    },
    delete: async (platform, key) => {
      remove.run(platform, key);
    },
  };
}
