/**
 * Who said it: speech verbs and the noun phrases around them, in Dutch and English.
 */

/** Verbs (and fixed phrases) that introduce speech or writing. */
const SPEECH_VERBS = new Set(
  (
    "zei zeiden zegt zeggen gezegd schrijft schreef schreven geschreven aldus vertelde vertelt vertelden " +
    "verklaarde verklaart stelt stelde benadrukte benadrukt waarschuwde waarschuwt reageerde reageert " +
    "meldt meldde twitterde tweette antwoordde antwoordt concludeert concludeerde betoogde betoogt " +
    "erkende erkent beloofde belooft riep roept vindt vond zuchtte citeert weten toe opgemerkt merkte " +
    "merkt verzekerde verzekert onderstreepte onderstreept noemt noemde noemen spreekt sprak spreken spraken called calls said says say saying told tells wrote writes " +
    "added adds stated states explained explains asked asks argued argues warned warns insisted insists " +
    "noted notes claimed claims tweeted posted declared declares announced replied replies recalled " +
    "recalls continued admitted admits conceded concedes acknowledged remarked observed testified " +
    "predicted suggested joked cautioned complained emphasized emphasised stressed urged recounted " +
    "shouted whispered responded responds confirmed confirms believes described promised vowed quipped " +
    "agreed"
  ).split(" "),
);

/** `toe` counts only in `voegde … toe`, `weten` only in `laat/liet … weten`. */
const PARTICLE_VERBS: Record<string, RegExp> = {
  toe: /\b(voegde|voegt|voegden|gaf|geeft)\b[^.,;:]{0,40}$/i,
  weten: /\b(laat|liet|lieten|laten)\b[^.,;:]{0,40}$/i,
};

const PRONOUNS = new Set("hij zij ze he she they wij we ik i".split(" "));
const ARTICLES = /^(the|a|an|de|het|een|his|her|its|their|zijn|haar|hun)$/i;
const NAME_PARTICLES = new Set([
  "van",
  "de",
  "der",
  "den",
  "ter",
  "ten",
  "te",
  "von",
  "da",
  "di",
  "du",
  "le",
  "la",
  "bin",
  "al",
  "el",
  "'t",
  "van der",
  "van den",
]);
const PREPOSITIONS = new Set(
  (
    "van bij in op aan voor uit met naar tegen over of at for from on with to by about during tijdens " + "namens"
  ).split(" "),
);
const CONNECTORS = /^(?:(?:maar|en|toch|ook|dan|want|dus|but|and|yet|so|then|also|wel|nog)(?:\s+|$))+/i;
const HONORIFICS = /^(dr|mr|mrs|ms|prof|dhr|mevr|mw|drs|ir|ing|sir|dame|lord|lady|st)\.?$/i;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;

export interface Speaker {
  speaker: string;
  role?: string;
  /** The speaker is a pronoun pointing back at the last named person. */
  pronoun?: boolean;
}

/** Is `word` a speech verb, given the text before it (for particle verbs)? */
export function isSpeechVerb(word: string, before = ""): boolean {
  const w = word.toLowerCase();
  if (!SPEECH_VERBS.has(w)) return false;
  const particle = PARTICLE_VERBS[w];
  return particle ? particle.test(before) : true;
}

/** One pass over a text finds every candidate verb; the particle verbs are checked after. */
const VERB_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:according to|quoted as saying|volgens|${[...SPEECH_VERBS].sort((a, b) => b.length - a.length).join("|")})(?![\\p{L}\\p{N}])`,
  "giu",
);

/** Every speech verb in `text` as [start, end] offsets, `according to` and `volgens` included. */
export function speechVerbs(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(VERB_PATTERN)) {
    const start = m.index ?? 0;
    const w = m[0].toLowerCase();
    const particle = PARTICLE_VERBS[w];
    if (particle && !particle.test(text.slice(0, start))) continue;
    out.push({ start, end: start + m[0].length });
  }
  return out;
}

function isCapitalized(word: string): boolean {
  const first = word[0] ?? "";
  return first !== first.toLowerCase();
}

/** A capitalized word that is a role rather than a name: `Levada-onderzoeker`, `Minister`. */
function isRoleWord(word: string): boolean {
  return /^[\p{Lu}][\p{L}]*-[\p{Ll}]/u.test(word);
}

/**
 * The person named right after an attribution verb: `Jelena Tsjernenko, defensieanalist bij …`,
 * `Levada-onderzoeker Denis Volkov op …`, `hij`, `the company's spokesman`.
 */
export function speakerAfter(text: string): Speaker | undefined {
  const words = [...text.matchAll(WORD)].slice(0, 12);
  const first = words[0];
  if (!first) return undefined;
  if (text.slice(0, first.index).trim() !== "") return undefined;
  const firstWord = first[0].replace(/\.+$/u, "");
  if (PRONOUNS.has(firstWord.toLowerCase())) return { speaker: firstWord, pronoun: true };
  let nameStart = -1;
  let nameEnd = -1;
  const roleWords: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as RegExpMatchArray;
    const gap = text.slice((words[k - 1]?.index ?? 0) + (words[k - 1]?.[0].length ?? 0), w.index);
    if (k > 0 && /[,.;:!?()“”"]/.test(gap)) break;
    const honorific = HONORIFICS.test(w[0]) && isCapitalized(words[k + 1]?.[0] ?? "");
    if ((isCapitalized(w[0]) && !isRoleWord(w[0])) || (honorific && nameStart < 0)) {
      if (nameStart < 0) nameStart = w.index ?? 0;
      nameEnd = (w.index ?? 0) + w[0].length;
      continue;
    }
    if (nameStart >= 0) {
      if (NAME_PARTICLES.has(w[0]) && isCapitalized(words[k + 1]?.[0] ?? "")) continue;
      break;
    }
    if (PREPOSITIONS.has(w[0].toLowerCase()) && roleWords.length > 0) break;
    roleWords.push(w[0]);
    if (roleWords.length > 5) break;
  }
  if (nameStart < 0) {
    // No name: a description such as `her lawyer` or `a spokesman for the ministry`.
    const np = /^[^,.;:!?“”"]{2,80}/u.exec(text)?.[0]?.trim();
    return np ? { speaker: stripTrailingVerbish(np) } : undefined;
  }
  const speaker = text.slice(nameStart, nameEnd).replace(/[.’']+$/u, "");
  const before = text.slice(0, nameStart).trim();
  const rolePrefix = before.replace(ARTICLES, "").trim();
  if (rolePrefix && !/\s(van|of|bij|at)$/i.test(` ${before}`)) return { speaker, role: rolePrefix };
  const roleAfter =
    /^,\s*((?:the |de |het |een |an? )?[\p{Ll}][^.;:!?“”"«»]{2,100}?)(?=[.;:!?“”"«»]|,\s*[“"„]|$)/u.exec(
      text.slice(nameEnd),
    );
  return roleAfter?.[1] ? { speaker, role: roleAfter[1].trim() } : { speaker };
}

/**
 * The subject standing before an attribution verb in its clause: `De woordvoerder van het Kremlin`,
 * `attorney Pierce O'Donnell`, `Hij`.
 */
export function speakerBefore(clause: string): Speaker | undefined {
  const np = clause
    .replace(CONNECTORS, "")
    .replace(/\s+(wel|ook|nog|also|then|later|today|vandaag|gisteren)$/i, "")
    .trim();
  if (!np || np.length > 90) return undefined;
  const words = [...np.matchAll(WORD)];
  if (words.length === 0 || words.length > 10) return undefined;
  if (words.length === 1 && PRONOUNS.has((words[0] as RegExpMatchArray)[0].toLowerCase())) {
    return { speaker: np, pronoun: true };
  }
  // A trailing run of capitalized words not after a preposition is a name.
  let k = words.length - 1;
  while (k >= 0 && isCapitalized((words[k] as RegExpMatchArray)[0]) && !isRoleWord((words[k] as RegExpMatchArray)[0]))
    k--;
  const runStart = k + 1;
  if (runStart < words.length) {
    let j = k;
    while (j >= 0 && ARTICLES.test((words[j] as RegExpMatchArray)[0])) j--;
    const prev = words[j]?.[0]?.toLowerCase();
    if (prev === undefined || !PREPOSITIONS.has(prev)) {
      while (k >= 0 && HONORIFICS.test((words[k] as RegExpMatchArray)[0])) k--;
      const startAt = (words[k + 1] as RegExpMatchArray).index ?? 0;
      const speaker = np.slice(startAt).replace(/[.’']+$/u, "");
      const role = np.slice(0, startAt).trim().replace(ARTICLES, "").trim();
      return role && k >= 0 ? { speaker, role } : { speaker };
    }
  }
  if (!/^[\p{Lu}]/u.test(np) && words.length > 6) return undefined;
  return { speaker: np };
}

function stripTrailingVerbish(np: string): string {
  return np.replace(/\s+(said|says|told|wrote|zei|zegt|schreef|schrijft)\b.*$/i, "").trim();
}

/** True when a speaker is a pronoun that must be resolved. */
export function isPronoun(word: string): boolean {
  return PRONOUNS.has(word.toLowerCase());
}
