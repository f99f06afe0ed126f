/**
 * Direct quotes with who said them: the quoted spans that are speech, each attributed by a sieve
 * of ordered rules (Muzny et al. 2017; CoreNLP's QuoteAttributionAnnotator), the most precise
 * first. A rule finds a mention (a name, a description or a pronoun); the mention then resolves
 * to the fullest name the article gives, with the job title moved to `role`. No rule fires: no
 * speaker, which is better than a wrong one.
 */
import type { Quote } from "../schemas.ts";
import { People, pronounKind } from "./people.ts";
import { type FramedParagraph, frameParagraphs, type QuoteFrame } from "./quote-frames.ts";
import { isSpeech } from "./quote-kind.ts";
import { type Reader, readerFor } from "./reader.ts";
import {
  answeringSpeaker,
  continuedSpeaker,
  coordinatedSpeaker,
  headOf,
  isPersonDescription,
  opensSentence,
  speakerOfPreviousSentence,
  subjectOfOwnSentence,
  type Turn,
} from "./sieve-context.ts";
import { type Found, speakerAfter, speakerBefore, speakerBeforeColon, subjectOfCue } from "./sieve-sentence.ts";
import { subjectAt } from "./speaker-phrase.ts";
import { cuesIn } from "./speech.ts";
import { type Token, tokensOf } from "./tokens.ts";

/** The sieve's rules that read the quote's own sentence, in order. */
const SENTENCE_RULES = [
  { name: "after", find: speakerAfter },
  { name: "before", find: speakerBefore },
  { name: "colon", find: speakerBeforeColon },
] as const;

/** A quote with the name of the rule that attributed it (`none` when no rule did). */
export interface AttributedQuote extends Quote {
  rule: string;
}

/** Determiners that make a description point back: `de hoogleraar`, `zijn advocaat`, `the father`. */
const DEFINITE = /^(?:de|het|the|this|deze|die|zijn|haar|hun|his|her|their)$/u;

/** Quoted spans read per paragraph; a real paragraph never needs more (keeps hostile input bounded). */
const MAX_QUOTES_PER_PARAGRAPH = 200;
/** Longest quote kept: a longer one is a mark the source never closed, not a quote. */
const MAX_QUOTE_CHARS = 3000;
/** Longest speaker or role kept: a longer one is not a name but a misread clause. */
const MAX_SPEAKER_CHARS = 120;

/**
 * Every direct quotation of speech or writing in the article, verbatim and attributed.
 *
 * @example
 * extractQuotes(["“Ja”, zei Denis Volkov. “Maar niet nu.”"], "nl");
 * // [{ text: "Ja", speaker: "Denis Volkov", paragraph: 0 }, { text: "Maar niet nu.", speaker: "Denis Volkov", paragraph: 0 }]
 */
export function extractQuotes(paragraphs: readonly string[], lang: string, reader?: Reader): Quote[] {
  return attributeQuotes(paragraphs, lang, reader).map(({ rule: _, ...q }) => q);
}

/** An article read for its quotes and names: framed paragraphs, its reader, the people it names. */
export interface Reading {
  reader: Reader;
  paras: FramedParagraph[];
  people: People;
}

/** Read an article once for everything the quotes and the names need. */
export function readArticle(
  paragraphs: readonly string[],
  lang: string,
  reader = readerFor(lang, paragraphs),
): Reading {
  const paras = frameParagraphs(paragraphs);
  return { reader, paras, people: new People(paras, reader) };
}

/** {@link extractQuotes}, with the rule that gave each speaker (for the benchmark's per-rule report). */
export function attributeQuotes(paragraphs: readonly string[], lang: string, reader?: Reader): AttributedQuote[] {
  return quotesOf(readArticle(paragraphs, lang, reader));
}

/** The attributed quotes of an article read with {@link readArticle}. */
export function quotesOf(reading: Reading): AttributedQuote[] {
  const { reader, paras, people } = reading;
  const turns: Turn[] = [];
  const roles = new Map<string, string>();
  const out: AttributedQuote[] = [];
  // Who is speaking and who is in focus only matters a few sentences ahead of a quote.
  const due = sentencesBeforeQuotes(paras, MAX_QUOTES_PER_PARAGRAPH);
  let g = 0;
  for (const p of paras) {
    const quotes = p.quotes.slice(0, MAX_QUOTES_PER_PARAGRAPH);
    let k = 0;
    for (let s = 0; s < p.sentences.length; s++, g++) {
      const speakers: string[] = [];
      for (; k < quotes.length && (quotes[k] as QuoteFrame).sentence === s; k++) {
        const q = quotes[k] as QuoteFrame;
        const one = attributeOne(q, p, paras, reader, people, turns);
        if (!one) continue;
        const { quote, addressee } = one;
        if (quote.speaker) {
          speakers.push(quote.speaker);
          people.markSpeaker(quote.speaker);
          const role = quote.role ?? roles.get(quote.speaker);
          if (role) quote.role = role;
          if (quote.role && !roles.has(quote.speaker)) roles.set(quote.speaker, quote.role);
        }
        out.push(quote);
        if (q.span.inner.length > 0) out.push(...nestedQuotes(q, p, reader, people));
        turns.push({
          paragraph: p.index,
          sentence: q.sentence,
          speaker: quote.speaker,
          role: quote.role,
          question: /\?\s*$/u.test(quote.text),
          addressee,
          runsOn: q.span.runsOn,
        });
      }
      if (!due[g]) continue;
      if (speakers.length === 0) {
        const reporter = reportedSpeaker(p, s, paras, reader, people, turns);
        if (reporter) {
          turns.push({ paragraph: p.index, sentence: s, speaker: reporter, question: false, runsOn: false });
          // `X official Troy Roberts said …`: whoever the sentence reports speaking is its focus.
          speakers.push(reporter);
        }
      }
      noteFocus(p, s, speakers, reader, people);
    }
  }
  return out;
}

/** Nested quotes read per quote (keeps hostile input bounded). */
const MAX_NESTED = 20;

/**
 * Speech quoted inside a quote, attributed inside it: `"… and President Trump said, 'Let's talk
 * about it tomorrow.'"`. Only a nested quote that the outer one's own words attribute to a name or
 * a description is listed; a term the speaker puts in quote marks stays part of the outer quote.
 */
function nestedQuotes(q: QuoteFrame, p: FramedParagraph, reader: Reader, people: People): AttributedQuote[] {
  if (q.content.length > MAX_QUOTE_CHARS) return [];
  const [inside] = frameParagraphs([q.content]);
  const out: AttributedQuote[] = [];
  for (const n of (inside as FramedParagraph).quotes.slice(0, MAX_NESTED)) {
    let found: Found | undefined;
    let rule = "nested";
    for (const r of SENTENCE_RULES) {
      found = r.find(n, inside as FramedParagraph, reader);
      if (found) {
        rule = `nested-${r.name}`;
        break;
      }
    }
    // A pronoun inside a quote points at someone the speaker has in mind, not at the article's focus.
    if (!found || found.phrase.kind === "pronoun" || !isSpeech(n, true, reader.lex, rule === "nested-before")) continue;
    const raw = q.content.slice(found.phrase.start, found.phrase.end).trim();
    if (raw.length > MAX_SPEAKER_CHARS || (found.phrase.kind === "description" && !isPersonDescription(raw, reader)))
      continue;
    const text = q.content
      .slice(n.span.textStart, n.span.textEnd)
      .replace(/[\s,]+$/u, "")
      .replace(/^\s+/u, "");
    const speaker = found.phrase.kind === "name" ? people.speakerName(raw) : raw;
    out.push({ text, paragraph: p.index, speaker, rule });
  }
  return out;
}

/** Index of the sentence of `p` that holds `offset`, by halving. */
function sentenceAt(p: FramedParagraph, offset: number): number {
  let lo = 0;
  let hi = p.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((p.sentences[mid] as { end: number }).end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many sentences back a person the text turned to still speaks a stand-alone quote. */
const TURNED_REACH = 3;

/** Quotes before anyone is named as speaking that may still be teasers. */
const LEAD_TURNS = 3;

/** How far ahead of a quote a sentence still gives it its speaker or its pronoun's referent. */
const CONTEXT_REACH = 8;

/** For every sentence of the article (in order): does a quote follow within {@link CONTEXT_REACH} sentences? */
function sentencesBeforeQuotes(paras: readonly FramedParagraph[], perParagraph: number): boolean[] {
  const due: boolean[] = [];
  let next = Number.POSITIVE_INFINITY;
  const total = paras.reduce((n, p) => n + p.sentences.length, 0);
  let g = total;
  for (let pi = paras.length - 1; pi >= 0; pi--) {
    const p = paras[pi] as FramedParagraph;
    const withQuote = new Set(p.quotes.slice(0, perParagraph).map((q) => q.sentence));
    for (let s = p.sentences.length - 1; s >= 0; s--) {
      g--;
      if (withQuote.has(s)) next = g;
      due[g] = next < Number.POSITIVE_INFINITY || next - g <= CONTEXT_REACH;
    }
  }
  return due;
}

/**
 * `Volgens Holleeder is er met zijn zus iets mis.`: a sentence without a quote that reports a
 * person's words makes that person the current speaker, for quotes that continue them.
 */
function reportedSpeaker(
  p: FramedParagraph,
  s: number,
  paras: readonly FramedParagraph[],
  reader: Reader,
  people: People,
  turns: readonly Turn[],
): string | undefined {
  const sentence = p.sentences[s] as { start: number; end: number };
  const cues = cuesIn(p, sentence.start, sentence.end, reader.lex);
  for (let k = 0; k < cues.length; k++) {
    const phrase = subjectOfCue(p.masked, sentence.start, cues, k, reader);
    if (!phrase || phrase.kind === "description") continue;
    const who = resolve({ phrase, paragraph: p.index }, paras, people, reader, turns);
    // `Dr. Imran Shah, a researcher, said …`: the subject of a speech verb is a person.
    if (who?.speaker && phrase.kind === "name" && people.isPersonName(who.speaker)) people.markSpeaker(who.speaker);
    if (who?.speaker && people.isPerson(who.speaker)) return who.speaker;
  }
  return undefined;
}

/** Who the sentence is about, for the pronouns after it: its speaker, else its subject. */
function noteFocus(p: FramedParagraph, s: number, speakers: readonly string[], reader: Reader, people: People): void {
  const last = speakers[speakers.length - 1];
  const sentence = p.sentences[s] as { start: number; end: number };
  // `The chief executive of X, Dr. Alan Petrossian, said`: the appositive names the subject.
  const opening = subjectAt(p.masked, sentence.start, reader);
  if (last) {
    people.noteSubject(last, p.index, s);
    const own = opening?.kind === "name" ? ownPronoun(p, opening.end, sentence.end, reader) : undefined;
    if (own && people.speakerName(p.text.slice(opening?.start, opening?.end)) === last) people.learnGender(last, own);
    return;
  }
  if (opening?.kind === "name") {
    const name = people.fullest(p.text.slice(opening.start, opening.end));
    // `De stafchef van het leger riep … Luitenant-generaal Ahmed Gaed Salah wilde …`: a person
    // named for the first time right after a sentence about an unnamed description is the one described.
    const described = people.describedJustBefore(p.index, s);
    if (described && people.firstNamedIn(name, p.index, s)) people.addRole(name, described);
    people.noteSubject(name, p.index, s);
    const own = ownPronoun(p, opening.end, sentence.end, reader);
    if (own) people.learnGender(name, own);
    return;
  }
  if (opening?.kind === "description" && isPersonDescription(p.masked.slice(opening.start, opening.end), reader)) {
    const raw = p.text.slice(opening.start, opening.end);
    const head = headOf(
      tokensOf(raw).map((t) => t.lower),
      reader,
    );
    let named = head ? people.resolveDescription(head, p.index, opening.start) : undefined;
    // `Theresa May zwicht … De Britse premier dropte …`: a definite role right after a named subject is that person.
    // Not when the sentence names that person as well: `De stafchef riep Bouteflika op …`.
    const before = people.previousSubject(p.index, s);
    const named2 = people.mentionsOf(p.index, s).some((m) => before && people.fullest(m.name) === before);
    if (
      !named &&
      head &&
      before &&
      !named2 &&
      (people.isPerson(before) || people.isPersonName(before)) &&
      /^(?:de|het|the)$/iu.test(tokensOf(raw)[0]?.text ?? "")
    ) {
      people.addRole(before, head);
      named = before;
    }
    if (!named && head && /^(?:de|het|the)$/iu.test(tokensOf(raw)[0]?.text ?? ""))
      people.noteDescription(head, p.index, s);
    people.noteSubject(named ?? raw, p.index, s);
    return;
  }
  const mentions = people.mentionsOf(p.index, s);
  const person = mentions.find((m) => people.isPerson(people.fullest(m.name)));
  const mention = person ?? mentions[0];
  const first = tokensOf(p.masked, sentence.start, 30);
  const at = first.findIndex((t) => t.end <= sentence.end && reader.pronouns.has(t.lower));
  const pronoun = first[at];
  // `Toen een verslaggever van het YouTubekanaal X haar aansprak, realiseerde ze zich`: a name
  // the article never treats as a person's does not outrank the pronoun subject.
  if (pronoun && (!mention || pronoun.start < mention.start || !person)) {
    let kind = pronounKind(pronoun.text, reader);
    // `Natuurlijk wil ze`, `Ze heeft`: the finite verb beside Dutch `ze` tells her from them.
    // A Dutch sentence opening with its subject has the finite verb second: `Ze verzorgde hem`.
    const verb = at === 0 ? first[1] : first[at - 1];
    const finite = at === 0 ? verb && /^\p{Ll}+$/u.test(verb.text) : verb && finiteVerb(verb.lower, reader);
    if (kind === "either" && verb && finite && reader.lex.verbSecond)
      kind = reader.lex.pluralVerb.test(verb.lower) ? "plural" : "female";
    const name = kind ? people.resolvePronoun(kind, p.index, s, pronoun.start) : undefined;
    if (name) people.noteSubject(name, p.index, s);
  } else if (mention) {
    people.noteSubject(people.fullest(mention.name), p.index, s, true);
  }
}

/**
 * `Schwartz went on to say he was …`, `May zei dat zij …`: the pronoun a sentence's named subject
 * reports about itself, with no other name between them. Its gender is the subject's.
 */
function ownPronoun(p: FramedParagraph, from: number, to: number, reader: Reader): "male" | "female" | undefined {
  const tokens = tokensOf(p.masked, from, 14);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.end > to || t.cap || t.text.includes("_")) return undefined;
    const kind = reader.pronouns.has(t.lower) ? pronounKind(t.text, reader) : undefined;
    if (!kind) continue;
    const before = tokens[i - 1]?.lower ?? "";
    const reports =
      reader.lex.speechVerbs.includes(before) ||
      reader.lex.complementizers.includes(before) ||
      /^(?:say|that)$/u.test(before);
    return reports && (kind === "male" || kind === "female") ? kind : undefined;
  }
  return undefined;
}

/** An auxiliary or a speech verb: a finite verb whose number a subject pronoun shares. */
function finiteVerb(word: string, reader: Reader): boolean {
  return reader.lex.auxiliaries.includes(word) || reader.lex.speechVerbs.includes(word);
}

function attributeOne(
  q: QuoteFrame,
  p: FramedParagraph,
  paras: readonly FramedParagraph[],
  reader: Reader,
  people: People,
  turns: readonly Turn[],
): { quote: AttributedQuote; addressee?: string } | undefined {
  let rule = "none";
  let found: Found | undefined;
  for (const r of SENTENCE_RULES) {
    found = r.find(q, p, reader);
    if (found) {
      rule = r.name;
      break;
    }
  }
  // A speech verb before the quote governs it (`noemde de campagne ‘…’`); a source marker does not
  // (`volgens het OM is de leus ‘…’ opruiing`).
  const governed = rule === "before" && !reader.lex.sourceMarkers.includes(found?.cue ?? "");
  if (q.content.length > MAX_QUOTE_CHARS || !isSpeech(q, found !== undefined, reader.lex, governed)) return undefined;
  let who = found ? resolve(found, paras, people, reader, turns) : undefined;
  if (!who?.speaker) {
    const context = contextSpeaker(q, paras, reader, people, turns);
    if (context) {
      rule = context.rule;
      who = context.who;
    }
  }
  // A fragment in the reporter's sentence that nobody can be said to have spoken is a term.
  if (!found && !who?.speaker && !opensSentence(q) && !/:\s*$/u.test(q.before)) return undefined;
  const text = p.text
    .slice(q.span.textStart, q.span.textEnd)
    .replace(/[\s,]+$/u, "")
    .replace(/^\s+/u, "");
  const quote: AttributedQuote = { text, paragraph: p.index, rule: who?.speaker ? rule : "none" };
  if (who?.speaker) quote.speaker = who.speaker;
  if (who?.speaker && who.role) quote.role = who.role;
  const addressee = found?.addressee
    ? resolve({ phrase: found.addressee, paragraph: found.paragraph }, paras, people, reader, turns)
    : undefined;
  return { quote, addressee: addressee?.speaker };
}

interface Who {
  speaker?: string;
  role?: string;
}

function contextSpeaker(
  q: QuoteFrame,
  paras: readonly FramedParagraph[],
  reader: Reader,
  people: People,
  turns: readonly Turn[],
): { rule: string; who: Who } | undefined {
  const joined = coordinatedSpeaker(q, turns);
  if (joined?.speaker) return { rule: "coordinated", who: joined };
  const previous = speakerOfPreviousSentence(q, paras, reader, (name) => {
    const full = people.speakerName(name);
    return people.isPerson(full) || people.isPersonName(full);
  });
  const fromPrevious = previous ? resolve(previous, paras, people, reader, turns) : undefined;
  if (fromPrevious?.speaker) return { rule: "previous-sentence", who: fromPrevious };
  const answer = answeringSpeaker(q, turns);
  if (answer?.speaker) return { rule: "alternation", who: answer };
  // A fragment built into the reporter's sentence: that sentence's subject, if a person.
  // Not a pronoun: `Ze zou ‘…’ psychologen hebben bezocht` reports someone else's words about her.
  const subject = subjectOfOwnSentence(q, paras, reader);
  const fromSubject =
    subject && subject.phrase.kind !== "pronoun" ? resolve(subject, paras, people, reader, turns) : undefined;
  if (fromSubject?.speaker) return { rule: "sentence-subject", who: fromSubject };
  const continued = continuedSpeaker(q, turns, paras);
  // `… vertelt X dat …. Onderzoeker Y deed een test. Hij …. ,,…''`: a stand-alone quote after the
  // text has turned to another person goes to that person, not back to the last speaker.
  const last = turns[turns.length - 1];
  const turned =
    continued?.speaker && last && opensSentence(q)
      ? people.personInFocus(q.paragraph, q.sentence, TURNED_REACH, people.sentenceIndex(last.paragraph, last.sentence))
      : undefined;
  if (turned && turned !== continued?.speaker) return { rule: "turned", who: { speaker: people.speakerName(turned) } };
  if (continued?.speaker) return { rule: "continuation", who: continued };
  // A stand-alone quote after a sentence about a person: the subject noted for that sentence.
  const focus = opensSentence(q) ? previousFocus(q, paras, people) : undefined;
  if (focus) return { rule: "previous-subject", who: { speaker: focus } };
  const lead = leadSpeaker(q, paras, reader, people, turns);
  if (lead) return { rule: "lead", who: { speaker: lead } };
  return undefined;
}

function previousFocus(q: QuoteFrame, paras: readonly FramedParagraph[], people: People): string | undefined {
  const p = paras[q.paragraph] as FramedParagraph;
  const [paragraph, sentence] =
    q.sentence > 0 ? [p.index, q.sentence] : [p.index - 1, paras[p.index - 1]?.sentences.length ?? 0];
  if (paragraph < 0) return undefined;
  const name = people.previousSubject(paragraph, sentence);
  return name && people.isPerson(name) ? people.speakerName(name) : undefined;
}

/**
 * A teaser quote, before anyone in the article has been quoted: the person the rest of its
 * paragraph reports as speaking (`…, zegt Willem Holleeder.`), else the person it names first.
 */
function leadSpeaker(
  q: QuoteFrame,
  paras: readonly FramedParagraph[],
  reader: Reader,
  people: People,
  turns: readonly Turn[],
): string | undefined {
  // A teaser comes before anyone is quoted: within the first turns of the article.
  if (!opensSentence(q) || turns.length > LEAD_TURNS || turns.some((t) => t.speaker)) return undefined;
  const p = paras[q.paragraph] as FramedParagraph;
  const next = p.quotes.find((x) => x.sentence > q.sentence)?.sentence ?? p.sentences.length;
  for (let s = q.sentence + 1; s < next; s++) {
    const who = reportedSpeaker(p, s, paras, reader, people, turns);
    if (who) return who;
  }
  for (const m of people.mentionsIn(p.index)) {
    const name = people.speakerName(m.name);
    // `Oldenzaler Geert Christenhusz`: the name as written is the person's, without its word of origin.
    if (people.isPerson(name) || people.isPerson(people.fullest(m.name))) return name;
  }
  return undefined;
}

/** A mention to a speaker: the fullest name, a pronoun's referent, a description's person. */
function resolve(
  found: Found,
  paras: readonly FramedParagraph[],
  people: People,
  reader: Reader,
  turns: readonly Turn[],
): Who | undefined {
  const p = paras[found.paragraph] as FramedParagraph;
  const { phrase } = found;
  const raw = p.text.slice(phrase.start, phrase.end).trim();
  const role = phrase.role ? cleanRole(p.text.slice(phrase.role.start, phrase.role.end)) : undefined;
  if (raw.length > MAX_SPEAKER_CHARS) return undefined;
  if (phrase.kind === "pronoun") {
    let kind = pronounKind(raw, reader);
    if (!kind) return undefined;
    // `zegt zij` is one woman, `zeggen zij` several: the verb's number settles Dutch `zij`/`ze`.
    if (kind === "either" && found.cue) kind = reader.lex.pluralVerb.test(found.cue) ? "plural" : "female";
    const sentence = sentenceAt(p, phrase.start);
    const name = people.resolvePronoun(kind, p.index, Math.max(0, sentence), phrase.start);
    if (name) return { speaker: people.speakerName(name) };
    const last = turns[turns.length - 1];
    return last?.speaker && found.paragraph - last.paragraph <= 1
      ? { speaker: last.speaker, role: last.role }
      : undefined;
  }
  if (phrase.kind === "name") return { speaker: people.speakerName(raw), role };
  const words = tokensOf(raw).map((t) => t.lower);
  const definite = DEFINITE.test(words[0] ?? "");
  const head = headOf(words, reader);
  let named = definite && head ? people.resolveDescription(head, p.index, phrase.start) : undefined;
  // `antwoordde de vrouw`: a definite person noun points back like a pronoun of its gender.
  const gender =
    head && reader.lex.femaleWords.includes(head)
      ? "female"
      : head && reader.lex.maleWords.includes(head)
        ? "male"
        : undefined;
  if (!named && definite && gender && words.length <= 3) {
    const sentence = sentenceAt(p, phrase.start);
    const plain = reader.lex.genderNouns.includes(head as string);
    named = people.resolvePronoun(gender, p.index, Math.max(0, sentence), phrase.start, plain);
  }
  // `volgens zijn advocaat …. Advocaat Umut Ural …`: a short description the article names next.
  if (!named && definite && head && words.length <= 3)
    named = people.describedAhead(head, p.index, sentenceAt(p, phrase.start));
  return named ? { speaker: named } : { speaker: raw, role };
}

function cleanRole(role: string): string | undefined {
  const r = role
    .trim()
    .replace(/^(?:de|het|een|the|a|an)\s+/iu, "")
    .replace(/[\s,]+$/u, "");
  return r && r.length <= MAX_SPEAKER_CHARS ? r : undefined;
}
