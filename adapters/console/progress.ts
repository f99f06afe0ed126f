import cliProgress from "cli-progress";
import type { ProgressDisplay } from "../../src/commands/library.ts";

/** A progress bar on standard error for bulk ingests; only on a terminal. */
export function createTerminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay | undefined {
  if (!stream.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream, format: "ingest [{bar}] {value}/{total} {label}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { label: "" }),
    update: (done, label) => bar.update(done, { label: label.length > 40 ? `…${label.slice(-39)}` : label }),
    stop: () => bar.stop(),
  };
}
