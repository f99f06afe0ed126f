#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` runs too).
let main;
try {
  ({ main } = await import("../dist/src/main.js"));
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/src/main.js")) throw error;
  process.stderr.write("briefbot: dist/ is missing or incomplete; run `npm run build` (npm ci does it too)\n");
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
// A Discord shard started by the ShardingManager talks to it over IPC; an open channel would keep
// this process alive after its work is done.
if (process.connected) process.disconnect();
