import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArticle } from "../../src/article/parse.ts";
import type { Subscription } from "../../src/schemas.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { carded } from "../helpers.ts";

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Waits are recorded and move the manual clock on: nothing is slept for real. */
export function recordingSleep(clock?: { advance: (ms: number) => void }) {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock?.advance(ms);
    },
  };
}

/** Stores made by a test file; close them in `afterEach`. */
export function storeKeeper() {
  const stores: Store[] = [];
  return {
    async open(now: () => Date, dir = mkdtempSync(join(tmpdir(), "briefbot-delivery-"))): Promise<Store> {
      const store = await openStore({ dataDir: dir, now });
      stores.push(store);
      return store;
    },
    async closeAll() {
      for (const s of stores.splice(0)) await s.close();
    },
  };
}

let articleNo = 0;
/** Store one more small Dutch article with a quote; returns its id. */
export async function addArticle(
  store: Store,
  topic = "de haven van Westerdam",
  extra: { backlog?: boolean } = {},
): Promise<string> {
  articleNo++;
  const text = `Bericht ${articleNo} over ${topic}. De havenmeester zei dat “alles goed gaat” met nummer ${articleNo}. Morgen meer.`;
  return (await store.save(carded({ article: parseArticle(text), origin: `test:${articleNo}`, ...extra }))).articleId;
}

export function subscription(over: Partial<Subscription> = {}): Subscription {
  return {
    id: "morning",
    origin: "definitions",
    schedule: "30 7 * * *",
    timezone: "Europe/Amsterdam",
    maxCards: 5,
    destinations: ["slack:C1"],
    ...over,
  };
}
