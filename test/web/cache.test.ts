import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTtlCache } from "../../adapters/web/cache.ts";
import { createStoreData } from "../../adapters/web/store-data.ts";
import { parseArticle } from "../../src/article/parse.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { carded, readArticleFixture, SEED } from "../helpers.ts";

const open: Store[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe("library pages kept for a few seconds", () => {
  it("answers the same search from memory within the time, and from the library after it", async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-cache-")) });
    open.push(store);
    await store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
    let t = 0;
    const pages = createTtlCache<string[]>({ ttlMs: 10_000, now: () => t, jitter: 0 });
    const data = createStoreData({ store });
    let asked = 0;
    const ask = (q: string) =>
      pages.get(q, async () => {
        asked++;
        return (await data.library({ q, page: 0, perPage: 20 })).entries.map((e) => e.card.headline);
      });
    expect(await ask("oekraine")).toHaveLength(1);
    await store.save(
      carded({ article: parseArticle("Een tweede bericht over Oekraïne en de grens. Morgen meer."), origin: "x" }),
    );
    t = 9_000;
    // A burst of the same question within the time: one query, the first answer.
    const burst = await Promise.all([ask("oekraine"), ask("oekraine"), ask("oekraine")]);
    expect(burst.map((b) => b.length)).toEqual([1, 1, 1]);
    expect(asked).toBe(1);
    // Another question is asked of the library.
    expect(await ask("oekraine grens")).toHaveLength(1);
    t = 10_001;
    expect(await ask("oekraine")).toHaveLength(2);
    expect(asked).toBe(3);
  });

  it("keeps each value a little less than the time at random, never longer", async () => {
    let t = 0;
    const draws = [0, 1];
    const pages = createTtlCache<number>({ ttlMs: 10_000, now: () => t, random: () => draws.shift() ?? 0 });
    await pages.get("a", async () => 1);
    await pages.get("b", async () => 1);
    t = 8_000;
    expect(await pages.get("a", async () => 2)).toBe(1);
    expect(await pages.get("b", async () => 2)).toBe(2);
  });

  it("keeps no failure, and at most the number it was given", async () => {
    const pages = createTtlCache<number>({ max: 2, now: () => 0 });
    await expect(pages.get("a", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await pages.get("a", async () => 1)).toBe(1);
    await pages.get("b", async () => 2);
    await pages.get("c", async () => 3);
    expect(await pages.get("a", async () => 4)).toBe(4);
  });
});
