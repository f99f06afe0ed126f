import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { MIGRATIONS } from "../../src/store/sqlite/migrations.ts";

// What every engine does alike is in the store contract (contract.test.ts); here, SQLite's own.
describe("the SQLite store", () => {
  it("creates one WAL database file, owner-only, at the newest schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), "briefbot-store-"));
    const store = await openStore({ dataDir: join(dir, "data") });
    expect(store.location).toBe(join(dir, "data", "briefbot.db"));
    await store.close();
    const db = new Database(join(dir, "data", "briefbot.db"), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    expect(statSync(join(dir, "data", "briefbot.db")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "data")).mode & 0o777).toBe(0o700);
  });

  it("knows a claim's owner is gone when it names this host and a process that no longer runs", async () => {
    const store = await openStore({ file: ":memory:" });
    const { hostname } = await import("node:os");
    expect(store.isOwnerGone(`${hostname()}:4194303:dead`)).toBe(true);
    expect(store.isOwnerGone(`${hostname()}:${process.pid}:alive`)).toBe(false);
    expect(store.isOwnerGone("elsewhere:1:x")).toBe(false);
    await store.close();
  });
});
