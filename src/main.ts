import { fileURLToPath } from "node:url";
import { renderCardText } from "../adapters/console/render.ts";
import { runCli } from "./cli.ts";

/** The bundled briefings folder, or `BRIEFBOT_BRIEFINGS_DIR`. */
function briefingsDir(env: NodeJS.ProcessEnv): string {
  return env.BRIEFBOT_BRIEFINGS_DIR || fileURLToPath(new URL("../briefings/", import.meta.url));
}

/** The composition root: wires the console adapter to the core and runs the command line. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const color = Boolean(process.stdout.isTTY) && !env.NO_COLOR;
  return runCli(argv.length === 0 ? ["brief"] : argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    renderCard: (card) => renderCardText(card, { color, width: process.stdout.columns }),
    briefingsDir: briefingsDir(env),
    stdin: process.stdin,
  });
}
