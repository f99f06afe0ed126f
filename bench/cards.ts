/**
 * Card quality on the hand-annotated dev sets (issue 9): quotes, speakers, figures, names,
 * headline and TL;DR, per language, with the definitions of `../shared/tools/score-cards.mjs`.
 *
 * Each card is made in this process (`summarize(parseArticle(file))`, as `briefbot brief --json`
 * does), so a run takes seconds rather than the scorer's minute of CLI spawns.
 *
 *   npm run bench:cards                    # the table per language
 *   npm run bench:cards -- --verbose       # plus every miss, per article
 *   npm run bench:cards -- --only nl09     # only articles whose id contains `nl09` (implies --verbose)
 *   npm run bench:cards -- --rules         # plus, per sieve rule, the speakers it got right and wrong
 *   npm run bench:cards -- --json          # one JSON object per set, score-cards.mjs's field names
 *   npm run bench:cards -- --hostile       # plus how the card's time grows on hostile input (ratios)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArticle } from "../src/article/parse.ts";
import { decodeArticleBytes } from "../src/article/read.ts";
import { summarize } from "../src/summarize/index.ts";
import { attributeQuotes } from "../src/summarize/quotes.ts";
import { printHostile } from "./card-hostile.ts";
import { type CardScore, emptyScore, type Gold, scoreCard, summarizeScores } from "./card-score.ts";
import { dataDir } from "./data.ts";

const SETS = [
  { lang: "nl", dir: "quotes-nl-dev" },
  { lang: "en", dir: "quotes-en-dev" },
];

const GOALS: Array<{ key: string; label: string; today: Record<string, number>; goal: string }> = [
  { key: "quoteRecall", label: "quote recall", today: { nl: 57.7, en: 82.9 }, goal: "≥ 95" },
  { key: "quotePrecision", label: "quote precision", today: { nl: 93.2, en: 94.4 }, goal: "≥ 97" },
  { key: "scareQuotes", label: "scare quotes taken (count)", today: { nl: 10, en: 4 }, goal: "≤ 2" },
  { key: "speakerAccuracy", label: "speaker accuracy", today: { nl: 31.7, en: 68.3 }, goal: "≥ 92" },
  { key: "speakerInText", label: "speakers verbatim in text", today: { nl: Number.NaN, en: Number.NaN }, goal: "100" },
  { key: "figureRecall", label: "figure recall", today: { nl: 65.2, en: 48.0 }, goal: "≥ 85" },
  { key: "figureAbout", label: "figures with an about", today: { nl: 47.6, en: 58.3 }, goal: "≥ 98" },
  { key: "namePrecision", label: "name precision", today: { nl: 69.2, en: 64.4 }, goal: "≥ 90" },
  { key: "entityRecall", label: "entity recall", today: { nl: 61.6, en: 53.4 }, goal: "≥ 75" },
  { key: "headlineCut", label: "headlines ending in …", today: { nl: 53.7, en: 90.0 }, goal: "≤ 10" },
  { key: "tldrRepeated", label: "TL;DR repeated as a point", today: { nl: 97.6, en: 100 }, goal: "0" },
];

function meets(key: string, v: number | null): boolean {
  if (v === null) return false;
  const goal = GOALS.find((g) => g.key === key)?.goal ?? "";
  const n = Number(goal.replace(/[^\d.]/g, ""));
  if (goal.startsWith("≥")) return v >= n;
  if (goal.startsWith("≤")) return v <= n;
  return v === n;
}

function main(): number {
  const argv = process.argv.slice(2);
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  const verbose = argv.includes("--verbose") || only !== undefined;
  const asJson = argv.includes("--json");
  const root = dataDir();
  const results: Record<string, ReturnType<typeof summarizeScores>> = {};
  const ruleTables: Record<string, CardScore["rules"]> = {};
  for (const set of SETS) {
    const dir = join(root, set.dir);
    if (!existsSync(join(dir, "gold")) || !existsSync(join(dir, "articles"))) {
      console.error(
        `bench:cards: ${dir} has no gold/ and articles/ (set BRIEFBOT_BENCH_DATA or put ../shared/data beside the repo)`,
      );
      return 2;
    }
    const total: CardScore = emptyScore();
    const ids = readdirSync(join(dir, "gold"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5))
      .sort();
    for (const id of ids) {
      if (only && !`${set.lang}/${id}`.includes(only) && !id.includes(only)) continue;
      const file = join(dir, "articles", `${id}.txt`);
      if (!existsSync(file)) continue;
      const gold = JSON.parse(readFileSync(join(dir, "gold", `${id}.json`), "utf8")) as Gold;
      const text = decodeArticleBytes(readFileSync(file), file);
      const article = parseArticle(text, { path: file });
      const card = summarize(article);
      const rules = attributeQuotes(article.paragraphs, article.lang).map((q) => q.rule);
      const s = scoreCard(gold, card, text, rules);
      for (const k of Object.keys(total) as Array<keyof CardScore>) {
        if (typeof total[k] === "number") (total[k] as number) += s[k] as number;
      }
      for (const [rule, t] of Object.entries(s.rules)) {
        total.rules[rule] ??= { right: 0, wrong: 0 };
        const sum = total.rules[rule];
        sum.right += t.right;
        sum.wrong += t.wrong;
      }
      total.articles++;
      if (verbose) printMisses(`${set.lang}/${id}`, s);
    }
    results[set.lang] = summarizeScores(total);
    ruleTables[set.lang] = total.rules;
  }
  if (asJson) {
    console.log(JSON.stringify(results));
    return 0;
  }
  const langs = SETS.map((s) => s.lang);
  console.log(`\n| figure (dev sets) | ${langs.map((l) => `${l} today | ${l} now`).join(" | ")} | goal |`);
  console.log(`|---|${langs.map(() => "---|---|").join("")}---|`);
  for (const g of GOALS) {
    const cells = langs.map((l) => {
      const v = (results[l] as Record<string, number | null>)[g.key] ?? null;
      const today = g.today[l] as number;
      const mark = g.key === "speakerInText" ? "" : meets(g.key, v) ? " ✓" : " ✗";
      return `${Number.isNaN(today) ? "—" : today} | ${v ?? "—"}${mark}`;
    });
    console.log(`| ${g.label} | ${cells.join(" | ")} | ${g.goal} |`);
  }
  if (argv.includes("--rules")) printRules(ruleTables);
  if (argv.includes("--hostile")) printHostile();
  return 0;
}

/** Per sieve rule and language: gold quotes it gave the right and a wrong speaker. */
function printRules(tables: Record<string, CardScore["rules"]>): void {
  console.log(
    "\n| sieve rule | " +
      Object.keys(tables)
        .map((l) => `${l} right | ${l} wrong`)
        .join(" | ") +
      " |",
  );
  console.log(
    `|---|${Object.keys(tables)
      .map(() => "---|---|")
      .join("")}`,
  );
  const names = [...new Set(Object.values(tables).flatMap((t) => Object.keys(t)))].sort();
  for (const n of names) {
    const cells = Object.values(tables).map((t) => `${t[n]?.right ?? 0} | ${t[n]?.wrong ?? 0}`);
    console.log(`| ${n} | ${cells.join(" | ")} |`);
  }
}

function printMisses(id: string, s: CardScore): void {
  const lines = s.misses;
  console.log(
    `${id}: quotes ${s.found}/${s.gold} found, ${s.right}/${s.pred} right, ${s.scare} scare, speakers ${s.spkOk}/${s.spkGold}, figures ${s.figFound}/${s.fig}, names ${s.nameOk}/${s.names}`,
  );
  for (const l of lines) console.log(`    ${l}`);
}

process.exitCode = main();
