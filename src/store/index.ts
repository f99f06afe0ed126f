import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Store } from "./port.ts";
import { DATABASE_FILE } from "./rows.ts";

export { canonicalFile, canonicalUrl, contentHash } from "./canonical.ts";
export type * from "./port.ts";
export { DATABASE_FILE } from "./rows.ts";

export interface StoreOptions {
  /** Folder that holds `briefbot.db` (SQLite); created when missing. */
  dataDir?: string;
  /** The SQLite file itself (`:memory:` for a throwaway store). */
  file?: string;
  /** `BRIEFBOT_DATABASE_URL`: a `postgres://` URL selects PostgreSQL instead of the SQLite file. */
  databaseUrl?: string;
  /** Seals secrets at rest (Slack installations' tokens): `BRIEFBOT_ENCRYPTION_KEY`, parsed. */
  encryptionKey?: Buffer;
  now?: () => Date;
}

/**
 * Open the library, creating it or bringing its schema up to date: PostgreSQL when a database URL
 * is given, else the SQLite file in the data folder. A library made by a newer briefbot is refused
 * with one line, on either engine. Each engine's module is loaded only when it is used.
 *
 * @example
 * const store = await openStore({ dataDir: "./data" });
 * const shared = await openStore({ databaseUrl: "postgres://briefbot@db/briefbot" });
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgresStore } = await import("./postgres/store.ts");
    return openPostgresStore({ ...options, url: options.databaseUrl });
  }
  const { openSqliteStore } = await import("./sqlite/store.ts");
  return openSqliteStore(options);
}

/**
 * The library when there is one, else undefined: commands that only read never create one (no
 * SQLite file is made, no tables in an empty PostgreSQL database).
 */
export async function openExistingStore(options: StoreOptions): Promise<Store | undefined> {
  if (options.databaseUrl) {
    const { postgresLibraryExists } = await import("./postgres/store.ts");
    if (!(await postgresLibraryExists(options.databaseUrl))) return undefined;
  } else if (!options.file && !existsSync(libraryFile(options.dataDir ?? "data"))) {
    return undefined;
  }
  return openStore(options);
}

/** The SQLite file of a data folder. */
export function libraryFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}
