import { afterAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/index.ts";
import { dropTestDatabases } from "../postgres/databases.ts";
import { postgresDriver, sqliteDriver } from "./drivers.ts";
import { saveFixtures } from "./library-contract.ts";
import { PARITY_QUERIES, STEMMED_QUERIES } from "./search-queries.ts";

/** Whether `part` appears within `whole` in the same order. */
const inOrderWithin = (part: readonly string[], whole: readonly string[]) => {
  let i = 0;
  for (const id of whole) if (id === part[i]) i++;
  return i === part.length;
};

describe("search on SQLite and PostgreSQL", () => {
  afterAll(() => dropTestDatabases());
  it("finds the same cards in the same order for the same library", async () => {
    const clock = () => new Date("2026-12-01T12:00:00Z");
    const stores: Store[] = [];
    for (const driver of [sqliteDriver, postgresDriver]) {
      const store = await (await driver.library()).open({ now: clock });
      await saveFixtures(store);
      stores.push(store);
    }
    const [sqlite, postgres] = stores as [Store, Store];
    try {
      const answers = async (store: Store) =>
        Promise.all(
          PARITY_QUERIES.map(async (q) => [q, (await store.findCards(q, { limit: 10 })).map((c) => c.articleId)]),
        );
      const fromSqlite = await answers(sqlite);
      expect(await answers(postgres)).toEqual(fromSqlite);
      // Not a comparison of empty answers: most queries find something.
      expect(fromSqlite.filter(([, ids]) => (ids?.length ?? 0) > 0).length).toBeGreaterThan(
        PARITY_QUERIES.length * 0.7,
      );
      for (const q of STEMMED_QUERIES) {
        const [lite, pg] = [await sqlite.findCards(q), await postgres.findCards(q)].map((cards) =>
          cards.map((c) => c.articleId),
        ) as [string[], string[]];
        expect(inOrderWithin(lite, pg), `${q}: ${lite} within ${pg}`).toBe(true);
        expect(pg.length, q).toBeGreaterThan(lite.length);
      }
      for (const options of [{ lang: "nl" }, { lang: "en" }, { since: new Date("2026-01-01") }, { limit: 2 }])
        for (const q of ["haven", "kabinet", "harlow", "oekr"])
          expect((await postgres.findCards(q, options)).map((c) => c.articleId)).toEqual(
            (await sqlite.findCards(q, options)).map((c) => c.articleId),
          );
    } finally {
      for (const s of stores) await s.close();
    }
  });
});
