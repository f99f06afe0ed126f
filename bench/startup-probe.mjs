// Loaded with --import by the start-up benchmark into every command it times, bare node included:
// at exit, the process's own peak resident memory goes to file descriptor 3.
import { writeSync } from "node:fs";

process.on("exit", () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // No fd 3: run outside the benchmark.
  }
});
