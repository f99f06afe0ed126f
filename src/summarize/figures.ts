import type { Figure } from "../schemas.ts";
import { aboutOf } from "./figure-about.ts";
import { escapeRegExp, type FigureWords, figureWordsFor, pattern, startsWithItem } from "./figure-words.ts";

/**
 * A number as written: digits (`150.000`, `3,5`, `2:14:04`, `67-year-old`), or a word
 * (`vijfduizend`, `fifteen`, `kwart`). Linear: each match is read with a bounded look around it.
 */
const CORE =
  /(?<![\p{L}\p{N}.:/]|\d,)(?:\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,:]\d+)*)(?:-\p{L}+(?:-\p{L}+)*)?(?![\p{N}])|\p{L}+(?:-\p{L}+)*/gu;
/** Words before a year: `in 2014`, `sinds 1900`, `the 2020 election`. */
const YEAR_BEFORE =
  /(?:^|\s)(?:in|since|sinds|the|de|het|van|tot|until|from|voor|na|before|after|of|rond|around|begin|eind|medio|zomer|winter|jaar|year|per|vanaf|en|and)\s+$/iu;
/** How far a figure reaches around its number, in characters: a figure is a phrase, not a clause. */
const REACH = 80;

export interface FoundFigure extends Figure {
  /** How key the figure is: money and shares first, then large counts, then the rest. */
  weight: number;
  order: number;
}

/**
 * Figures of the article with what they count, in article order, the `limit` most telling:
 * `2,5 miljoen euro`, `200 duizend vrijwilligers`, `zestig procent van de Russen`, `$1.8 million`.
 * Years, dates, clock times, model numbers, ordinals and bare durations are no figures, and a
 * figure without what it counts is left out.
 *
 * @example
 * extractFigures(["Het aantal Russische militairen groeide naar 150.000."], 8, "nl");
 * // [{ value: "150.000", about: "Russische militairen", paragraph: 0 }]
 */
export function extractFigures(paragraphs: readonly string[], limit = 8, lang = ""): Figure[] {
  const w = figureWordsFor(lang);
  const found: FoundFigure[] = [];
  paragraphs.forEach((p, pi) => {
    let skipTo = 0;
    CORE.lastIndex = 0;
    for (let m = CORE.exec(p); m !== null; m = CORE.exec(p)) {
      if (m.index < skipTo) continue;
      const f = figureAt(p, m.index, m[0], w);
      if (!f) continue;
      skipTo = f.end;
      const about = aboutOf(p, f.start, f.end, f.kind, w);
      if (!about) continue;
      found.push({ value: p.slice(f.start, f.end), about, paragraph: pi, weight: f.weight, order: found.length });
    }
  });
  return keyFigures(found, limit);
}

function keyFigures(found: readonly FoundFigure[], limit: number): Figure[] {
  const seen = new Set<string>();
  return found
    .filter((f) => {
      // `all 33 passengers` and `33 passengers`: one figure.
      const core = /\d[\d.,:]*/u.exec(f.value)?.[0] ?? f.value.toLowerCase();
      const key = `${core}|${f.about.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, limit)
    .sort((a, b) => a.order - b.order)
    .map(({ value, about, paragraph }) => ({ value, about, paragraph }));
}

/** What kind of number a figure is, for what it may count. */
export type FigureKind = "count" | "measure" | "time" | "money" | "share" | "age";

interface Span {
  start: number;
  end: number;
  kind: FigureKind;
  weight: number;
}

function figureAt(p: string, at: number, core: string, w: FigureWords): Span | undefined {
  const lower = core.toLowerCase();
  const digits = /^\d/u.test(core);
  if (!digits && !w.number.test(lower) && !isFraction(p, at, lower, w)) return undefined;
  // `two thirds`: the fraction is the figure, not `two`.
  if (
    !digits &&
    w.fractions.includes(
      /^\s+(\p{L}+)/u.exec(p.slice(at + core.length, at + core.length + 20))?.[1]?.toLowerCase() ?? "",
    )
  ) {
    return undefined;
  }
  // `een`, `één`, `one` alone are articles and pronouns more often than numbers: only in a range (`één tot twee dagen`).
  if (
    !digits &&
    w.single.includes(lower) &&
    !rangeAfter(p.slice(at + core.length, at + core.length + REACH), w, false)
  ) {
    return undefined;
  }
  if (digits && !plausibleDigits(p, at, core, w)) return undefined;
  if (w.age.test(lower)) return { start: at, end: at + core.length, kind: "age", weight: 0.5 };
  // A hyphenated measure (`24-hour`, `55-member`, `18-karat`): a figure of what follows.
  if (digits && /-\p{L}/u.test(core)) return { start: at, end: at + core.length, kind: "count", weight: 1 };
  let start = at;
  let end = at + core.length;
  // `de helft`, `een kwart`, `two thirds`: the fraction with its article or numeral.
  if (!digits && w.fractions.includes(lower))
    start -= /(\p{L}+\s+)$/u.exec(p.slice(Math.max(0, at - 12), at))?.[1]?.length ?? 0;
  const before = p.slice(Math.max(0, start - REACH), start);
  // `van 3 naar 5 zetels`, `from 3 to 5`: a change.
  const change = pattern(`(?:^|[\\s(])(${w.change[0]})\\s+$`, "iu").exec(before);
  // `ruim 180.000`, `more than six minutes`, `€ 4,3 miljard`, `US$3.4 trillion`.
  const prefix = modifierBefore(before, w);
  start -= prefix;
  const after = p.slice(end, end + REACH);
  let rest = after;
  const take = (n: number) => {
    end += n;
    rest = rest.slice(n);
  };
  // `10 van de 55`, `drie tot vier`, `6% to 11%`, `between $5 and $7 billion`.
  const changeTo = change ? rangeAfter(rest, w, true) : 0;
  const range = changeTo > 0 ? changeTo : rangeAfter(rest, w, false);
  if (range > 0) take(range);
  if (changeTo > 0 && change?.[1]) start -= change[1].length + (change[0].length - change[0].trimEnd().length);
  const scale = wordAfter(rest, w.scales);
  if (scale > 0) take(scale);
  const currency = wordAfter(rest, w.currencies);
  if (currency > 0) take(currency);
  const unit = currency > 0 ? 0 : wordAfter(rest, w.units);
  if (unit > 0) take(unit);
  // `6% to 11%`, `20 tot 30 procent`: the range after the unit.
  if (range === 0 && unit + currency > 0) {
    const later = rangeAfter(rest, w, false);
    if (later > 0) take(later + wordAfter(rest.slice(later), w.units));
  }
  const unitWord = p
    .slice(end - unit, end)
    .trim()
    .toLowerCase();
  const money = currency > 0 || /[$€£¥₽]/u.test(p.slice(start, at + 1));
  const share = /%|procent|percent|per cent/u.test(unitWord);
  const time = unit > 0 && w.timeUnits.includes(unitWord);
  const kind: FigureKind = money ? "money" : share ? "share" : time ? "time" : unit > 0 ? "measure" : "count";
  const big = digits && Number.parseFloat(core.replace(/[.,](?=\d{3})/gu, "").replace(",", ".")) >= 1000;
  const weight = (money ? 5 : share ? 4 : big || scale > 0 ? 3 : kind === "count" ? 2 : 2.5) + (digits ? 0.2 : 0);
  return { start, end, kind, weight };
}

/** Digits that are a quantity: not a year, a date, a clock time, a model number or an ordinal. */
function plausibleDigits(p: string, at: number, core: string, w: FigureWords): boolean {
  const before = p.slice(Math.max(0, at - 24), at);
  const after = p.slice(at + core.length, at + core.length + 24);
  // A year: `in 2014`, `sinds 1900`, `the 2020 election` — unless it counts something (`1800 people`, `2000 euro`).
  if (/^(?:1[5-9]|20)\d\d$/u.test(core)) {
    const counts = startsWithAny(after, compiledFor(w).quantities) || /^\s+\p{Ll}+(?:s|en|'s)\b/u.test(after);
    if (!counts || YEAR_BEFORE.test(before)) return false;
  }
  const month = compiledFor(w).month;
  if (month.test(before.slice(-12)) || month.test(after.slice(0, 12))) return false; // a date
  // `16.00 uur`, `3:30 a.m.`, `om 10.15`: a time of day (a race time `2:14:04` is a result).
  if (
    /^\d{1,2}[.:]\d{2}$/u.test(core) &&
    (/^\s*(?:uur|u\b|a\.m|p\.m|am\b|pm\b)/iu.test(after) || /\b(?:om|at)\s*$/iu.test(before))
  ) {
    return false;
  }
  if (/^\d{1,2}[.:]\d{2}$/u.test(core) && !/^\s*(?:minutes|minuten)/iu.test(after)) return false;
  // `Boeing 707`, `NPO 1`, `Route 66`: a number right after a name (not after a sentence's start) is part of the name.
  const name = /(?:^|[^.!?:;"'“”„«»(\s])\s+(\p{Lu}[\p{L}\p{N}-]*)\s$/u.exec(before);
  if (name && !/^(?:US|EUR|USD|GBP)$/u.test(name[1] as string)) return false;
  // `3e`, `21st`, `(84)`, `(~415 km2)`: an ordinal, an age in brackets, a conversion in brackets.
  if (/^(?:e|ste|de|st|nd|rd|th)\b/iu.test(after)) return false;
  if (/\(\s*[~≈]?\s*$/u.test(before)) return false;
  if (/^\s*(?:UTC|GMT|CET|CEST|EST|PST)\b/u.test(after)) return false;
  return true;
}

function isFraction(p: string, at: number, lower: string, w: FigureWords): boolean {
  if (!w.fractions.includes(lower)) return false;
  // `een kwart`, `de helft`, `two thirds`, `a quarter`: only after a numeral or an article (`de derde` is the third).
  const before = p.slice(Math.max(0, at - 12), at).toLowerCase();
  if (/(?:^|\s)de\s+$/u.test(before)) return lower === "helft";
  return /(?:^|\s)(?:een|a|one|two|three|twee|drie|vier)\s+$/u.test(before);
}

function modifierBefore(before: string, w: FigureWords): number {
  let n = 0;
  const currency = /(?:US\$|[$€£¥₽])\s?$/u.exec(before);
  if (currency) n += currency[0].length;
  const rest = before.slice(0, before.length - n).toLowerCase();
  for (const m of w.modifiers) {
    if (rest.endsWith(` ${m} `) || rest === `${m} ` || rest.endsWith(`(${m} `)) return n + m.length + 1;
  }
  return n;
}

/** The patterns of a language's figure words, made once. */
interface CompiledFigureWords {
  quantities: readonly string[];
  month: RegExp;
  /** Per range word (or the change's second word): `tot 40`, `to 40`, `tot veertig`. */
  ranges: readonly RegExp[];
  change: readonly RegExp[];
}

const compiledWords = new WeakMap<FigureWords, CompiledFigureWords>();

function compiledFor(w: FigureWords): CompiledFigureWords {
  let c = compiledWords.get(w);
  if (c) return c;
  const range = (r: string) =>
    new RegExp(
      `^\\s*${escapeRegExp(r)}\\s*(?:US\\$|[$€£])?\\s?(?:\\d[\\d.,:]*\\d|\\d)%?(?![\\p{L}\\p{N}])|^\\s*${escapeRegExp(r)}\\s+\\p{L}+`,
      "u",
    );
  c = {
    quantities: [...w.scales, ...w.currencies, ...w.units],
    month: new RegExp(`(?:^|\\s)(?:${w.months.join("|")})\\.?\\s*$|^\\s*(?:${w.months.join("|")})\\b`, "iu"),
    ranges: [...w.rangeWords, `${w.partitive} de`, `${w.partitive} the`].map(range),
    change: [range(w.change[1])],
  };
  compiledWords.set(w, c);
  return c;
}

function rangeAfter(after: string, w: FigureWords, change: boolean): number {
  const c = compiledFor(w);
  for (const re of change ? c.change : c.ranges) {
    const m = re.exec(after);
    if (!m) continue;
    if (/\p{L}$/u.test(m[0])) {
      const word = /\p{L}+$/u.exec(m[0])?.[0]?.toLowerCase() ?? "";
      if (!w.number.test(word)) continue;
    }
    return m[0].length;
  }
  return 0;
}

function wordAfter(after: string, list: readonly string[]): number {
  return startsWithItem(after.slice(0, 40), list);
}

function startsWithAny(after: string, list: readonly string[]): boolean {
  return wordAfter(after, list) > 0;
}
