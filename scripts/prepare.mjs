// `npm ci` and `npm install` build dist/ (the compiled JavaScript the bin runs). Installed without
// the dev dependencies (`npm ci --omit=dev`, where dist/ was built beforehand, as in the
// Dockerfile), there is no TypeScript to build with: say so and leave dist/ as it is.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  process.stderr.write("briefbot: TypeScript is not installed (--omit=dev); dist/ is not rebuilt\n");
  process.exit(0);
}
const built = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
process.exit(built.status ?? 1);
