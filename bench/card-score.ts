/**
 * The card-quality scores of `../shared/tools/score-cards.mjs`, definition for definition, so that
 * `bench/cards.ts` can score cards made in process. Kept in step with that file by hand; the
 * cross-check is documented in docs/BENCHMARKS.md.
 */
import type { BriefingCard } from "../src/schemas.ts";

export interface Gold {
  quotes: Array<{ text: string; speaker: string | null; partial?: boolean }>;
  not_quotes: string[];
  figures: Array<{ value: string; about: string }>;
  entities: string[];
}

export interface CardScore {
  articles: number;
  gold: number;
  found: number;
  pred: number;
  right: number;
  scare: number;
  spkGold: number;
  spkOk: number;
  spk: number;
  spkIn: number;
  fig: number;
  figFound: number;
  figs: number;
  figAbout: number;
  names: number;
  nameOk: number;
  ents: number;
  entFound: number;
  cut: number;
  repeat: number;
  /** What went wrong, one line each, for `--verbose`. */
  misses: string[];
  /** Per sieve rule: gold quotes it attributed rightly and wrongly (`--rules`). */
  rules: Record<string, { right: number; wrong: number }>;
}

export function emptyScore(): CardScore {
  return {
    articles: 0,
    gold: 0,
    found: 0,
    pred: 0,
    right: 0,
    scare: 0,
    spkGold: 0,
    spkOk: 0,
    spk: 0,
    spkIn: 0,
    fig: 0,
    figFound: 0,
    figs: 0,
    figAbout: 0,
    names: 0,
    nameOk: 0,
    ents: 0,
    entFound: 0,
    cut: 0,
    repeat: 0,
    misses: [],
    rules: {},
  };
}

const norm = (s: string): string => String(s).replace(/\s+/g, " ").trim();
const STOP = new Set("de het een van der den in op the a an of to and en".split(" "));
const toks = (s: string): string[] =>
  String(s)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const content = (s: string): string[] => toks(s).filter((t) => !STOP.has(t));
function cover(a: readonly string[], b: readonly string[]): number {
  const B = new Set(b);
  return a.length ? a.filter((t) => B.has(t)).length / a.length : 0;
}

function sameSpeaker(gold: string, pred: string): boolean {
  const g = content(gold);
  const p = content(pred);
  if (!g.length || !p.length) return false;
  return p.includes(g[g.length - 1] as string) || cover(g, p) >= 0.5;
}

function sameEntity(name: string, entity: string): boolean {
  const n = content(name);
  const e = content(entity);
  if (!n.length || !e.length) return false;
  const a = norm(name).toLowerCase();
  const b = norm(entity).toLowerCase();
  return n[n.length - 1] === e[e.length - 1] || a.includes(b) || b.includes(a);
}

const cut = (s: string, n = 70): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Score one card against its gold file, as score-cards.mjs's `scoreOne` does. */
export function scoreCard(gold: Gold, card: BriefingCard, text: string, rules?: readonly string[]): CardScore {
  const s = emptyScore();
  const flat = norm(text);
  const pq = card.quotes.map((q) => ({ text: q.text, speaker: q.speaker ?? "", tk: toks(q.text) }));
  const gq = gold.quotes.map((q) => ({ ...q, tk: toks(q.text) }));
  const goldUnion = gq.flatMap((q) => q.tk);
  for (const g of gq) {
    const best = pq.map((p) => ({ p, v: cover(g.tk, p.tk) })).sort((a, b) => b.v - a.v)[0];
    const hit = best !== undefined && best.v >= 0.8;
    s.gold++;
    if (hit) s.found++;
    else s.misses.push(`quote missed: ${cut(g.text)}`);
    if (g.speaker) {
      s.spkGold++;
      const rule = hit && rules ? (rules[pq.indexOf(best.p)] ?? "none") : "missed";
      const right = hit && sameSpeaker(g.speaker, best.p.speaker);
      s.rules[rule] ??= { right: 0, wrong: 0 };
      if (right) s.rules[rule].right++;
      else if (hit) s.rules[rule].wrong++;
      if (right) s.spkOk++;
      else if (hit)
        s.misses.push(
          `speaker [${rule}] ${JSON.stringify(best.p.speaker)} ≠ ${JSON.stringify(g.speaker)}: ${cut(g.text, 50)}`,
        );
    }
  }
  for (const p of pq) {
    s.pred++;
    if (gold.not_quotes.some((nq) => cover(p.tk, toks(nq)) >= 0.8)) {
      s.scare++;
      s.misses.push(`scare quote taken: ${cut(p.text)}`);
    } else if (cover(p.tk, goldUnion) >= 0.8) s.right++;
    else s.misses.push(`not a quote: ${cut(p.text)}`);
    if (p.speaker) {
      s.spk++;
      if (flat.includes(norm(p.speaker))) s.spkIn++;
      else s.misses.push(`speaker not in text: ${p.speaker}`);
    }
  }
  const cf = card.figures.map((f) => ({ value: f.value, about: norm(f.about ?? "") }));
  const cfText = cf.map((f) => `${f.value} ${f.about}`.toLowerCase());
  for (const g of gold.figures) {
    const v = g.value.toLowerCase();
    const num = v.match(/[\d.,]+/);
    s.fig++;
    if (cfText.some((p) => p.includes(v) || (num && p.includes(num[0])))) s.figFound++;
    else s.misses.push(`figure missed: ${g.value} (${g.about})`);
  }
  for (const f of cf) {
    s.figs++;
    if (f.about) s.figAbout++;
    else s.misses.push(`figure without about: ${f.value}`);
  }
  for (const n of card.names) {
    s.names++;
    if (gold.entities.some((e) => sameEntity(n, e))) s.nameOk++;
    else s.misses.push(`name not an entity: ${n}`);
  }
  for (const e of gold.entities) {
    s.ents++;
    if (card.names.some((n) => sameEntity(n, e))) s.entFound++;
    else s.misses.push(`entity missed: ${e}`);
  }
  if (/…$/.test(norm(card.headline))) {
    s.cut++;
    s.misses.push(`headline cut: ${card.headline}`);
  }
  const tldr = norm(card.tldr).replace(/…$/, "");
  const points = card.points.map((p) => norm(p).replace(/…$/, ""));
  if (tldr && points.some((p) => p === tldr || p.includes(tldr) || tldr.includes(p))) {
    s.repeat++;
    s.misses.push(`TL;DR repeated: ${cut(tldr)}`);
  }
  return s;
}

const pct = (a: number, b: number): number | null => (b ? +((100 * a) / b).toFixed(1) : null);

/** The figures of score-cards.mjs's JSON line, from summed counts. */
export function summarizeScores(t: CardScore) {
  return {
    articles: t.articles,
    quoteRecall: pct(t.found, t.gold),
    quotePrecision: pct(t.right, t.pred),
    scareQuotes: t.scare,
    speakerAccuracy: pct(t.spkOk, t.spkGold),
    speakerInText: pct(t.spkIn, t.spk),
    figureRecall: pct(t.figFound, t.fig),
    figureAbout: pct(t.figAbout, t.figs),
    namePrecision: pct(t.nameOk, t.names),
    entityRecall: pct(t.entFound, t.ents),
    headlineCut: pct(t.cut, t.articles),
    tldrRepeated: pct(t.repeat, t.articles),
  };
}
