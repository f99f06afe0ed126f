import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") || f.endsWith(".tsx"))
    .map((f) => join(dir, f));
}

describe("the dependency arrow points inward", () => {
  it("keeps src/ free of platform libraries and adapters, except the composition root", () => {
    const offenders = tsFiles(join(ROOT, "src")).filter((file) => {
      const code = readFileSync(file, "utf8");
      if (/from\s+["'](@slack\/|discord\.js|node-cron|@discordjs\/|hono|@hono\/|playwright)/.test(code)) return true;
      return !file.endsWith("main.ts") && /from\s+["'][./]*adapters\//.test(code);
    });
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it("keeps the store from summarizing: src/store never imports src/summarize", () => {
    const offenders = tsFiles(join(ROOT, "src", "store")).filter((file) =>
      /from\s+["'][./]*summarize\//.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it("keeps the web console's pages off the store: only its data port's implementation reads it", () => {
    const web = join(ROOT, "adapters", "web");
    const offenders = tsFiles(web).filter(
      (file) => !file.endsWith("store-data.ts") && /from\s+["'][./]*src\/store\//.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
    expect(tsFiles(web).some((f) => f.endsWith("store-data.ts"))).toBe(true);
  });
});
