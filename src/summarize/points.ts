/**
 * The card's key points: sentences from the whole article that carry what the TL;DR does not.
 * At most two from the article's first 15 %, none that is mostly a quote (quotes have their own
 * section), none that opens with a pronoun or connective unless its referent is the point (or
 * TL;DR) just before, and none that repeats the TL;DR. Glued sub-headings are stripped.
 */

import { isMetadata, isStatement, needsContext } from "./lede.ts";
import type { Lexicon } from "./lexicon.ts";
import type { Reader } from "./reader.ts";
import type { Sentence } from "./sentences.ts";
import { isRole } from "./speaker-phrase.ts";
import { STOPWORDS } from "./stopwords.ts";
import { tokensOf } from "./tokens.ts";
import { cutAtWord, stripDateline, trimToClause } from "./trim.ts";

/** Words a point may keep before it is trimmed at a clause boundary. */
export const POINT_MAX_WORDS = 24;
/** The longest a point may be, whatever its words. */
export const MAX_POINT_CHARS = 400;
/** The share of the article that counts as its opening, and how many points may come from it. */
const OPENING_SHARE = 0.15;
const MAX_OPENING_POINTS = 2;
const NEAR_REPEAT = 0.6;

/**
 * `count` points in article order, the `tldr` sentence left out.
 *
 * @example
 * pickPoints(sentences, scores, 4, reader, sentences[0]).length; // 4, or fewer for a short article
 */
export function pickPoints(
  sentences: readonly Sentence[],
  scores: readonly number[],
  count: number,
  reader: Reader,
  tldr?: Sentence,
): string[] {
  const chosen = choose(sentences, scores, count, reader.lex, tldr);
  return chosen.sort((a, b) => a.index - b.index).map((s) => pointText(s, reader));
}

function choose(
  sentences: readonly Sentence[],
  scores: readonly number[],
  count: number,
  lex: Lexicon,
  tldr?: Sentence,
): Sentence[] {
  const opening = Math.max(3, Math.ceil(sentences.length * OPENING_SHARE));
  const order = sentences
    .filter((s) => s !== tldr && !isMetadata(s))
    .sort((a, b) => (scores[b.index] as number) - (scores[a.index] as number) || a.index - b.index);
  const chosen: Sentence[] = [];
  // What is asked of a sentence more than once is worked out once.
  const facts = new Map<number, { statement: boolean; context: boolean; words: Set<string> }>();
  const factsOf = (s: Sentence) => {
    let f = facts.get(s.index);
    if (!f) {
      f = { statement: isStatement(s), context: needsContext(stripDateline(s.text).text, lex), words: contentWords(s) };
      facts.set(s.index, f);
    }
    return f;
  };
  const has = (i: number) => chosen.some((c) => c.index === i) || tldr?.index === i;
  const same = (a: Sentence, b: Sentence) =>
    a.text === b.text || overlapOf(factsOf(a).words, factsOf(b).words) > NEAR_REPEAT;
  const repeats = (s: Sentence) => chosen.some((c) => same(c, s)) || (tldr !== undefined && same(tldr, s));
  const early = () => chosen.filter((c) => c.index < opening).length;
  const fits = (s: Sentence, strict: boolean) =>
    !has(s.index) &&
    (s.index >= opening || early() < MAX_OPENING_POINTS) &&
    (!strict || factsOf(s).statement) &&
    (!strict || !factsOf(s).context || has(s.index - 1)) &&
    !repeats(s);
  // The lede first: news puts the essentials in its opening sentences, but no more than two of them.
  for (const s of sentences.slice(0, opening)) {
    if (chosen.length >= Math.min(count, MAX_OPENING_POINTS)) break;
    if (fits(s, true)) chosen.push(s);
  }
  // Best first; a second strict pass for a pronoun whose referent was chosen in the first; then anything that is left.
  for (const strict of [true, true, false]) {
    for (const s of order) {
      if (chosen.length >= count) return chosen;
      if (fits(s, strict)) chosen.push(s);
    }
  }
  return chosen;
}

function contentWords(s: Sentence): Set<string> {
  return new Set(s.words.filter((w) => !STOPWORDS.has(w)));
}

/** Word-set overlap, for leaving out near-repeats. */
function overlapOf(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const t of x) if (y.has(t)) common++;
  return common / Math.min(x.size, y.size);
}

function pointText(s: Sentence, reader: Reader): string {
  const text = stripSubheading(stripDateline(s.text).text, reader);
  const point = trimToClause(text, POINT_MAX_WORDS);
  // A sentence with no clause boundary to cut at is still no page: cut at a word.
  return point.length <= MAX_POINT_CHARS ? point : cutAtWord(point, MAX_POINT_CHARS);
}

/**
 * A sub-heading the source glued to the sentence after it: `Wazige ramen Maar wat als …` (a
 * capitalized function word can only open a sentence), `Beurs Mars One Ventures ging …` (a word
 * the article writes in lower case, before a name).
 */
export function stripSubheading(text: string, r: Reader): string {
  const tokens = tokensOf(text, 0, 6);
  const first = tokens[0];
  if (!first?.cap) return text;
  for (let k = 1; k <= 3 && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const gap = text.slice((tokens[k - 1] as Token).end, t.start);
    if (!/^\s+$/u.test(gap)) return text;
    if (t.cap && r.notNames.has(t.lower) && !r.particles.has(t.lower) && !r.honorifics.has(t.lower)) {
      return text.slice(t.start);
    }
  }
  const second = tokens[1];
  if (
    second?.cap &&
    /^\s+$/u.test(text.slice(first.end, second.start)) &&
    r.lowercase.has(first.lower) &&
    !r.notNames.has(first.lower) &&
    !isRole(first, r)
  ) {
    return text.slice(second.start);
  }
  return text;
}

type Token = ReturnType<typeof tokensOf>[number];
