/**
 * What the attribution rules know about one article besides its language's table: which words it
 * writes with a capital in mid-sentence (so that a capitalized sentence opener such as `Achteraf`
 * or `Speaking` is not taken for a name) and which it writes in lower case.
 */
import { type Lexicon, lexiconFor } from "./lexicon.ts";
import { allTokens, type Token } from "./tokens.ts";

export interface Reader {
  lex: Lexicon;
  notNames: Set<string>;
  /** Adjectives of nationality: capitalized, no names. */
  demonyms: Set<string>;
  roles: Set<string>;
  roleEndings: readonly string[];
  determiners: Set<string>;
  adverbs: Set<string>;
  pronouns: Set<string>;
  /** `hem`, `her`: speakers only after a source marker (`volgens hem`). */
  objectPronouns: Set<string>;
  particles: Set<string>;
  honorifics: Set<string>;
  speakerNouns: Set<string>;
  /** Whether a word is a role, as worked out once per word. */
  roleCache: Map<string, boolean>;
  /** The speech verbs, for where a noun phrase ends. */
  verbs: Set<string>;
  /** Words the article writes capitalized where no sentence starts: names, not sentence openers. */
  capitalized: ReadonlySet<string>;
  /** Capitalized words the article writes with no other capitalized word next to them: names used alone. */
  capitalizedAlone: ReadonlySet<string>;
  /** Words the article writes in lower case. */
  lowercase: ReadonlySet<string>;
  /** Surnames the article writes after a particle inside a sentence: `van Egten`, `zegt De Vries`. */
  particleSurnames: ReadonlySet<string>;
}

/** Whether a word at `at` opens a sentence or a quote: only spaces back to the start or to one of {@link OPENS}. */
function opensAt(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 160)) i--;
  if (i < 0) return true;
  return OPENING_MARKS.has(text[i] as string) || (text[i] === "," && text[i - 1] === ",");
}

const OPENING_MARKS = new Set([...".!?…:;\"'“”‘’„«»()[]`_-–—"]);

/** Which words are roles does not change from article to article: one cache per language, bounded. */
const roleCaches = new WeakMap<Lexicon, Map<string, boolean>>();
function roleCacheOf(lex: Lexicon): Map<string, boolean> {
  let cache = roleCaches.get(lex);
  if (!cache || cache.size > 50_000) {
    cache = new Map();
    roleCaches.set(lex, cache);
  }
  return cache;
}

function isSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!/\s/u.test(text[i] as string)) return false;
  return to > from;
}

/**
 * The reader for an article in `lang`.
 *
 * @example
 * readerFor("nl", ["Achteraf zei Jan niets.", "Toen kwam Jan."]).capitalized.has("Jan"); // true
 */
export function readerFor(lang: string, paragraphs: readonly string[]): Reader {
  const lex = lexiconFor(lang);
  const capitalized = new Set<string>();
  const lowercase = new Set<string>();
  const capitalizedAlone = new Set<string>();
  const particleSurnames = new Set<string>();
  const { particles } = tablesOf(lex);
  for (const p of paragraphs) {
    const tokens = allTokens(p);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (!t.cap) {
        const c = t.text.charCodeAt(0);
        if (c < 48 || c > 57) lowercase.add(t.text);
        continue;
      }
      if (!opensAt(p, t.start)) capitalized.add(t.text);
      const before = tokens[i - 1];
      if (
        before &&
        particles.has(before.lower) &&
        isSpace(p, before.end, t.start) &&
        (!before.cap || !opensAt(p, before.start))
      )
        particleSurnames.add(t.text);
      const after = tokens[i + 1];
      const nearBefore = before?.cap === true && isSpace(p, before.end, t.start);
      const nearAfter = after?.cap === true && isSpace(p, t.end, after.start);
      if (!nearBefore && !nearAfter) capitalizedAlone.add(t.text);
    }
  }
  return { ...tablesOf(lex), capitalized, capitalizedAlone, lowercase, particleSurnames };
}

type Tables = Omit<Reader, "capitalized" | "capitalizedAlone" | "lowercase" | "particleSurnames">;

/** The word sets of a language's table, made once per language: only what an article writes is read per article. */
const tables = new WeakMap<Lexicon, Tables>();
function tablesOf(lex: Lexicon): Tables {
  let t = tables.get(lex);
  if (t) return t;
  const pr = lex.pronouns;
  t = {
    lex,
    notNames: new Set(lex.notNames),
    demonyms: new Set(lex.demonyms),
    roles: new Set(lex.roles),
    roleEndings: lex.roleEndings,
    determiners: new Set(lex.determiners),
    adverbs: new Set(lex.adverbs),
    pronouns: new Set([...pr.male, ...pr.female, ...pr.plural, ...pr.either]),
    objectPronouns: new Set([...lex.objectPronouns.male, ...lex.objectPronouns.female, ...lex.objectPronouns.plural]),
    particles: new Set(lex.nameParticles),
    honorifics: new Set(lex.honorifics),
    verbs: new Set(lex.speechVerbs),
    roleCache: roleCacheOf(lex),
    speakerNouns: new Set(lex.speakerNouns),
  };
  tables.set(lex, t);
  return t;
}
