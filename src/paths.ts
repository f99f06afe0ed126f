import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own folder, whether this file runs from `src/` (tests, tsx) or from `dist/src/`
 * (the compiled executable): the nearest folder above it with a `package.json`.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRoot();
/** The articles and briefing definitions served out of the box. */
export const BUNDLED_BRIEFINGS = join(PACKAGE_ROOT, "briefings");
/** The executable, for child processes (Discord shards) that run briefbot again. */
export const BIN = join(PACKAGE_ROOT, "bin", "briefbot.js");
