import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { BriefbotError } from "../../errors.ts";
import { migrate, NewerSchemaError } from "./migrations.ts";

/**
 * Open the library's SQLite file in WAL mode and bring it to the current schema. A new file and
 * its folder are made owner-only (0600, 0700): the library holds Slack installations. Every way
 * this can fail is one line naming the file and what to do.
 */
export function openDatabase(file: string): { db: Database.Database; schema: { from: number; to: number } } {
  let db: Database.Database | undefined;
  try {
    if (file !== ":memory:") {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // Made first with the owner's mode, which SQLite gives its -wal and -shm files too.
      if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
    }
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const schema = migrate(db);
    return { db, schema };
  } catch (error) {
    db?.close();
    throw openFailure(file, error);
  }
}

function openFailure(file: string, error: unknown): BriefbotError {
  if (error instanceof BriefbotError) return error;
  if (error instanceof NewerSchemaError)
    return new BriefbotError(
      "CONFIG",
      `${file}: made by a newer briefbot (schema version ${error.found}, this one knows ${error.known}); upgrade briefbot, or use --data-dir for another library`,
      { cause: error },
    );
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message;
  if (code === "SQLITE_NOTADB")
    return new BriefbotError(
      "CONFIG",
      `${file}: not a briefbot library (not an SQLite database); move it away, or use --data-dir`,
      {
        cause: error,
      },
    );
  if (code.startsWith("SQLITE_CORRUPT"))
    return new BriefbotError(
      "CONFIG",
      `${file}: the library is damaged (${message}); restore it from a backup, or use --data-dir`,
      {
        cause: error,
      },
    );
  if (code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN" || code === "EACCES" || code === "EROFS")
    return new BriefbotError(
      "CONFIG",
      `${file}: cannot be opened for writing by this user (${message}); SQLite writes the file and its -wal and -shm beside it, so run briefbot as the library's owner, or use --data-dir`,
      { cause: error },
    );
  return new BriefbotError("CONFIG", `${file}: cannot open the library (${message})`, { cause: error });
}
