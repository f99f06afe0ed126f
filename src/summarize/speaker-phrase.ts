/**
 * The noun phrase that names a speaker next to a speech cue: a name (with its role split off), a
 * pronoun, or a description (`een woordvoerder van ProRail`). Offsets are into the text given.
 */
import type { Reader } from "./reader.ts";
import { adjacent, type Token, tokensBefore, tokensOf } from "./tokens.ts";

export interface Phrase {
  kind: "name" | "pronoun" | "description";
  start: number;
  end: number;
  /** A role given with the name: `woordvoerder`, `Sheriff`, `, chief executive of X,`. */
  role?: { start: number; end: number };
}

/** Prepositions that keep a description going (`een woordvoerder van ProRail`, `a spokesman for X`). */
const LINKS = new Set("van bij voor uit namens of at for from".split(" "));
const QUOTED_NAME_END = /(?:\s(?:of|van|from|uit|at|bij))?\s+["“”„'‘’«»]_{1,40}["“”'‘’«»]$/u;
const DEMONSTRATIVE = new Set("die dat deze dit that this these those".split(" "));
/** Prepositions whose object a name is when it follows them: `de uitlatingen van X`, `the words of X`. */
const OBJECT_OF = new Set("van met aan over door tegen naar of with to about by against".split(" "));
/** Words that end a description: a new clause or an adverbial. */
const ENDS_DESCRIPTION = new Set(
  "dat die wie wat waar toen omdat terwijl nadat tegen tegenover in op tijdens na aan over met en maar want is was zijn waren heeft had wordt werd kan zal that who which whose where when because while after before to in on during and but is was are were has had will would can".split(
    " ",
  ),
);
/** Group names: `Linda en Leo`, `Kim and Trump`. */
const GROUP = new Set(["en", "and", "&"]);
const MAX_NAME = 4;
/** The longest role noun a compound can end in. */
const MAX_ROLE_CHARS = 24;
const MAX_DESCRIPTION = 10;
/** Marks after which a word opens a sentence or a quote. */
const OPENS = /(?:^|[.!?…:;"'“”‘’„«»()[\]`_\-–—]|,,)\s*$/u;

/** A word that names a role: listed, or a compound ending in a role noun (`defensieanalist`, `MAX-baas`). */
export function isRole(t: Token, r: Reader): boolean {
  const known = r.roleCache.get(t.lower);
  if (known !== undefined) return known;
  const role = computeRole(t, r);
  r.roleCache.set(t.lower, role);
  return role;
}

function computeRole(t: Token, r: Reader): boolean {
  if (r.roles.has(t.lower)) return true;
  if (r.lex.compounds && t.lower.length > 6) {
    // `defensieanalist`, `Noord-Koreagezant`, `Omroep MAX-baas`: a compound ending in a role.
    for (let k = Math.max(3, t.lower.length - MAX_ROLE_CHARS); k <= t.lower.length - 3; k++) {
      if (r.roles.has(t.lower.slice(k).replace(/^-/u, ""))) return true;
    }
  }
  const dash = t.lower.lastIndexOf("-");
  if (dash > 0 && r.roles.has(t.lower.slice(dash + 1))) return true;
  for (const e of r.roleEndings) if (t.lower.length > e.length + 2 && t.lower.endsWith(e)) return true;
  return false;
}

/** A capitalized adjective of nationality or place: `Russische`, `Amsterdamse`, `Britse`. */
export function isAdjective(t: Token, r: Reader): boolean {
  return t.cap && r.lex.adjectiveOfPlace.test(t.text);
}

function isHonorific(t: Token, r: Reader): boolean {
  return r.honorifics.has(t.lower.replace(/\.$/u, ""));
}

/** Whether the token starts a sentence or a quote in `text`, where any word is capitalized. */
export function opensSentenceAt(text: string, t: Token): boolean {
  return OPENS.test(text.slice(Math.max(0, t.start - 4), t.start));
}

/**
 * A word that can be (part of) a name: capitalized, not a listed common word or adjective; at a
 * sentence's start only if the article also writes it capitalized elsewhere (or it is a role).
 */
export function isNameWord(text: string, t: Token, r: Reader, continuing = false): boolean {
  // `Van Dijk`, `zegt Van der Weijden`: a capitalized particle opens a surname.
  if (t.cap && r.particles.has(t.lower)) {
    const next = text.slice(t.end, t.end + 40);
    const surname = /^\s+(?:(?:der|den|de|la|le)\s+)?(\p{Lu}[\p{Ll}'’-]+)/u.exec(next)?.[1];
    if (!surname || /^\s+\p{Lu}\p{Ll}*(?:se|sche)\b/u.test(next)) return false;
    // `De Sloveen stond …` opening a sentence is the article and a noun, unless the article writes
    // the word as a surname after a particle elsewhere (`Brigitte van Egten` … `Van Egten was …`).
    return !opensSentenceAt(text, t) || r.particleSurnames.has(surname);
  }
  // `el-Sisi`, `al-Assad`: a lower-case particle joined to a capitalized surname.
  if (!t.cap) {
    const dash = t.text.indexOf("-");
    return dash > 0 && dash <= 3 && /^\p{Ll}{1,3}-\p{Lu}\p{Ll}/u.test(t.text);
  }
  if (!t.cap || r.notNames.has(t.lower.replace(/['’]s$/u, "")) || isGenitive(t.text, r) || !/\p{L}/u.test(t.text)) {
    return false;
  }
  // `Britse premier`, `Amsterdamse wethouder`: an adjective before a noun; `Ilse Wolters`: a first name.
  if (isAdjective(t, r) && !/^\s+\p{Lu}/u.test(text.slice(t.end, t.end + 3))) return false;
  // `Iranian`, `Italiaans`: an adjective of origin, unless it starts a name of several words (`British Airways`).
  if (r.demonyms.has(t.lower) && !continuing && !/^\s+\p{Lu}/u.test(text.slice(t.end, t.end + 3))) return false;
  if (continuing || !opensSentenceAt(text, t)) return true;
  if (r.capitalized.has(t.text) || isRole(t, r) || isHonorific(t, r)) return true;
  // `Complicaties Ross verklaarde …`: a word the article also writes in lower case is a common one.
  if (r.lowercase.has(t.lower)) return false;
  // `Nancy Pelosi, …`, `Fred van Engelen, …` opening a sentence: a name of two capitalized words.
  const next = /^\s+(?:(?:van|de|der|den|von|ter|ten)\s+(?:(?:der|den|de)\s+)?)?(\p{Lu}[\p{L}'’-]*)/u.exec(
    text.slice(t.end, t.end + 40),
  )?.[1];
  return (
    next !== undefined && !r.notNames.has(next.toLowerCase()) && !/(?:se|sche)$/u.test(next) && !isGenitive(next, r)
  );
}

/** `Slagters`, `Trumps`, `Ruslands`: the genitive of a name the article also writes without the s. */
export function isGenitive(word: string, r: Reader): boolean {
  return /\p{Ll}s$/u.test(word) && r.capitalized.has(word.slice(0, -1));
}

/** Words before `of` that make it part of a name: `University of Essex`, `Secretary of State`. */
const OF_NAMES =
  /^(?:University|Universiteit|Bank|Department|Ministry|Ministerie|Institute|Instituut|College|Museum|Court|House|Council|Republic|Kingdom|State|States|Board|Office|Secretary|Minister|Duke|Duchess|Prince|Princess|King|Queen|Church|School|Academy|Society|Association|Federation|Union|Party|Centre|Center|Hospital|Hogeschool|Gemeente|Provincie|Stichting|Raad|Rijksmuseum)$/u;

/**
 * The run of name words from `tokens[i]`: capitals, initials, `X en Y`, and particles inside a
 * name (`Lies van Aelst`, `Ministerie van Justitie`, `University of Essex`), not after a full one
 * (`Rob Roos van Forum`, `Brigid Kosgei of Kenya`).
 */
export function nameRun(text: string, tokens: readonly Token[], i: number, r: Reader): number {
  let j = i;
  while (j + 1 < tokens.length && adjacent(text, tokens[j] as Token, tokens[j + 1] as Token)) {
    const next = tokens[j + 1] as Token;
    if (isNameWord(text, next, r, true) || (next.cap && isHonorific(next, r))) {
      j++;
      continue;
    }
    // `Kamerlid mr. Sanne de Vries`: a lower-case title of address inside the name.
    const following = tokens[j + 2];
    if (isHonorific(next, r) && following && adjacent(text, next, following) && isNameWord(text, following, r, true)) {
      j += 2;
      continue;
    }
    const after = tokens[j + 2];
    const third = tokens[j + 3];
    const here = tokens[j] as Token;
    // A particle follows a first name (after any role or title), or a word such as `University`.
    let names = 0;
    for (let k = i; k <= j; k++) if (!isRole(tokens[k] as Token, r) && !isHonorific(tokens[k] as Token, r)) names++;
    // A capitalized particle is a surname's (`Nora Van den Broeck`, `Bart De Smet`).
    const particle =
      r.particles.has(next.lower) &&
      (names <= 1 || OF_NAMES.test(here.text) || (next.cap && next.lower !== "of") || r.particles.has(here.lower)) &&
      (next.lower !== "of" || OF_NAMES.test(here.text));
    if (
      (particle || GROUP.has(next.lower)) &&
      after &&
      adjacent(text, next, after) &&
      isNameWord(text, after, r, true)
    ) {
      j += 2;
      continue;
    }
    // `van der`, `van den`: two particles.
    if (
      particle &&
      after &&
      r.particles.has(after.lower) &&
      third &&
      adjacent(text, next, after) &&
      adjacent(text, after, third) &&
      isNameWord(text, third, r, true)
    ) {
      j += 3;
      continue;
    }
    break;
  }
  return j;
}

/** A name run split into role and name: `Sheriff Bill Brown`, `Statisticus Joop Hox`, `Dr. Els Hoekstra`. */
export function splitRun(
  tokens: readonly Token[],
  i: number,
  j: number,
  r: Reader,
  text?: string,
): { role?: [number, number]; name: [number, number] } | undefined {
  let last = -1;
  // `Pianist Jorn Swart` opening a sentence: a first word never capitalized elsewhere is no name's.
  const first = tokens[i] as Token;
  if (
    text !== undefined &&
    j - i >= 2 &&
    opensSentenceAt(text, first) &&
    !r.capitalized.has(first.text) &&
    !r.particles.has(first.lower) &&
    // `Pieter de Wit won`: a lower-case particle after the first word makes it a first name.
    !(r.particles.has((tokens[i + 1] as Token).lower) && !(tokens[i + 1] as Token).cap)
  ) {
    last = i;
  }
  for (let k = i; k < j; k++) {
    // The name after a role starts with a name word, not `en` or `van`: `Justitie en Veiligheid` stays whole.
    const next = tokens[k + 1] as Token;
    if (isRole(tokens[k] as Token, r) && (isHonorific(next, r) || (next.cap && !r.particles.has(next.lower)))) last = k;
  }
  // A role alone (`Kamerlid`, `Minister`), or a run of roles only (`Vice President`), is no name.
  let roles = 0;
  for (let k = i; k <= j; k++) if (isRole(tokens[k] as Token, r)) roles++;
  if (roles === j - i + 1) return undefined;
  let n = last >= 0 ? last + 1 : i;
  while (n <= j && isHonorific(tokens[n] as Token, r)) n++;
  if (n > j) return undefined;
  // A person's name is short: a longer run is an organisation or a place before the name.
  let capitals = 0;
  for (let k = j; k >= n; k--) {
    if ((tokens[k] as Token).cap) capitals++;
    if (capitals > MAX_NAME) {
      n = k + 1;
      break;
    }
  }
  return { ...(last >= i ? { role: [i, last] as [number, number] } : {}), name: [n, j] };
}

/**
 * The speaker named at the start of `text` (from `from`): after an inverted verb (`zegt hij`,
 * `said Sheriff Bill Brown`), after `volgens`/`according to`, or opening a sentence.
 */
export function phraseAfter(text: string, from: number, r: Reader): Phrase | undefined {
  const tokens = tokensOf(text, from, 24);
  const first = tokens[0];
  if (!first || !/^[\s,]*$/u.test(text.slice(from, first.start))) return undefined;
  let i = 0;
  while (i < tokens.length - 1 && !tokens[i]?.cap && r.adverbs.has((tokens[i] as Token).lower)) {
    if (!adjacent(text, tokens[i] as Token, tokens[i + 1] as Token)) return undefined;
    i++;
  }
  return phraseAt(text, tokens, i, r);
}

/** The phrase that starts at `tokens[i]`. */
export function phraseAt(text: string, tokens: readonly Token[], i: number, r: Reader): Phrase | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (r.pronouns.has(t.lower)) return { kind: "pronoun", start: t.start, end: t.end };
  // `volgens hem`, `according to her` (not `haar advocaat`, where the word is a determiner).
  const next = tokens[i + 1];
  if (r.objectPronouns.has(t.lower) && (!next || !adjacent(text, t, next) || next.cap)) {
    return { kind: "pronoun", start: t.start, end: t.end };
  }
  if (isNameWord(text, t, r) || (t.cap && isHonorific(t, r)))
    return namePhrase(text, tokens, i, nameRun(text, tokens, i, r), r);
  // A description, or role words before a name: `woordvoerder Jolanda Zondag`, `de Britse premier Theresa May`,
  // `eyewitness Vinnie DeVita`. Without a determiner or a known role, only the name counts.
  // A genitive works as a determiner: `Trumps Noord-Koreagezant Stephen Biegun`, `Niger's president X`.
  const described =
    r.determiners.has(t.lower) || isRole(t, r) || isGenitive(t.text, r) || /^\p{Lu}.*['’]s$/u.test(t.text);
  if (!described && (t.cap || ENDS_DESCRIPTION.has(t.lower) || LINKS.has(t.lower))) return undefined;
  let j = i;
  let linked = false;
  while (
    j + 1 < tokens.length &&
    j - i < MAX_DESCRIPTION &&
    adjacentOrPossessive(text, tokens[j] as Token, tokens[j + 1] as Token)
  ) {
    const here = tokens[j] as Token;
    const next = tokens[j + 1] as Token;
    if (LINKS.has(here.lower)) linked = true;
    if (isNameWord(text, next, r)) {
      const end = nameRun(text, tokens, j + 1, r);
      // After `van`, `de`: the name is part of the description (`de woordvoerder van het Kremlin`).
      if (!linked && !r.determiners.has(here.lower)) {
        const named = namePhrase(text, tokens, j + 1, end, r);
        if (named?.kind === "name") {
          const roleFrom = r.determiners.has(t.lower) ? i + 1 : i;
          const role = roleFrom <= j ? { start: (tokens[roleFrom] as Token).start, end: here.end } : named.role;
          return { ...named, ...(role ? { role } : {}) };
        }
      }
      // `de Boskoopse VVD-lijsttrekker Floor Vermeulen`: capitalized role words, then the name.
      if (j === i && r.determiners.has(here.lower)) {
        const named = namePhrase(text, tokens, j + 1, end, r);
        if (named?.kind === "name" && named.role && named.role.start === next.start) return named;
      }
      linked = true;
      j = end;
      // After the name only another link goes on: `van het ministerie van Justitie`.
      const after = tokens[j + 1];
      if (!after || !(LINKS.has(after.lower) || after.lower === "in")) break;
      continue;
    }
    if (r.verbs.has(next.lower) || r.lex.auxiliaries.includes(next.lower)) break;
    // `de ambassadeur in Londen`, `the judge in the case`: a place or a matter goes with the role.
    const object = tokens[j + 2];
    const place =
      (next.lower === "in" || next.lower === "uit") &&
      object !== undefined &&
      (isNameWord(text, object, r, true) || (isHead(here, r) && r.determiners.has(object.lower)));
    if (place) linked = true;
    // After its head noun a description goes on only with a link: `een vrouwelijke demonstrant` (verborgen …).
    if (j > i && isHead(here, r) && !isHead(next, r) && !LINKS.has(next.lower) && !place) break;
    // `van die ambassade`, `of that firm`: after a link, `die`/`that` points, it opens no clause.
    const pointing = LINKS.has(here.lower) && DEMONSTRATIVE.has(next.lower);
    if (!next.cap && ENDS_DESCRIPTION.has(next.lower) && !place && !pointing) break;
    if (!described && j - i >= 2) return undefined;
    j++;
  }
  // A determiner alone (`A tweet sent …`, where `tweet` is read as the verb) describes nobody.
  if (j === i && r.determiners.has(t.lower)) return undefined;
  // `Een woordvoerder van`: a description does not end in its link.
  while (j > i && LINKS.has((tokens[j] as Token).lower)) j--;
  return described ? { kind: "description", start: t.start, end: (tokens[j] as Token).end } : undefined;
}

/** A word a description can end in: a role or a body that speaks. */
function isHead(t: Token, r: Reader): boolean {
  return isRole(t, r) || r.speakerNouns.has(t.lower);
}

function adjacentOrPossessive(text: string, a: Token, b: Token): boolean {
  return adjacent(text, a, b) || /^['’]s?\s+$/u.test(text.slice(a.end, b.start));
}

function namePhrase(text: string, tokens: readonly Token[], i: number, j: number, r: Reader): Phrase | undefined {
  const split = splitRun(tokens, i, j, r, text);
  if (!split) return { kind: "description", start: (tokens[i] as Token).start, end: (tokens[j] as Token).end };
  const start = (tokens[split.name[0]] as Token).start;
  const end = (tokens[split.name[1]] as Token).end;
  if (split.role) {
    const role = { start: (tokens[split.role[0]] as Token).start, end: (tokens[split.role[1]] as Token).end };
    return { kind: "name", start, end, role };
  }
  const appositive =
    /^(?:\s*\(\d+\))?,\s+((?:[\p{Ll}\d]|the |de |het |een |an? )[^,.;:!?()“”"„«»_]{2,120}?)(?=,|\.|;|$)/u.exec(
      text.slice(end, end + 200),
    );
  // `Ann Cole, said,`: a verb after the comma begins the clause, it is no role.
  const first = appositive?.[1] ? /^[\p{L}]+/u.exec(appositive[1])?.[0]?.toLowerCase() : undefined;
  if (appositive?.[1] && first && !r.verbs.has(first) && !r.lex.auxiliaries.includes(first)) {
    const roleStart = end + appositive[0].length - appositive[1].length;
    return { kind: "name", start, end, role: { start: roleStart, end: roleStart + appositive[1].trimEnd().length } };
  }
  return { kind: "name", start, end };
}

/** Words that open a clause but are not its subject; after them Dutch puts the subject after the verb. */
const FRONTED = new Set(
  "tegen in op bij na voor tijdens over met aan uit door tot sinds vanaf onder tussen zonder volgens namens gisteren vandaag toen nu later eerder dan daarom daarna vervolgens ook zo dus wel nog desgevraagd achteraf bovendien verder intussen inmiddels eerst tenslotte uiteindelijk".split(
    " ",
  ),
);
const OPENS_CLAUSE = new Set(
  "maar en want dus toch ook dat of omdat terwijl toen als nadat but and so yet that whether because while when after as then also".split(
    " ",
  ),
);

/**
 * The subject that stands before a speech verb at `to`: `Dirk Huibers`, `De woordvoerder van het
 * Kremlin`, `Hij`, `Nancy Pelosi, the Speaker of the House,`. `inverted` when nothing of the
 * clause, or something other than its subject, stands before the verb, so that (in Dutch) the
 * subject follows it: `Tegen de BBC zegt hij`, `…, zegt Huibers`.
 */
export function phraseBefore(text: string, to: number, r: Reader, relative = false): Phrase | "inverted" | undefined {
  const inverted = r.lex.verbSecond ? "inverted" : undefined;
  let end = to;
  while (end > 0 && /\s/u.test(text[end - 1] as string)) end--;
  // `Mike Ryan of the World Health Organization (WHO) told`: the parenthesis is an aside.
  if (text[end - 1] === ")") {
    const open = text.lastIndexOf("(", end - 1);
    if (open >= 0 && end - open < 60) {
      end = open;
      while (end > 0 && /\s/u.test(text[end - 1] as string)) end--;
    }
  }
  // `Anna Kos of “____”`: a quoted name of where the person is from (blanked), and its link, left out.
  const quoted = QUOTED_NAME_END.exec(text.slice(Math.max(0, end - 60), end));
  if (quoted) {
    end -= quoted[0].length;
    while (end > 0 && /\s/u.test(text[end - 1] as string)) end--;
  }
  if (text[end - 1] === ",") return appositiveSubject(text, end - 1, r) ?? inverted;
  let tokens = tokensBefore(text, end, 16);
  const lastToken = tokens[tokens.length - 1];
  // Nothing of the clause stands before the verb: it follows a quote (`"…," said X`).
  if (!lastToken || text.slice(lastToken.end, end).trim() !== "") return "inverted";
  // The clause: back to the last punctuation or quote, then past the words that open a clause.
  let c = tokens.length - 1;
  while (
    c > 0 &&
    /^\s+(?:\([^()]{1,40}\)\s+)?$/u.test(text.slice((tokens[c - 1] as Token).end, (tokens[c] as Token).start))
  )
    c--;
  tokens = tokens.slice(c);
  const skip = (t: Token | undefined) =>
    t !== undefined && !t.cap && (r.adverbs.has(t.lower) || r.lex.auxiliaries.includes(t.lower));
  while (tokens.length > 1 && skip(tokens[tokens.length - 1])) tokens = tokens.slice(0, -1);
  const lastWord = tokens[tokens.length - 1];
  // `Sam Lee turned to him and asked`: a second verb shares the sentence's subject.
  if (lastWord && COORDINATORS.has(lastWord.lower) && tokens.length > 1) return sentenceSubject(text, lastWord, r);
  // `Alex Greenwich who said`, `Jan, die zei`: the subject is the name before the relative pronoun.
  if (lastWord && RELATIVE.has(lastWord.lower)) {
    const before = phraseBefore(text, lastWord.start, r, true);
    return before === "inverted" ? undefined : before;
  }
  let k = 0;
  while (k < tokens.length && OPENS_CLAUSE.has((tokens[k] as Token).lower)) k++;
  const clause = tokens.slice(k);
  const first = clause[0];
  // `Hij slikte zijn woorden in, maar zei wel …`: the subject is the sentence's.
  if (!first) return k > 0 ? sentenceSubject(text, tokens[0] as Token, r) : "inverted";
  if (FRONTED.has(first.lower)) return inverted;
  const last = clause[clause.length - 1] as Token;
  // The clause is one noun phrase: a pronoun, role words or a determiner and a name, a description.
  const phrase = clause.length <= MAX_DESCRIPTION ? phraseAt(text, clause, 0, r) : undefined;
  if (phrase && phrase.end === last.end) return phrase;
  // `Steve Peers of the University of Essex`: a name, then where the person is from.
  if (phrase?.kind === "name" && !phrase.role) {
    const after = clause.findIndex((t) => t.start >= phrase.end);
    const link = clause[after];
    if (link && LINKS.has(link.lower)) return { ...phrase, role: { start: link.start, end: last.end } };
  }
  return trailingName(text, clause, r, relative);
}

/** The subject that opens the sentence `t` stands in, for a clause that shares it. */
function sentenceSubject(text: string, t: Token, r: Reader): Phrase | undefined {
  const window = Math.max(0, t.start - 400);
  const starts = [...text.slice(window, t.start).matchAll(/[.!?…]["'”’»]*\s+/gu)];
  const last = starts[starts.length - 1];
  const from = last ? window + (last.index ?? 0) + last[0].length : window;
  const phrase = subjectAt(text, from, r);
  return phrase && phrase.end <= t.start ? phrase : undefined;
}

/**
 * The subject opening a clause at `from`: {@link phraseAfter}, and for a description with a name
 * in apposition (`The chief executive of X, Dr. Alan Petrossian, said`) that name, the description its role.
 */
export function subjectAt(text: string, from: number, r: Reader): Phrase | undefined {
  const phrase = phraseAfter(text, from, r);
  if (phrase?.kind !== "description") return phrase;
  // The description may go on without a verb up to the comma: `The head of X and chair of Y, Ian Moss,`.
  const comma = /^([^,.;:!?_"“”„«»]{0,100}),\s*/u.exec(text.slice(phrase.end, phrase.end + 110));
  const rest = comma ? tokensOf(comma[1] as string) : [];
  if (!comma || rest.some((t) => r.verbs.has(t.lower) || r.lex.auxiliaries.includes(t.lower))) return phrase;
  const named = phraseAfter(text, phrase.end + comma[0].length, r);
  if (named?.kind !== "name" || !/^\s*[,(]/u.test(text.slice(named.end, named.end + 3))) return phrase;
  const end = phrase.end + (comma[1] as string).trimEnd().length;
  return { ...named, role: named.role ?? { start: phrase.start, end } };
}

const RELATIVE = new Set(["who", "die", "which", "wie"]);
const COORDINATORS = new Set(["and", "en", "but", "maar"]);
const RELATIVE_OPENS = /^\s*(?:who|which|whose|that|die|dat|wie|wiens|wier|waar)\b/iu;

/** `Former prime minister Tony Abbott`, `Niger's president Mahamadou Issoufou`: the name the clause ends in. */
function trailingName(text: string, whole: readonly Token[], r: Reader, relative = false): Phrase | undefined {
  let clause = whole;
  // `President Abdel Fattah el-Sisi of Egypt`: leave out where the person is from.
  for (let k = clause.length - 2; k > 0; k--) {
    const t = clause[k] as Token;
    if (
      LINKS.has(t.lower) &&
      isNameWord(text, clause[k - 1] as Token, r, true) &&
      clause.slice(k + 1).every((w) => isNameWord(text, w, r, true) || r.particles.has(w.lower))
    ) {
      clause = clause.slice(0, k);
      break;
    }
  }
  let s = clause.length - 1;
  if (s < 0 || !isNameWord(text, clause[s] as Token, r)) return undefined;
  while (s > 0 && adjacent(text, clause[s - 1] as Token, clause[s] as Token)) {
    const prev = clause[s - 1] as Token;
    if (isNameWord(text, prev, r) || (r.particles.has(prev.lower) && s > 1 && (clause[s - 2] as Token).cap)) s--;
    else break;
  }
  const named = namePhrase(text, clause, s, clause.length - 1, r);
  if (named?.kind !== "name") return undefined;
  if (named.role || s === 0) return named;
  // `de uitlatingen van De Kijvelanden-directie bevestigt`: a name governed by a preposition is no
  // subject, unless a relative clause follows it (`drafted by Alex Greenwich who said`).
  if (!relative && OBJECT_OF.has((clause[s - 1] as Token).lower)) return undefined;
  if (s > MAX_DESCRIPTION) return { ...named };
  return { ...named, role: { start: (clause[0] as Token).start, end: (clause[s - 1] as Token).end } };
}

/** `Nancy Pelosi, the Speaker of the House,` (name, role) or `The health minister, Claire Bolton,` (role, name). */
function appositiveSubject(text: string, comma: number, r: Reader): Phrase | undefined {
  const from = Math.max(0, comma - 121);
  const near = text.slice(from, comma).lastIndexOf(",");
  if (near < 0) return undefined;
  const open = from + near;
  if (open < 0 || comma - open > 120) return undefined;
  const inner = text.slice(open + 1, comma);
  if (
    /[;:_“”"„«»]|(?<!\b(?:\p{Lu}|St|Dr|Mr|Mrs|Ms|Prof|Jr|Sr|Mt|Ft|mr|dr|prof|dhr|mevr|ca))[.!?]\s+\p{Lu}/u.test(inner)
  )
    return undefined;
  const outer = phraseBefore(text, open, r);
  const innerStart = open + 1 + (inner.length - inner.trimStart().length);
  const innerEnd = innerStart + inner.trim().length;
  const innerPhrase = phraseAfter(text, innerStart, r);
  const innerName = innerPhrase?.kind === "name" && innerPhrase.end === innerEnd ? innerPhrase : undefined;
  // `The judge presiding over the case, Bernard Schwartz,`: a role, then the name.
  if (innerName && (!outer || outer === "inverted" || outer.kind !== "name" || outer.role)) {
    return outer && outer !== "inverted" ? { ...innerName, role: { start: outer.start, end: outer.end } } : innerName;
  }
  if (!outer || outer === "inverted" || outer.kind !== "name") return undefined;
  // `MP Penny Sharpe, who co-sponsored the bill,`, `X, speaking to BBC,`: no role.
  return RELATIVE_OPENS.test(inner) || /^\s*\p{Ll}+ing\b/u.test(inner)
    ? outer
    : { ...outer, role: { start: innerStart, end: innerEnd } };
}
