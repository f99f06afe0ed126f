/**
 * The sieve's first rules: the speaker stands in the quote's own sentence, after it
 * (`”, zegt Dirk Huibers`, `," she said`), before it (`X zei dat “…”`, `volgens X is het ‘…’`), or
 * before a colon that introduces it (`Blom: ‘…’`, `X said: "…"`).
 */

import type { FramedParagraph, QuoteFrame } from "./quote-frames.ts";
import type { Reader } from "./reader.ts";
import { isPersonDescription } from "./sieve-context.ts";
import { type Phrase, phraseAfter, phraseBefore } from "./speaker-phrase.ts";
import { type Cue, cuesIn, isParticiple } from "./speech.ts";
import { tokensOf } from "./tokens.ts";

/** A speaker found by a rule: a phrase of a paragraph's narration. */
export interface Found {
  phrase: Phrase;
  paragraph: number;
  /** The speech cue the phrase goes with, if any. */
  cue?: string;
  /** Whom a question was put to: `vroeg de rechter de verdachte:`. */
  addressee?: Phrase;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** A quoted name in the narration, blanked: `“____”`, at most a few words long. */
const QUOTED_NAME = /["“”„'‘’«»]_{1,40}["“”'‘’«»]/gu;

/** `”, zegt Dirk Huibers`, `," said Bill Brown`, `," she said`, `”, aldus X`, `” according to X`. */
export function speakerAfter(q: QuoteFrame, p: FramedParagraph, r: Reader): Found | undefined {
  const from = q.span.close;
  const to = from + q.after.length;
  const lead = /^[\s,]*(?:[-–—]\s*)?(?:(?:zo|dus)\s+)?/iu.exec(q.after)?.[0] ?? "";
  const restStart = from + lead.length;
  const rest = p.masked.slice(restStart, to);
  const cue = cuesIn(p, restStart, to, r.lex)[0];
  if (!cue) return mannerAttribution(p, restStart, to, r);
  const head = rest.slice(0, cue.start);
  // Only the attribution's own words stand between the quote and the verb: no other quote, no clause.
  // A short quoted name in it is no other quote: `, Anna Kos of “____”, a charity, told Reuters`.
  const bare = head.replace(QUOTED_NAME, "");
  if (/[_;:]/u.test(bare) || (head.match(WORD)?.length ?? 0) > 24) return undefined;
  if (head.trim() === "") return found(attributedAfter(p.masked, restStart + cue.end, r), p, cue);
  const before = phraseBefore(p.masked, restStart + cue.start, r);
  if (before === "inverted") return found(phraseAfter(p.masked, restStart + cue.end, r), p, cue);
  // The subject must be the attribution's first words: `," the company's spokesman said`, `," Ms. Okafor said`.
  const opening = before ? p.masked.slice(restStart, before.start) : "";
  if (before && !/[,;:_]/u.test(opening) && (opening.match(WORD)?.length ?? 0) <= 4) return found(before, p, cue);
  return undefined;
}

/**
 * The subject after an inverted speech verb: `, zegt Karel Dekker`, `, zegt een omwonende.`. A
 * description that is no person's and goes on into the clause (`noemden, hun warme gevoelens
 * over …`) is the next clause's subject, not the speaker.
 */
function attributedAfter(text: string, from: number, r: Reader): Phrase | undefined {
  const phrase = phraseAfter(text, from, r);
  if (phrase?.kind !== "description" || isPersonDescription(text.slice(phrase.start, phrase.end), r)) return phrase;
  return /^\s*(?:[.,;:!?)]|$)/u.test(text.slice(phrase.end, phrase.end + 3)) ? phrase : undefined;
}

/**
 * `«…», donderde hij.`, `"…," she laughed.`: a verb the table does not list, known as speech by
 * where it stands, between the quote and a subject that ends the sentence.
 */
function mannerAttribution(p: FramedParagraph, from: number, to: number, r: Reader): Found | undefined {
  const rest = p.masked.slice(from, to);
  const tokens = tokensOf(rest, 0, 6);
  const end = /[.!?…]?\s*$/u.exec(rest)?.index ?? rest.length;
  const verbFirst = r.lex.verbSecond || /^\p{Ll}+ed$/u.test(tokens[1]?.text ?? "") === false;
  const [a, b] = tokens;
  if (!a || !b || tokens.length > 5 || !/^\s*$/u.test(rest.slice(0, a.start))) return undefined;
  // Dutch and English inversion: `, lacht ze.`; English: `, she laughed.`
  if (!a.cap && /^\p{Ll}+$/u.test(a.text) && verbFirst && !r.lex.prepositions.includes(a.lower)) {
    const subject = phraseAfter(rest, a.end, r);
    if (subject && subject.kind !== "description" && subject.end >= end - 1) {
      return { phrase: { ...shift(subject, from) }, paragraph: p.index };
    }
  }
  if (!r.lex.verbSecond && /^\p{Ll}+ed$/u.test(b.text) && (r.pronouns.has(a.lower) || a.cap) && b.end >= end - 1) {
    const subject = phraseAfter(rest, 0, r);
    if (subject && subject.kind !== "description") return { phrase: shift(subject, from), paragraph: p.index };
  }
  return undefined;
}

function shift(phrase: Phrase, by: number): Phrase {
  const role = phrase.role ? { start: phrase.role.start + by, end: phrase.role.end + by } : undefined;
  return { ...phrase, start: phrase.start + by, end: phrase.end + by, ...(role ? { role } : {}) };
}

/** `X zei dat “…”`, `zegt hij: “…”`, `Volgens X is het ‘…’`, `Trump said on Friday "…"`. */
export function speakerBefore(q: QuoteFrame, p: FramedParagraph, r: Reader): Found | undefined {
  const sentenceStart = q.span.open - q.before.length;
  const cues = cuesIn(p, sentenceStart, q.span.open, r.lex);
  const cue = cues[cues.length - 1];
  if (!cue) return undefined;
  const gap = q.before.slice(cue.end);
  if (cue.kind === "source") return found(sourcePhrase(p.masked, sentenceStart + cue.end, r), p, cue);
  if (!governs(gap)) return undefined;
  const subject = found(subjectOfCue(p.masked, sentenceStart, cues, cues.length - 1, r), p, cue);
  // `De voorzitter vroeg de jonge verdachte: “…?”`: the answer that follows is the addressee's.
  if (subject && QUESTION.test(cue.word) && /:\s*$/u.test(gap)) {
    let addressee = phraseAfter(p.masked, sentenceStart + cue.end, r);
    // `asked the striker, Leo Brandt:`: the name in apposition.
    if (addressee?.kind === "description" && p.masked[addressee.end] === ",") {
      const named = phraseAfter(p.masked, addressee.end + 1, r);
      if (named?.kind === "name") addressee = named;
    }
    if (addressee && addressee.kind !== "pronoun" && addressee.start >= subject.phrase.end) {
      subject.addressee = addressee;
    }
  }
  return subject;
}

const QUESTION = /^(?:vroeg|vraagt|vroegen|vragen|asked|asks|ask)$/u;

/**
 * The subject of `cues[k]` in the sentence from `sentenceStart`: before the verb, after it when
 * inverted, and for a participle (`…, saying`) the subject of the cue before it or of the sentence.
 */
export function subjectOfCue(
  text: string,
  sentenceStart: number,
  cues: readonly Cue[],
  k: number,
  r: Reader,
): Phrase | undefined {
  for (let i = k; i >= 0; i--) {
    const cue = cues[i] as Cue;
    if (cue.kind === "source") return sourcePhrase(text, sentenceStart + cue.end, r);
    if (isParticiple(cue)) continue;
    const subject = phraseBefore(text, sentenceStart + cue.start, r);
    if (subject === "inverted") return phraseAfter(text, sentenceStart + cue.end, r);
    if (subject) return subject;
    // Verb-second: what stands before the verb is no noun phrase, so the subject follows it.
    const after = r.lex.verbSecond ? phraseAfter(text, sentenceStart + cue.end, r) : undefined;
    return after && after.kind !== "description" ? after : undefined;
  }
  const opening = phraseAfter(text, sentenceStart, r);
  return opening && opening.kind !== "description" ? opening : undefined;
}

/** After `volgens`/`according to`: a phrase, or else whatever stands there up to the punctuation. */
function sourcePhrase(text: string, from: number, r: Reader): Phrase | undefined {
  const first = tokensOf(text, from, 1)[0];
  // `volgens hem niet`, `according to her`.
  if (first && r.objectPronouns.has(first.lower) && /^\s*$/u.test(text.slice(from, first.start))) {
    return { kind: "pronoun", start: first.start, end: first.end };
  }
  const phrase = phraseAfter(text, from, r);
  if (phrase) return phrase;
  const m = /^\s+([\p{L}][^,.;:!?()_“”"„«»]{2,80}?)\s*(?=[,.;:!?]|$)/u.exec(text.slice(from, from + 100));
  if (!m?.[1] || (m[1].match(WORD)?.length ?? 0) > 8) return undefined;
  const start = from + m[0].indexOf(m[1]);
  return { kind: "description", start, end: start + m[1].length };
}

/** Whether the words between a speech verb and the quote leave the quote its object. */
function governs(gap: string): boolean {
  if (/[.!?]/u.test(gap.replace(/\b(?:Mr|Mrs|Ms|Dr|Prof|St|mr|dr|prof|dhr|mevr)\./gu, ""))) return false;
  const words = gap.match(WORD) ?? [];
  if (/[:,]\s*$/u.test(gap) || words.length <= 2) return true;
  // The quote stands in the verb's complement: no other quote and no semicolon between them.
  return words.length <= 20 && !/[;_]/u.test(gap);
}

/** `Blom: ‘…’`, `Slagter: ,,…''`, `De rechter: “…”`: a name or description right before a colon. */
export function speakerBeforeColon(q: QuoteFrame, p: FramedParagraph, r: Reader): Found | undefined {
  const m = /([^\s])\s*:\s*$/u.exec(q.before);
  if (!m) return undefined;
  const sentenceStart = q.span.open - q.before.length;
  const colon = sentenceStart + (m.index ?? 0) + 1;
  const phrase = phraseBefore(p.masked, colon, r);
  if (!phrase || phrase === "inverted") return undefined;
  // The phrase is the whole clause before the colon: no verb, only the name.
  const clauseStart = Math.max(sentenceStart, lastWithin(p.masked, ",", colon), lastWithin(p.masked, "_", colon));
  if (p.masked.slice(clauseStart, phrase.start).trim() !== "") return undefined;
  return { phrase, paragraph: p.index };
}

/** Just after the last `mark` in the 200 characters before `at` (0 when there is none). */
function lastWithin(text: string, mark: string, at: number): number {
  const from = Math.max(0, at - 200);
  const i = text.slice(from, at).lastIndexOf(mark);
  return i < 0 ? 0 : from + i + 1;
}

function found(phrase: Phrase | undefined, p: FramedParagraph, cue: Cue): Found | undefined {
  return phrase ? { phrase, paragraph: p.index, cue: cue.word } : undefined;
}
