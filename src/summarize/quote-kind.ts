/**
 * Which quoted spans are speech. Scare quotes, titles, terms, names, glosses and inline
 * sub-headings stay out, and so do attributed fragments of one or two words; a fragment of three
 * or more words built into the reporter's sentence is a quote.
 */
import type { Lexicon } from "./lexicon.ts";
import type { QuoteFrame } from "./quote-frames.ts";

/** Words a fragment needs to be a quote: shorter ones are terms (`'valse leer'`, `"unprecedented"`). */
export const MIN_FRAGMENT_WORDS = 3;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-.]*/gu;
const NAMING =
  /^\s*(?:noemt|noemen|noemde|noemden|heet|heten|calls? (?:itself|themselves)|called (?:itself|themselves))\b/iu;
const DEFINITE = /(?:^|\s)(?:de|het|the)\s*$/iu;
const PLACE_OF_NAME = /\p{Lu}[\p{L}'’-]*\s+(?:of|from|at|van|uit|bij)\s*$/u;

/**
 * Whether a quoted span is speech. `attributed`: a speech cue or a colon in its own sentence
 * introduces it; `governed`: a speech verb before it takes it as its object.
 *
 * @example
 * isSpeech(frame("Hij noemde het 'onacceptabel'."), true, DUTCH); // false: one word
 */
export function isSpeech(q: QuoteFrame, attributed: boolean, lex: Lexicon, governed = false): boolean {
  const content = q.content.trim();
  const words = content.match(WORD) ?? [];
  const complete = /^[\p{Lu}\d¿¡"'“‘„«]/u.test(content);
  if (words.length < MIN_FRAGMENT_WORDS) return attributed && complete && standsAlone(q);
  // `noemt het plan «…»`: a speech verb before governs the quote, whatever noun stands between.
  if ((!governed && isTitled(q, lex)) || isTitleCase(words, content)) return false;
  // `een groep die zich ‘…’ noemt`: a name.
  if (/\bzich\s*$/iu.test(q.before) && NAMING.test(q.after)) return false;
  // `Anna Kos of “Have no fear”, a charity`: the name of where a person is from.
  if (PLACE_OF_NAME.test(q.before) && /^\s*,/u.test(q.after) && words.length <= 6 && !/[.!?…]$/u.test(content))
    return false;
  // `(‘bescheiden mode’)`: a gloss.
  if (/\(\s*$/u.test(q.before) && /^\s*\)/u.test(q.after)) return false;
  if (!attributed) {
    // `'Veel uit te leggen' ,,De …''`: a sub-heading glued to the next sentence.
    if (/^[\s\-–—]*$/u.test(q.before) && !/[.!?…,:;]$/u.test(content) && /^\s+(?:[,„"'“‘«`]|\p{Lu})/u.test(q.after)) {
      return false;
    }
    // `de ‘zelfmoordbrug van honden’`: a term the reporter names.
    if (DEFINITE.test(q.before) && !/[.!?…]$/u.test(content)) return false;
  }
  return true;
}

/** A short quote counts when it is an utterance of its own, not a word in the reporter's sentence. */
function standsAlone(q: QuoteFrame): boolean {
  return /(?:^|[:\-–—]\s*)$/u.test(q.before.trim()) || /^[\s,]*(?:[-–—]|\p{Ll})/u.test(q.after);
}

/** `het boek ‘…’`, `a film called "…"`, `getiteld ,,…''`. */
function isTitled(q: QuoteFrame, lex: Lexicon): boolean {
  const before = q.before.trimEnd().toLowerCase();
  const last = /([\p{L}-]+)$/u.exec(before)?.[1];
  return last !== undefined && lex.titleCues.includes(last);
}

/** Mostly capitalized words and no sentence punctuation: `‘De Witte Vrouw van Overtoun’`. */
function isTitleCase(words: readonly string[], content: string): boolean {
  if (words.length > 10 || /[.!?,;:]$/u.test(content)) return false;
  const letters = words.filter((w) => /^\p{L}/u.test(w));
  const long = letters.filter((w) => w.length > 3);
  if (long.length === 0) return false;
  return (
    long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length >= 0.75 &&
    letters.filter((w) => /^\p{Lu}/u.test(w)).length >= 2
  );
}
