import { sentenceSpans } from "../article/sentences.ts";
import type { Figure } from "../schemas.ts";

const NUMBER_WORDS =
  "twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|twintig|dertig|veertig|vijftig|honderd|duizend|tientallen|honderden|duizenden|" +
  "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|dozens|hundreds|thousands|dozen";
const SCALE = "miljoen|miljard|biljoen|million|billion|trillion|mln|mld|mrd|bn|m|k";
const UNIT =
  "procent|percent|per cent|%|procentpunt|percentage points?|" +
  "jaar|jaren|maanden|maand|weken|week|dagen|dag|uur|uren|minuten|years?|months?|weeks?|days?|hours?|minutes?|" +
  "kilometer|kilometers|km|mijl|miles?|meter|meters|kilo|kilogram|ton|tons|tonnes?|liter|litres?|liters?|vaten|barrels?|" +
  "euro|dollar|dollars|pond|pounds?|roebel|roubles?|rubles?";
const CURRENCY = "[$€£¥₽]|US\\$|EUR|USD|GBP";

/**
 * Figures: a number with its scale and unit, `150.000`, `60 procent`, `2,5 miljoen`,
 * `$1.8 million`, `€ 4,3 miljard`, `drie maanden`. Years, dates and times are not figures.
 */
const FIGURE = new RegExp(
  String.raw`(?<![\p{L}\p{N}\-/.,:])` +
    String.raw`(?:(?:${CURRENCY})\s?)?` +
    String.raw`(?:\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|(?:${NUMBER_WORDS}))` +
    String.raw`(?:\s?(?:${SCALE}))?` +
    String.raw`(?:\s?(?:${UNIT}))?` +
    String.raw`(?![\p{L}\p{N}\-])`,
  "giu",
);
const MONTHS =
  "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|" +
  "january|february|march|may|june|july|august|october|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const DATE_BEFORE = new RegExp(String.raw`\b(?:${MONTHS})\.?\s*$`, "iu");
const DATE_AFTER = new RegExp(String.raw`^\s*(?:${MONTHS})\b`, "iu");
const STOP =
  /[,.;:!?()“”"«»]|\s(?:en|and|of|or|maar|but|die|dat|which|that|who|wie|waar|where|nadat|after|before|voordat|sinds|since|omdat|because)\s/iu;

/**
 * Figures of the article with what they count, in article order, at most `limit`.
 *
 * @example
 * extractFigures(["Het aantal Russische militairen groeide naar 150.000."]);
 * // [{ value: "150.000", about: "Russische militairen", paragraph: 0 }]
 */
export function extractFigures(paragraphs: readonly string[], limit = 8): Figure[] {
  const found: Array<Figure & { weight: number; order: number }> = [];
  paragraphs.forEach((p, pi) => {
    for (const m of p.matchAll(FIGURE)) {
      const value = m[0].trim();
      const at = m.index ?? 0;
      if (!isFigure(p, at, value)) continue;
      const about = aboutOf(p, at, at + m[0].length);
      found.push({ value, about, paragraph: pi, weight: weightOf(value), order: found.length });
    }
  });
  const seen = new Set<string>();
  return found
    .filter((f) => {
      const key = f.value.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, limit)
    .sort((a, b) => a.order - b.order)
    .map(({ value, about, paragraph }) => ({ value, about, paragraph }));
}

function isFigure(p: string, at: number, value: string): boolean {
  const hasDigit = /\d/.test(value);
  const bare = /^\d+$/.test(value);
  if (bare && /^(1[5-9]|20)\d\d$/.test(value)) return false; // a year
  if (
    hasDigit &&
    (DATE_BEFORE.test(p.slice(Math.max(0, at - 12), at)) || DATE_AFTER.test(p.slice(at + value.length)))
  ) {
    return false; // 14 april, March 3
  }
  if (bare && value.length <= 2 && !/^\s*(%|\w)/u.test(p.slice(at + value.length))) return false;
  if (!hasDigit && !/\s/.test(value)) {
    // A number word alone needs a counted noun after it: `drie leerkrachten`, `two Bentleys`.
    return (
      /^\s+[\p{L}]{3,}/u.test(p.slice(at + value.length)) &&
      !/^\s+(van|of|de|het|the|en|and|jaar|years?)\b/iu.test(p.slice(at + value.length))
    );
  }
  return true;
}

/** What the number counts: the noun phrase after it, else the `aantal …`/`number of …` it completes. */
function aboutOf(p: string, start: number, end: number): string {
  const value = p.slice(start, end);
  const after = p.slice(end);
  const ofPhrase = /^\s+(?:van|of)\s+/iu.exec(after);
  const tail = ofPhrase ? after.slice(ofPhrase[0].length) : after;
  const hasUnit = new RegExp(`(?:${UNIT})$`, "iu").test(value);
  // A bare number word counts the noun after it; a unit needs `van …`/`of …` to say what it measures.
  const maxWords = !/\d/.test(value) ? 1 : 4;
  const np =
    hasUnit && !ofPhrase
      ? ""
      : (new RegExp(`^\\s*((?:[\\p{L}\\p{N}'’\\-]+\\s?){1,${maxWords}})`, "u").exec(tail)?.[1] ?? "");
  const cut = STOP.exec(` ${np}`);
  let phrase = (cut ? ` ${np}`.slice(0, cut.index) : ` ${np}`).trim();
  phrase = phrase.replace(
    /\s+(?:is|zijn|was|were|are|has|have|heeft|hebben|werd|werden|naar|to|in|op|on|at|bij)(?:\s.*)?$/iu,
    "",
  );
  if (
    phrase &&
    /^[\p{L}]/u.test(phrase) &&
    !/^(?:naar|to|in|op|on|at|bij|per|voor|for|than|dan|a|een)\b/iu.test(phrase)
  ) {
    return phrase;
  }
  const sentence = sentenceSpans(p).find((s) => s.start <= start && s.end >= end);
  const head = sentence ? p.slice(sentence.start, start) : p.slice(0, start);
  const counted = /(?:aantal|number of|totaal|total of)\s+((?:[\p{L}-]+\s?){1,5})/iu.exec(head);
  if (counted?.[1]) {
    const words = counted[1].trim().split(/\s+/);
    const stopAt = words.findIndex((w) =>
      /^(groeide|steeg|daalde|rose|fell|grew|is|was|bedraagt|bedroeg|volgens|according)$/iu.test(w),
    );
    return (stopAt > 0 ? words.slice(0, stopAt) : words).join(" ");
  }
  return "";
}

function weightOf(value: string): number {
  if (/[$€£¥₽]|miljoen|miljard|million|billion|bn|procent|percent|%/iu.test(value)) return 3;
  if (/\d[.,\s]\d{3}/.test(value) || /\d{3,}/.test(value)) return 2;
  if (/\d/.test(value)) return 1;
  return 0;
}
