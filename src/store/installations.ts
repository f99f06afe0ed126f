import type Database from "better-sqlite3";
import { createSecretBox, type SecretBox } from "./secrets.ts";

/** A platform's installations (Slack workspaces installed through OAuth), kept as its own JSON. */
export interface Installations {
  put(platform: string, key: string, data: unknown): void;
  get<T>(platform: string, key: string): T | undefined;
  delete(platform: string, key: string): void;
}

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
    put: (platform, key, data) => {
      put.run(platform, key, box.seal(JSON.stringify(data)), now().toISOString());
    },
    get: <T>(platform: string, key: string) => {
      const row = get.get(platform, key);
      return row ? (JSON.parse(box.open(row.data)) as T) : undefined;
    },
    delete: (platform, key) => {
      remove.run(platform, key);
    },
  };
}
