/**
 * The search half of `bench:replicas`: the same library of N articles in SQLite and in
 * PostgreSQL, the same 500 queries (`store-queries.ts`) on both, interleaved query by query so
 * that both engines meet the same machine load; each query timed alone on its engine.
 */
import { join } from "node:path";
import { parseArticle } from "../src/article/parse.ts";
import { canonicalFile } from "../src/store/canonical.ts";
import { openStore, type Store } from "../src/store/index.ts";
import { summarize } from "../src/summarize/index.ts";
import type { BenchDoc } from "./data.ts";
import { consume, type Latencies, latencies } from "./lib/stats.ts";
import { type BenchQuery, buildQueries, GOAL_GROUPS } from "./store-queries.ts";
import { articleVariants } from "./variants.ts";

/** PostgreSQL saves in flight at once during the fill (each is its own transaction). */
const PG_WINDOW = 8;

export interface SearchComparison {
  articles: { sqlite: number; postgres: number };
  fillSeconds: number;
  queries: number;
  sqlite: Latencies;
  postgres: Latencies;
  /** Per query group, p99 of each engine. */
  groups: Array<{ group: string; queries: number; sqliteP99: number; postgresP99: number }>;
  /** Queries whose top-10 ids differ between the engines (stemming finds more in PostgreSQL). */
  differingTop10: number;
}

/** Fill both stores with the same articles, summarized once each, saved as ingest saves them. */
async function fill(sqlite: Store, postgres: Store, docs: readonly BenchDoc[], count: number, dir: string) {
  const pending = new Set<Promise<unknown>>();
  let n = 0;
  for (const v of articleVariants(docs, count)) {
    const path = join(dir, "articles", v.fileName); // never written: the fill reads from memory
    const article = parseArticle(v.content, { path, lang: "en" });
    const input = { article, origin: path, canonical: canonicalFile(path), card: summarize(article) };
    await sqlite.save(input);
    const saving = postgres.save(input).finally(() => pending.delete(saving));
    pending.add(saving);
    if (pending.size >= PG_WINDOW) await Promise.race(pending);
    if (++n % 10_000 === 0) process.stderr.write(`  fill: ${n}/${count}\n`);
  }
  await Promise.all(pending);
}

export async function compareSearch(options: {
  docs: readonly BenchDoc[];
  count: number;
  dir: string;
  databaseUrl: string;
  vacuum: (sql: string) => Promise<void>;
}): Promise<SearchComparison> {
  const sqlite = await openStore({ dataDir: join(options.dir, "search-sqlite") });
  const postgres = await openStore({ databaseUrl: options.databaseUrl });
  try {
    const started = performance.now();
    await fill(sqlite, postgres, options.docs, options.count, options.dir);
    // What autovacuum does soon after a bulk load: the GIN index's pending entries merged, statistics gathered.
    await options.vacuum("VACUUM ANALYZE");
    const fillSeconds = (performance.now() - started) / 1000;
    const queries: BenchQuery[] = buildQueries(options.docs).filter((q) => GOAL_GROUPS.includes(q.group));
    for (const q of queries) {
      consume(await sqlite.findCards(q.text, { limit: 10 }));
      consume(await postgres.findCards(q.text, { limit: 10 }));
    }
    const times = { sqlite: [] as number[], postgres: [] as number[] };
    const byGroup = new Map<string, { sqlite: number[]; postgres: number[] }>();
    let differingTop10 = 0;
    for (const [i, q] of queries.entries()) {
      const ids: Record<string, string> = {};
      // Alternate which engine goes first, so neither always meets a warmer cache.
      for (const engine of i % 2 === 0 ? (["sqlite", "postgres"] as const) : (["postgres", "sqlite"] as const)) {
        const store = engine === "sqlite" ? sqlite : postgres;
        const t = process.hrtime.bigint();
        const cards = await store.findCards(q.text, { limit: 10 });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        times[engine].push(ms);
        const group = byGroup.get(q.group) ?? { sqlite: [], postgres: [] };
        group[engine].push(ms);
        byGroup.set(q.group, group);
        ids[engine] = cards.map((c) => c.articleId).join();
      }
      if (ids.sqlite !== ids.postgres) differingTop10++;
    }
    return {
      articles: { sqlite: await sqlite.countArticles(), postgres: await postgres.countArticles() },
      fillSeconds,
      queries: queries.length,
      sqlite: latencies(times.sqlite),
      postgres: latencies(times.postgres),
      groups: [...byGroup].map(([group, t]) => ({
        group,
        queries: t.sqlite.length,
        sqliteP99: latencies(t.sqlite).p99,
        postgresP99: latencies(t.postgres).p99,
      })),
      differingTop10,
    };
  } finally {
    await sqlite.close();
    await postgres.close();
  }
}
