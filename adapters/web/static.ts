import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../src/paths.ts";

/** The console's own files: read once from the package (they ship as they are, no build step). */
const FILES: Record<string, string> = {
  "console.css": "text/css; charset=utf-8",
  "cards.css": "text/css; charset=utf-8",
  "console.js": "text/javascript; charset=utf-8",
};

const cache = new Map<string, string>();

/** A static file by name, or undefined for any name not in the list (no path ever reaches the disk). */
export function staticFile(name: string): { body: string; type: string } | undefined {
  const type = FILES[name];
  if (!type) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(join(PACKAGE_ROOT, "adapters", "web", "static", name), "utf8");
    cache.set(name, body);
  }
  return { body, type };
}
