import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

it("a run with the tests' own PostgreSQL still exits 1 when a test fails", () => {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-exit-"));
  try {
    writeFileSync(join(dir, "fails.test.js"), 'it("fails", () => expect(1).toBe(2));\n');
    writeFileSync(
      join(dir, "vitest.config.mjs"),
      `export default { test: { globals: true, include: ["fails.test.js"], globalSetup: [${JSON.stringify(
        join(ROOT, "test", "postgres", "global-setup.ts"),
      )}] } };\n`,
    );
    const { BRIEFBOT_TEST_DATABASE_URL: _given, ...env } = process.env;
    const run = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--root", dir, "--config", "vitest.config.mjs"],
      { cwd: dir, env, encoding: "utf8" },
    );
    expect(run.stdout + run.stderr).toMatch(/1 failed/);
    expect(run.status).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
