/**
 * The sieve's context rules, for a quote whose own sentence names no speaker: the sentence just
 * before it, the speaker it continues, the turn it takes in an exchange, and the subject of the
 * reporter's sentence it is built into.
 */

import { isOrganisationWord } from "./people.ts";
import type { FramedParagraph, QuoteFrame } from "./quote-frames.ts";
import type { Reader } from "./reader.ts";
import { type Found, subjectOfCue } from "./sieve-sentence.ts";
import { isRole, type Phrase, phraseAfter, phraseAt, subjectAt } from "./speaker-phrase.ts";
import { cuesIn } from "./speech.ts";
import { type Token, tokensOf } from "./tokens.ts";

/** A quote already attributed, as the context rules see it. */
export interface Turn {
  paragraph: number;
  sentence: number;
  speaker?: string;
  role?: string;
  /** The quote's content ended in a question mark. */
  question: boolean;
  /** Who a question was put to: `vroeg de jonge verdachte:`. */
  addressee?: string;
  runsOn: boolean;
}

/** How many turns back continuation looks for the speaker. */
const TURNS_BACK = 12;

/** The quote opens its sentence: nothing but a dash or another quote stands before it. */
export function opensSentence(q: QuoteFrame): boolean {
  return /^[\s\-–—_"'“”‘’„«»,]*$/u.test(q.before);
}

/** The sentence before the quote's: in its paragraph, else the last one of the paragraph before. */
function previousSentence(
  q: QuoteFrame,
  paras: readonly FramedParagraph[],
): { p: FramedParagraph; start: number; end: number } | undefined {
  const p = paras[q.paragraph] as FramedParagraph;
  if (q.sentence > 0) {
    const s = p.sentences[q.sentence - 1] as { start: number; end: number };
    return { p, ...s };
  }
  const prev = paras[q.paragraph - 1];
  const s = prev?.sentences[prev.sentences.length - 1];
  return prev && s ? { p: prev, ...s } : undefined;
}

/**
 * `…, zegt Huibers. ,,De objecten …''`: the speaker of the narration sentence right before a
 * stand-alone quote, named with a speech verb, or as that sentence's subject when a person.
 */
export function speakerOfPreviousSentence(
  q: QuoteFrame,
  paras: readonly FramedParagraph[],
  r: Reader,
  isPerson: (name: string) => boolean = () => true,
): Found | undefined {
  if (!opensSentence(q)) return undefined;
  const prev = previousSentence(q, paras);
  if (!prev) return undefined;
  const text = prev.p.masked.slice(prev.start, prev.end);
  // A sentence with a quote in it is the continuation rule's business.
  if (text.includes("_")) return undefined;
  // The main clause's cue comes first; later ones report what was said (`vertelde hij dat zij …`).
  const cues = cuesIn(prev.p, prev.start, prev.end, r.lex);
  for (let k = 0; k < cues.length; k++) {
    const subject = subjectOfCue(prev.p.masked, prev.start, cues, k, r);
    if (subject && personLike(subject, prev.p, r)) return phraseIn(subject, prev.p);
  }
  // Without a speech verb the subject must be a person: `Van Schie is blij.`, not `LHBT'ers …`.
  const subject = phraseAfter(prev.p.masked, prev.start, r);
  const named = subject?.kind !== "name" || isPerson(prev.p.text.slice(subject.start, subject.end));
  if (personLike(subject, prev.p, r) && named) return phraseIn(subject, prev.p);
  // `Nadat …, deed advocaat Robert Klaassen hem dat over.`: the person the sentence names with a role.
  const person = firstNamedPerson(prev.p, prev.start, prev.end, r);
  return person ? phraseIn(person, prev.p) : undefined;
}

/** The first name in a stretch of narration that comes with a role word (`advocaat Robert Klaassen`). */
function firstNamedPerson(p: FramedParagraph, start: number, end: number, r: Reader): Phrase | undefined {
  const tokens = tokensOf(p.masked, start, 60).filter((t) => t.end <= end);
  for (let i = 1; i < tokens.length; i++) {
    const role = tokens[i - 1] as Token;
    if (!isRole(role, r) || role.cap || !(tokens[i] as Token).cap) continue;
    const phrase = phraseAt(p.masked, tokens, i - 1, r);
    if (phrase?.kind === "name") return phrase;
  }
  return undefined;
}

/** The subject of the reporter's sentence a fragment is built into: `De Sloveen voelde zich ‘…’`. */
export function subjectOfOwnSentence(q: QuoteFrame, paras: readonly FramedParagraph[], r: Reader): Found | undefined {
  if (opensSentence(q)) return undefined;
  const p = paras[q.paragraph] as FramedParagraph;
  const start = q.span.open - q.before.length;
  // `The Senate Minority Leader, Chuck Schumer, said …`: the appositive names the subject.
  const subject = subjectAt(p.masked, start, r);
  return personLike(subject, p, r) ? phraseIn(subject, p) : undefined;
}

/** `said on Friday "…" and "…"`: a quote joined to the one before it in its sentence shares its speaker. */
export function coordinatedSpeaker(q: QuoteFrame, turns: readonly Turn[]): Turn | undefined {
  if (!/_["”’'»]*\s*,?\s*(?:and|en|but|maar|or|of)\s*$/u.test(q.before)) return undefined;
  const last = turns[turns.length - 1];
  return last?.speaker && last.paragraph === q.paragraph && last.sentence === q.sentence ? last : undefined;
}

/** A quote paragraph with no verb goes on with the speaker of the quote just before it. */
export function continuedSpeaker(
  q: QuoteFrame,
  turns: readonly Turn[],
  paras: readonly FramedParagraph[],
): Turn | undefined {
  let last: Turn | undefined;
  // The last turn with a speaker, a few turns back at most.
  for (let i = turns.length - 1; i >= Math.max(0, turns.length - TURNS_BACK) && !last; i--) {
    if (turns[i]?.speaker) last = turns[i];
  }
  if (!last) return undefined;
  // A fragment in the reporter's sentence carries on only a speaker of the same paragraph, or of the sentence just before.
  if (!opensSentence(q)) {
    const lastSentence = (paras[last.paragraph]?.sentences.length ?? 0) - 1;
    const adjacent = last.paragraph === q.paragraph - 1 && q.sentence === 0 && last.sentence === lastSentence;
    return last.paragraph === q.paragraph || adjacent ? last : undefined;
  }
  if (last.runsOn && last.paragraph === q.paragraph - 1) return last;
  return q.paragraph - last.paragraph <= 1 ? last : undefined;
}

/** An answer to a question goes to whom the question was put. */
export function answeringSpeaker(q: QuoteFrame, turns: readonly Turn[]): Turn | undefined {
  if (!opensSentence(q)) return undefined;
  const last = turns[turns.length - 1];
  if (!last?.question || !last.addressee || q.paragraph - last.paragraph > 1) return undefined;
  return { ...last, speaker: last.addressee, role: undefined, question: false };
}

function personLike(phrase: Phrase | undefined, p: FramedParagraph, r: Reader): phrase is Phrase {
  if (!phrase) return false;
  return phrase.kind !== "description" || isPersonDescription(p.masked.slice(phrase.start, phrase.end), r);
}

/** A description speaks only when its head is a role: `De woordvoerder`, not `De zaak`. */
export function isPersonDescription(text: string, r: Reader): boolean {
  const words = tokensOf(text);
  const head = headOf(
    words.map((w) => w.lower),
    r,
  );
  if (head === undefined) return false;
  if (r.speakerNouns.has(head) || words.some((w) => w.lower === head && isRole(w, r))) return true;
  // `De Sloveen`, `de Enschedeër`, `the Briton`: a definite capitalized noun of origin.
  const [first, second, third] = words;
  return (
    words.length <= 3 &&
    first !== undefined &&
    DEFINITE_ORIGIN.test(first.lower) &&
    second !== undefined &&
    /^\p{Lu}\p{Ll}+$/u.test(second.text) &&
    !isOrganisationWord(second.text) &&
    second.lower === head &&
    (third === undefined || SELF.has(third.lower))
  );
}

const DEFINITE_ORIGIN = /^(?:de|the)$/u;
/** `De Sloveen zelf`, `the coach himself`: no part of the description's head. */
const SELF = new Set(["zelf", "himself", "herself", "themselves"]);

/** The head noun of a description: its last word before a linking preposition. */
export function headOf(words: readonly string[], r: Reader): string | undefined {
  const cut = words.findIndex((w, i) => i > 0 && /^(?:van|bij|voor|uit|namens|of|at|for|from|with|in|op)$/u.test(w));
  const np = (cut > 0 ? words.slice(0, cut) : words).filter((w) => !r.determiners.has(w) && !SELF.has(w));
  return np[np.length - 1];
}

function phraseIn(phrase: Phrase | undefined, p: FramedParagraph): Found | undefined {
  return phrase ? { phrase, paragraph: p.index } : undefined;
}
