/**
 * The words figures are made of, per language: written-out numbers, fractions, scales, units,
 * currencies, the modifiers and range words around them, and the months that make a number a
 * date. Adding a language is adding a table.
 */

export interface FigureWords {
  /** A whole word that is a written-out number (`vijfduizend`, `twenty-five`, `honderden`). */
  number: RegExp;
  /** Words that are numbers only after a numeral or `een`/`a` (`kwart`, `half`, `derde`). */
  fractions: readonly string[];
  /** Scales after a number: `2,5 miljoen`, `200 duizend`, `$1.8 million`. */
  scales: readonly string[];
  /** Units after a number (lower case; several words allowed): `procent`, `kilometer per uur`, `square miles`. */
  units: readonly string[];
  /** Units of time: a figure in them needs something it measures (no bare durations). */
  timeUnits: readonly string[];
  /** Currency words after a number (`euro`, `dollars`) and symbols before it. */
  currencies: readonly string[];
  /** Modifiers before a number, as written in lower case: `ruim`, `bijna`, `more than`. */
  modifiers: readonly string[];
  /** `X tot Y`, `X to Y`: words joining two numbers into one range. */
  rangeWords: readonly string[];
  /** The partitive link: `drie van de vier`, `two of the children`. */
  partitive: string;
  /** `van 3 naar 5 zetels`: the words of a change. */
  change: readonly [string, string];
  /** Words after a measure that name what it is for: `durende` (acht maanden durende veldslag). */
  lasting: readonly string[];
  /** Months, for dates. */
  months: readonly string[];
  /** Age markers: `15-jarige`, `67-year-old`. */
  age: RegExp;
  /** Words that do not count: `een keer`, `one of`. */
  notCounted: readonly string[];
  /** The number one, mostly an article or a pronoun: a figure only in a range. */
  single: readonly string[];
  /** `worth`, `ter waarde van`: the sum is the value of the noun before. */
  worth: readonly string[];
}

const words = (s: string): string[] => s.trim().split(/\s+/u);

const NL_UNIT = "een|twee|drie|vier|vijf|zes|zeven|acht|negen";
const NL_TEEN = "tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien";
const NL_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig";
const NL_99 = `(?:(?:${NL_UNIT})en(?:${NL_TENS})|${NL_TENS}|${NL_TEEN}|${NL_UNIT})`;
const NL_999 = `(?:(?:${NL_UNIT})?honderd(?:en)?${NL_99}?|${NL_99})`;

export const DUTCH_FIGURES: FigureWords = {
  // `ten` is not a Dutch number (`ten behoeve`, `ten minste`); `een` alone is an article.
  number: new RegExp(
    `^(?:(?:${NL_999})?duizend(?:${NL_999})?|(?:tien|honderd)?duizenden|tientallen|honderden|miljoenen|miljarden|${NL_999})$`,
    "u",
  ),
  fractions: words("helft derde kwart driekwart half halve anderhalf"),
  scales: words("miljoen miljard biljoen duizend mln mld mrd"),
  units: [
    "procentpunten",
    "procentpunt",
    "procent",
    "%",
    "kilometer per uur",
    "km per uur",
    "km/u",
    "kilometer",
    "kilometers",
    "km",
    "meter",
    "vierkante meter",
    "centimeter",
    "cm",
    "millimeter",
    "mm",
    "kilo",
    "kilogram",
    "kg",
    "gram",
    "ton",
    "liter",
    "graden",
    "hectare",
    "pond",
    "mijl",
    "uur",
    "minuten",
    "minuut",
    "seconden",
    "dagen",
    "dag",
    "weken",
    "week",
    "maanden",
    "maand",
    "jaar",
    "jaren",
    "eeuw",
  ],
  timeUnits: words("uur minuten minuut seconden dagen dag weken week maanden maand jaar jaren eeuw"),
  currencies: words("euro dollar dollars pond roebel yen frank €"),
  modifiers: [
    "maar liefst",
    "meer dan",
    "minder dan",
    "ten minste",
    "rond de",
    "ruim",
    "bijna",
    "zo'n",
    "zo’n",
    "ongeveer",
    "circa",
    "ca.",
    "zeker",
    "maximaal",
    "minimaal",
    "minstens",
    "tenminste",
    "hooguit",
    "krap",
    "slechts",
    "pakweg",
    "liefst",
    "alle",
  ],
  rangeWords: ["tot en met", "tot", "à", "-", "–", "of"],
  partitive: "van",
  change: ["van", "naar"],
  lasting: words("durende lange lang"),
  months: words(
    "januari februari maart april mei juni juli augustus september oktober november december jan feb mrt apr jun jul aug sep sept okt nov dec",
  ),
  age: /^\d{1,3}-jarige?n?$/u,
  notCounted: words("keer maal van"),
  single: words("een één"),
  worth: ["ter waarde van", "waard", "à"],
};

const EN_UNIT = "one|two|three|four|five|six|seven|eight|nine";
const EN_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const EN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
const EN_99 = `(?:(?:${EN_TENS})-(?:${EN_UNIT})|${EN_TENS}|${EN_TEEN}|${EN_UNIT})`;

export const ENGLISH_FIGURES: FigureWords = {
  number: new RegExp(`^(?:${EN_99}|hundred|thousand|dozens|hundreds|thousands|millions|billions|dozen)$`, "u"),
  fractions: words("half quarter third thirds quarters"),
  scales: words("hundred thousand million billion trillion m bn k"),
  units: [
    "percentage points",
    "percentage point",
    "per cent",
    "percent",
    "%",
    "miles per hour",
    "mph",
    "square miles",
    "square kilometres",
    "square kilometers",
    "miles",
    "mile",
    "kilometres",
    "kilometers",
    "km",
    "metres",
    "meters",
    "feet",
    "ft",
    "inches",
    "pounds",
    "kg",
    "kilograms",
    "tonnes",
    "tons",
    "gallons",
    "litres",
    "liters",
    "acres",
    "hectares",
    "degrees",
    "hours",
    "hour",
    "minutes",
    "minute",
    "seconds",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "decades",
    "centuries",
  ],
  timeUnits: words("hours hour minutes minute seconds days day weeks week months month years year decades centuries"),
  currencies: ["us dollars", ...words("dollars dollar euros euro pounds sterling yen $ £ € us$")],
  modifiers: [
    "more than",
    "less than",
    "fewer than",
    "at least",
    "up to",
    "as many as",
    "just over",
    "just under",
    "about",
    "around",
    "nearly",
    "almost",
    "over",
    "under",
    "some",
    "roughly",
    "approximately",
    "only",
    "all",
  ],
  rangeWords: ["to", "-", "–", "or"],
  partitive: "of",
  change: ["from", "to"],
  lasting: words("long"),
  months: words(
    "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec",
  ),
  age: /^\d{1,3}-year-olds?$/u,
  notCounted: words("times of"),
  single: words("one"),
  worth: ["worth", "valued at", "costing"],
};

/** The table for a language; another language gets both tables' words (digits work everywhere). */
export function figureWordsFor(lang: string): FigureWords {
  if (lang === "en") return ENGLISH_FIGURES;
  if (lang === "nl") return DUTCH_FIGURES;
  return BOTH_FIGURES;
}

const BOTH_FIGURES: FigureWords = {
  ...ENGLISH_FIGURES,
  number: new RegExp(`${DUTCH_FIGURES.number.source}|${ENGLISH_FIGURES.number.source}`, "u"),
  fractions: [...DUTCH_FIGURES.fractions, ...ENGLISH_FIGURES.fractions],
  scales: [...DUTCH_FIGURES.scales, ...ENGLISH_FIGURES.scales],
  units: [...DUTCH_FIGURES.units, ...ENGLISH_FIGURES.units],
  timeUnits: [...DUTCH_FIGURES.timeUnits, ...ENGLISH_FIGURES.timeUnits],
  currencies: [...DUTCH_FIGURES.currencies, ...ENGLISH_FIGURES.currencies],
  modifiers: [...DUTCH_FIGURES.modifiers, ...ENGLISH_FIGURES.modifiers],
  months: [...DUTCH_FIGURES.months, ...ENGLISH_FIGURES.months],
  age: new RegExp(`${DUTCH_FIGURES.age.source}|${ENGLISH_FIGURES.age.source}`, "u"),
  single: [...DUTCH_FIGURES.single, ...ENGLISH_FIGURES.single],
  worth: [...DUTCH_FIGURES.worth, ...ENGLISH_FIGURES.worth],
};

const compiled = new Map<string, RegExp>();

/** A regular expression made once per pattern: the figure rules ask for the same ones for every number. */
export function pattern(source: string, flags = "u"): RegExp {
  const key = `${flags}/${source}`;
  let re = compiled.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    compiled.set(key, re);
  }
  return re;
}

/** The longest item of `list` that `text` starts with (after at most one space), as a length; 0 for none. */
export function startsWithItem(text: string, list: readonly string[]): number {
  let re = listPatterns.get(list);
  if (!re) {
    const items = [...list].sort((a, b) => b.length - a.length).map(escapeRegExp);
    re = new RegExp(`^\\s?(?:${items.join("|")})(?![\\p{L}\\p{N}])`, "iu");
    listPatterns.set(list, re);
  }
  const m = re.exec(text);
  return m ? m[0].length : 0;
}

const listPatterns = new WeakMap<readonly string[], RegExp>();

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}
