import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The newest modification time under `dir` (TypeScript sources, .tsx included), 0 when there is none. */
function newest(dir: string, ext: RegExp): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !ext.test(entry.name)) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * The CLI tests run the compiled bin (dist/), as users do. `npm test` builds first; a targeted
 * `npx vitest run test/cli/…` after editing src/ would test the old build, so build here when a
 * source is newer than the build (incremental: a second or two).
 */
export default function setup(): void {
  const sources = Math.max(newest(join(ROOT, "src"), /\.tsx?$/), newest(join(ROOT, "adapters"), /\.tsx?$/));
  let built = 0;
  try {
    built = statSync(join(ROOT, "dist", ".tsbuildinfo")).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= sources) return;
  const tsc = spawnSync(process.execPath, [join(ROOT, "scripts", "prepare.mjs")], { cwd: ROOT, stdio: "inherit" });
  if (tsc.status !== 0) throw new Error("building dist/ failed: see the TypeScript errors above");
}
