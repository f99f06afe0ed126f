/**
 * What a figure counts or measures, as a verbatim noun phrase of its paragraph: the noun after it
 * (`90.000 flessen`), the partitive (`drie van zijn patiënten`, `60 procent van de kiezers`), the
 * noun it measures (`een celstraf van tien jaar`, `zes jaar gevangenisstraf`), or for money and
 * shares the subject it is said of (`De jaaromzet steeg met 195 procent`).
 */

import { type FigureWords, pattern } from "./figure-words.ts";
import type { FigureKind } from "./figures.ts";
import { STOPWORDS } from "./stopwords.ts";

/** Function words a noun phrase does not end in or start with, besides the stop words. */
const NOT_NOUNS = new Set(
  (
    "geleden later lang oud eerder verder meer minder terug per elk elke ieder iedere per wel niet geen nog ook al " +
    "zo zelfs pas slechts verderop sneller langzamer ago later old earlier each every more less per than since long " +
    "ahead behind away faster slower apart"
  ).split(" "),
);
const REACH = 80;
const SENTENCE_REACH = 240;

export function aboutOf(p: string, start: number, end: number, kind: FigureKind, w: FigureWords): string | undefined {
  const after = p.slice(end, end + REACH);
  const before = p.slice(Math.max(0, start - REACH), start);
  // The sentence so far, for `het aantal … naar 150.000` and the subject: bounded, a sentence is not a chapter.
  const sentence =
    p
      .slice(Math.max(0, start - SENTENCE_REACH), start)
      .split(/[.!?]\s+(?=\p{Lu})/u)
      .pop() ?? "";
  const partitive = partitiveAfter(after, w);
  if (partitive && kind !== "time") return partitive;
  // A count's noun follows it (`34 bewoners`); a share, a sum or a distance is said of something (`60 procent van …`),
  // unless an article makes the figure a modifier of the noun after it (`a 7% raise`, `een $2.5 billion deal`).
  const mass = kind === "measure" && MASS_UNITS.test(p.slice(start, end));
  const modifier = /(?:^|\s)(?:a|an|een|the|de|het)\s+$/iu.test(before);
  const noun =
    kind === "count" || kind === "time" || kind === "age" || mass || modifier ? nounAfter(after, kind) : undefined;
  if (noun) return noun;
  const lasting = pattern(`^\\s+(?:${w.lasting.join("|")})\\s+`, "iu").exec(after);
  if (lasting) {
    const n = nounAfter(after.slice(lasting[0].length - 1), "count");
    if (n) return n;
  }
  const measured = nounBefore(before, w) ?? worthOf(before, w);
  if (measured) return measured;
  if (kind === "count") return counted(sentence);
  if (kind === "money" || kind === "share") return counted(sentence) ?? subjectOf(sentence) ?? purposeAfter(after);
  // `De trein rijdt 250 tot 330 kilometer per uur`: what is measured is the subject.
  if (kind === "measure") return subjectOf(sentence);
  return undefined;
}

/** `van de darmkankers`, `of commodities`, `of those`: the whole it is a part of. */
function partitiveAfter(after: string, w: FigureWords): string | undefined {
  const m = pattern(`^\\s+${w.partitive}\\s+`).exec(after);
  if (!m) return undefined;
  const rest = after.slice(m[0].length);
  const words = [...rest.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)].slice(0, 5);
  let k = 0;
  // Determiners, then the noun (with its adjectives); `of them`, `van hen` is a whole of its own.
  while (k < words.length && PARTITIVE_DETERMINERS.has((words[k] as RegExpMatchArray)[0].toLowerCase())) k++;
  const first = words[k];
  if (!first) return undefined;
  if (PARTITIVE_PRONOUNS.has(first[0].toLowerCase()))
    return after.slice(m.index ?? 0, m[0].length + (first.index ?? 0) + first[0].length).trim();
  if (isFunctionWord(first[0].toLowerCase())) return undefined;
  while (
    k + 1 < words.length &&
    /e$/u.test((words[k] as RegExpMatchArray)[0]) &&
    !isFunctionWord((words[k + 1] as RegExpMatchArray)[0].toLowerCase())
  )
    k++;
  const last = words[k] as RegExpMatchArray;
  if (NOT_NOUNS.has(last[0].toLowerCase())) return undefined;
  const end = m[0].length + (last.index ?? 0) + last[0].replace(/[.]+$/u, "").length;
  return after.slice(0, end).trim();
}

const PARTITIVE_DETERMINERS = new Set(
  "de het een zijn haar hun deze die dit dat onze the a an his her their these those its our this that all alle".split(
    " ",
  ),
);
const PARTITIVE_PRONOUNS = new Set("them those hen hun ons us you jullie".split(" "));

/** The noun phrase right after the number: `grote woningcorporaties`, `truck drivers`, `Syriërs`. */
function nounAfter(after: string, kind: FigureKind): string | undefined {
  const m = /^\s+([\p{L}][\p{L}\p{N}'’-]*(?:\s+[\p{L}][\p{L}\p{N}'’-]*){0,2})/u.exec(after);
  if (!m?.[1]) return undefined;
  const out: string[] = [];
  for (const word of m[1].split(/\s+/u)) {
    const lower = word.toLowerCase();
    // `eight more people`, `twee andere verdachten`: a comparative goes with its noun.
    if (out.length === 0 && MORE.has(lower)) {
      out.push(word);
      continue;
    }
    if (isFunctionWord(lower) || (out.length > 0 && /(?:ed|ing|ly)$/u.test(lower))) break;
    out.push(word);
    // A plural noun ends the phrase; an adjective (`grote`, `federal`) or a noun in a compound (`truck drivers`) goes on.
    if (/(?:s|en|'s|’s)$/u.test(lower) && !/e$/u.test(lower)) break;
  }
  if (out.length === 0 || (out.length === 1 && MORE.has((out[0] as string).toLowerCase()))) return undefined;
  // What a duration measures is a noun (`gevangenisstraf`, `cel`): not a verb, adjective or adverb.
  if (
    (kind === "time" || kind === "measure") &&
    out.some((x) => /(?:lijk|ig|isch|baar|ly|t|en|de|te|ed)$/u.test(x.toLowerCase()) && !/(?:straf|cel)$/u.test(x))
  ) {
    return undefined;
  }
  return out.join(" ");
}

function isFunctionWord(lower: string): boolean {
  return STOPWORDS.has(lower) || NOT_NOUNS.has(lower) || PREPOSITIONS.has(lower);
}

const PREPOSITIONS = new Set(
  (
    "wegens tegen voor na door tijdens sinds zonder binnen buiten naast onder boven achter bij rond langs tussen " +
    "vanaf volgens richting omdat terwijl toen waar hoe zoals dan during against for after before without within " +
    "including among across along around between through until since while when where how as per via aan in op met uit " +
    "van naar om te at on to with from by of into onto"
  ).split(" "),
);

/** `een celstraf van tien jaar`, `a minimum term of 25 years`, `budget van 60.000 euro`. */
function nounBefore(before: string, w: FigureWords): string | undefined {
  const m = pattern(`(?:^|\\s)((?:[\\p{L}][\\p{L}'’-]*\\s+)?([\\p{L}][\\p{L}'’-]*))\\s+${w.partitive}\\s+$`).exec(
    before,
  );
  const noun = m?.[2];
  if (!m?.[1] || !noun) return undefined;
  const lower = noun.toLowerCase();
  // The word before `van` must be a noun: not a function word, not a participle (`verwacht`, `expected`).
  if (/(?:ed|ing)$/u.test(lower) || /^(?:ge|be|ver|ont|her)\p{L}+[td]$/u.test(lower)) {
    // `een opkomst verwacht van 60 procent`: the noun before the participle.
    const first = m[1].slice(0, m[1].length - noun.length).trim();
    return first && !isFunctionWord(first.toLowerCase()) ? first : undefined;
  }
  if (isFunctionWord(lower)) return undefined;
  const adjective = m[1].slice(0, m[1].length - noun.length).trim();
  // `moeten leven van 300 gram`: after an auxiliary the word is a verb.
  if (AUXILIARIES.has(adjective.toLowerCase())) return undefined;
  // `de totale kosten`: keep an adjective before it (a Dutch one shows by its ending in -e).
  return adjective && /e$/u.test(adjective) && !isFunctionWord(adjective.toLowerCase()) ? m[1] : noun;
}

/** `a deal worth $2.5 billion`, `een contract ter waarde van 4 miljoen`: what the sum is the value of. */
function worthOf(before: string, w: FigureWords): string | undefined {
  const words = w.worth.map((x) => x.replace(/\s+/gu, "\\s+")).join("|");
  const m = pattern(`([\\p{L}][\\p{L}'’-]*)\\s+(?:${words})\\s+$`, "iu").exec(before);
  const noun = m?.[1];
  return noun && !isFunctionWord(noun.toLowerCase()) ? noun : undefined;
}

/** `het aantal Russische militairen … naar 150.000`, `the number of people … to 300`. */
function counted(before: string): string | undefined {
  const m = /(?:aantal|number of|totaal|total of)\s+((?:[\p{L}-]+\s?){1,4})/iu.exec(before);
  if (!m?.[1]) return undefined;
  const words = m[1].trim().split(/\s+/u);
  // Up to the verb: `groeide`, `steeg`, `rose` (a past tense in -de/-te/-ed), or a function word.
  const stop = words.findIndex(
    (x, i) => STOPWORDS.has(x.toLowerCase()) || (i > 0 && (/(?:de|te|ed)$/u.test(x) || VERBS.has(x.toLowerCase()))),
  );
  const kept = stop > 0 ? words.slice(0, stop) : words;
  return kept.join(" ") || undefined;
}

/** `3,5 miljard euro heeft uitgegeven aan luxeproducten`: what the sum went to, a few words on. */
function purposeAfter(after: string): string | undefined {
  const clause = after.split(/[.!?;:,(]/u)[0] ?? "";
  const m =
    /^(?:\s+[\p{L}][\p{L}'’-]*){0,4}?\s+(?:aan|voor|op|for|on|into)\s+((?:(?:de|het|een|the|a|an)\s+)?(?:[\p{L}][\p{L}'’-]*e\s+)?[\p{L}][\p{L}\p{N}'’-]*)/u.exec(
      clause,
    );
  const np = m?.[1];
  if (!np) return undefined;
  const last = np.split(/\s+/u).pop() as string;
  return isFunctionWord(last.toLowerCase()) ? undefined : np;
}

/** The subject the sentence says it of: `De jaaromzet steeg met 195 procent`, `toen was het verlies 5 miljoen euro`. */
function subjectOf(before: string): string | undefined {
  const clause = before.split(/[;:]\s+|,\s+(?=\p{Ll})/u).pop() ?? "";
  const words = [...clause.matchAll(/[\p{L}][\p{L}'’-]*/gu)];
  for (let i = 0; i < words.length; i++) {
    const w = (words[i] as RegExpMatchArray)[0].toLowerCase();
    if (!DETERMINERS.has(w)) continue;
    // A noun phrase in a prepositional phrase (`met de auto`) is not the subject.
    if (i > 0 && PREPOSITIONS.has((words[i - 1] as RegExpMatchArray)[0].toLowerCase())) continue;
    const np: string[] = [];
    for (let k = i + 1; k < Math.min(words.length, i + 4); k++) {
      const x = (words[k] as RegExpMatchArray)[0];
      if (isFunctionWord(x.toLowerCase())) break;
      np.push(x);
      // `de huidige regering`: an adjective in -e goes on to its noun; `de gemeente` ends in -e itself.
      const next = (words[k + 1] as RegExpMatchArray | undefined)?.[0];
      // …but not on to a verb (`De gemeente trekt …`).
      if (!/e$/u.test(x) || !next || isFunctionWord(next.toLowerCase()) || /(?:t|dt|de|te)$/u.test(next)) break;
    }
    const last = np[np.length - 1];
    if (!last) continue;
    const from = (words[i] as RegExpMatchArray).index ?? 0;
    const lastMatch = words[i + np.length] as RegExpMatchArray;
    return clause.slice(from, (lastMatch.index ?? 0) + lastMatch[0].length);
  }
  // `Harlow’s shares rose 7%`, `Sunvale Energy Inc. plans to raise $3.2 billion`: a name opens the clause.
  const named = /^\s*((?:\p{Lu}[\p{L}\p{N}&.-]*\s+){0,3}\p{Lu}[\p{L}\p{N}&-]*(?:['’]s(?:\s+[\p{Ll}]+)?)?)/u.exec(
    clause,
  );
  const name = named?.[1]?.replace(/[.\s]+$/u, "");
  if (!name || isFunctionWord(name.toLowerCase()) || name.split(/\s+/u).some((x) => isFunctionWord(x.toLowerCase())))
    return undefined;
  return name;
}

const AUXILIARIES = new Set(
  "moeten moet kunnen kan zullen zal gaan gaat willen wil mogen mag hebben heeft zijn is worden wordt must can will would should could may might".split(
    " ",
  ),
);
/** Units of weight and volume, which measure the noun after them: `300 gram voedsel`, `een kilo hennep`. */
const MASS_UNITS = /(?:gram|kilo|kg|ton|tons|tonnes|liter|litres|liters|pond|pounds|gallons|vaten|barrels)$/iu;
const VERBS = new Set("steeg daalde groeide bedraagt bedroeg is was rose fell grew stood reached".split(" "));
const MORE = new Set("more other extra meer andere extra nieuwe new".split(" "));
const DETERMINERS = new Set("de het een the a an zijn haar hun its their".split(" "));
