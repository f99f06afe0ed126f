/**
 * Speech cues in narration: the verbs that report speech (`zegt`, `said`, `voegde … toe`) and the
 * markers that name a source without a verb (`volgens`, `aldus`, `according to`).
 */
import type { Lexicon } from "./lexicon.ts";
import { knownTokens } from "./tokens.ts";

export interface Cue {
  start: number;
  end: number;
  /** `verb`: the subject stands before or after it; `source`: the source follows it. */
  kind: "verb" | "source";
  word: string;
}

interface CompiledLexicon {
  /** Every word that may start a cue. */
  candidates: Set<string>;
  verbs: Set<string>;
  particles: Map<string, string[]>;
  prepositions: Map<string, string>;
  sources: string[];
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

function compile(lex: Lexicon): CompiledLexicon {
  let c = compiled.get(lex);
  if (c) return c;
  const particles = new Map<string, string[]>();
  for (const p of lex.particleVerbs)
    for (const v of p.verbs) particles.set(v, [...(particles.get(v) ?? []), p.particle]);
  const prepositions = new Map<string, string>();
  for (const p of lex.prepositionVerbs) for (const v of p.verbs) prepositions.set(v, p.preposition);
  const candidates = new Set([
    ...lex.speechVerbs,
    ...particles.keys(),
    ...prepositions.keys(),
    ...lex.sourceMarkers.map((m) => m.split(" ")[0] as string),
  ]);
  c = { verbs: new Set(lex.speechVerbs), particles, prepositions, sources: [...lex.sourceMarkers], candidates };
  compiled.set(lex, c);
  return c;
}

/** The words of a text as `[word, index]` matches: the shared tokens when the text is being read already. */
function wordsOf(text: string): RegExpMatchArray[] {
  const known = knownTokens(text);
  if (!known) return [...text.matchAll(WORD)];
  return known.map((t) => Object.assign([t.text], { index: t.start }) as unknown as RegExpMatchArray);
}

const WORD = /[\p{L}][\p{L}'’-]*/gu;
/** How far a separable verb's particle may stand from it: `liet een woordvoerder van de bank gisteren weten`. */
const PARTICLE_REACH = 12;
const ABBREVIATION = /^(?:\p{Lu}|mr|dr|mevr|dhr|mw|prof|ir|drs|ing|st|jr|sr|ca|Mr|Mrs|Ms|Dr|Prof|St|Jr)$/u;

/**
 * Every speech cue in `text`, in order. A separable verb counts only when its particle follows in
 * the same clause (`gaf … toe`, `laat … weten`), a verb such as `spreekt` only with its preposition.
 *
 * @example
 * speechCues("Volgens Eva is het zo, zei Jan.", DUTCH).map((c) => c.word); // ["volgens", "zei"]
 */
/** Anything with a text to find cues in once: a framed paragraph (the cues of its narration are kept). */
export interface CueSource {
  masked: string;
  cues?: Cue[];
}

/**
 * The cues of `source.masked` between `from` and `to`, with offsets relative to `from`. The
 * paragraph's cues are found once and kept, so that every rule reads them without another pass.
 */
export function cuesIn(source: CueSource, from: number, to: number, lex: Lexicon): Cue[] {
  source.cues ??= speechCues(source.masked, lex);
  const all = source.cues;
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((all[mid] as Cue).start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Cue[] = [];
  for (let i = lo; i < all.length && (all[i] as Cue).end <= to; i++) {
    const c = all[i] as Cue;
    out.push({ ...c, start: c.start - from, end: c.end - from });
  }
  return out;
}

/** A participle cue (`saying`, `adding`) has no subject of its own: it shares the main clause's. */
export function isParticiple(cue: Cue): boolean {
  return cue.kind === "verb" && /ing$/u.test(cue.word);
}

export function speechCues(text: string, lex: Lexicon): Cue[] {
  const c = compile(lex);
  const out: Cue[] = [];
  const tokens = wordsOf(text);
  for (let k = 0; k < tokens.length; k++) {
    const m = tokens[k] as RegExpMatchArray;
    const w = m[0].toLowerCase();
    // Most words are no cue: one look-up settles them.
    if (!c.candidates.has(w)) continue;
    const start = m.index ?? 0;
    // An infinitive (`om iets aan de kaak te stellen`, `to say`) reports nothing said.
    if (k > 0 && /^(?:te|to)$/iu.test((tokens[k - 1] as RegExpMatchArray)[0])) continue;
    // A capitalized word in mid-sentence is a name (`United States`), not a verb.
    // Only a sentence opener is capitalized, or a source marker after a sub-heading the source glued
    // to its sentence: `Cadeaupolitiek Volgens Breuker is …`.
    if (m[0] !== w && !opensAt(text, start) && !(c.sources.includes(w) && afterGluedHeading(text, tokens, k))) continue;
    const end = start + m[0].length;
    const source = c.sources.find((s) => s === w || (s.startsWith(`${w} `) && startsWithWords(tokens, k, s)));
    if (source) {
      const n = source.split(" ").length;
      const last = tokens[k + n - 1] as RegExpMatchArray;
      out.push({ start, end: (last.index ?? 0) + last[0].length, kind: "source", word: source });
      k += n - 1;
      continue;
    }
    const particles = c.particles.get(w);
    if (particles && hasParticle(text, tokens, k, particles)) {
      out.push({ start, end, kind: "verb", word: w });
      continue;
    }
    const preposition = c.prepositions.get(w);
    if (preposition !== undefined) {
      if ((tokens[k + 1]?.[0] ?? "").toLowerCase() === preposition && gapIsSpace(text, m, tokens[k + 1])) {
        out.push({ start, end, kind: "verb", word: w });
      }
      continue;
    }
    if (c.verbs.has(w)) out.push({ start, end, kind: "verb", word: w });
  }
  return out;
}

function opensAt(text: string, start: number): boolean {
  return /(?:^|[.!?:"'“”„«»_(]\s*)$/u.test(text.slice(Math.max(0, start - 3), start));
}

/** The word before is a capitalized one opening the sentence: a glued sub-heading. */
function afterGluedHeading(text: string, tokens: RegExpMatchArray[], k: number): boolean {
  const prev = tokens[k - 1];
  if (!prev || !/^\p{Lu}/u.test(prev[0])) return false;
  return (
    opensAt(text, prev.index ?? 0) && /^\s+$/u.test(text.slice((prev.index ?? 0) + prev[0].length, tokens[k]?.index))
  );
}

function startsWithWords(tokens: RegExpMatchArray[], k: number, phrase: string): boolean {
  return phrase.split(" ").every((p, i) => (tokens[k + i]?.[0] ?? "").toLowerCase() === p);
}

function hasParticle(text: string, tokens: RegExpMatchArray[], k: number, particles: readonly string[]): boolean {
  for (let j = k + 1; j < Math.min(tokens.length, k + PARTICLE_REACH); j++) {
    const t = tokens[j] as RegExpMatchArray;
    const prev = tokens[j - 1] as RegExpMatchArray;
    // The particle belongs to the same clause: no punctuation or quote between.
    const gap = text.slice((prev.index ?? 0) + prev[0].length, t.index);
    if (/[;:!?“”"„«»_]/u.test(gap) || (/\.\s/u.test(gap) && !ABBREVIATION.test(prev[0]))) return false;
    const w = t[0].toLowerCase();
    if (particles.includes(w) || particles.some((p) => w === `er${p}`)) return true;
  }
  return false;
}

function gapIsSpace(text: string, a: RegExpMatchArray, b: RegExpMatchArray | undefined): boolean {
  if (!b) return false;
  return /^\s+$/u.test(text.slice((a.index ?? 0) + a[0].length, b.index));
}
