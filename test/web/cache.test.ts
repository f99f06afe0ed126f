import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withLibraryCache } from "../../adapters/web/cache.ts";
import { createStoreData } from "../../adapters/web/store-data.ts";
import { parseArticle } from "../../src/article/parse.ts";
import { openStore, type Store } from "../../src/store/store.ts";
import { carded, readArticleFixture, SEED } from "../helpers.ts";

const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe("the library's results kept for a few seconds", () => {
  it("answers the same search from memory within the time, and from the library after it", async () => {
    const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-cache-")) });
    open.push(store);
    store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
    let t = 0;
    const data = withLibraryCache(createStoreData({ store }), 10_000, () => t);
    const ask = async (q: string, page = 0) =>
      (await data.library({ q, page, perPage: 20 })).entries.map((e) => e.card.headline);
    expect(await ask("oekraine")).toHaveLength(1);
    store.save(
      carded({ article: parseArticle("Een tweede bericht over Oekraïne en de grens. Morgen meer."), origin: "x" }),
    );
    t = 9_000;
    expect(await ask("oekraine")).toHaveLength(1);
    // Another page or another search is another question.
    expect(await ask("oekraine grens")).toHaveLength(1);
    t = 10_001;
    expect(await ask("oekraine")).toHaveLength(2);
  });
});
