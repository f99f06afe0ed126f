import { type Span, sentenceSpans } from "../article/sentences.ts";
import type { Quote } from "../schemas.ts";
import { lastPersonBefore, type NameMention, nameMentions } from "./names.ts";
import { findQuotedSpans, type QuotedSpan } from "./quote-marks.ts";
import { type Speaker, speakerAfter, speakerBefore, speechVerbs } from "./speakers.ts";

/** Words between a speech verb and its quote that still make the quote the verb's object. */
const COMPLEMENTIZER = /\b(dat|that|of|om|whether|als|if|te|to)\b/i;
const WORDS = /[\p{L}\p{N}]+/gu;
/** Quoted spans read per paragraph; past this the rest of a (hostile) paragraph is not searched. */
const MAX_QUOTES_PER_PARAGRAPH = 100;
const TITLE_CUE =
  /\b(?:titled|entitled|called|named|dubbed|getiteld|genaamd|getiteld|titel|heet|rapport|report|boek|book|film|campagne|campaign|slogan|motto)\s*$/iu;

/**
 * Every direct quotation of speech or writing in the article, verbatim and attributed.
 *
 * Scare quotes and titles (`‘militair-technische maatregelen’`) are left out: a quoted span counts
 * only when an attribution stands after it (`”, zei X`), a speech verb governs it from before
 * (`X zei dat “…”`), a colon introduces it, or it is a whole sentence of its own, whose speaker
 * then carries over from the quote before it.
 *
 * @example
 * extractQuotes(["“Ja”, zei Denis Volkov. “Maar niet nu.”"]);
 * // [{ text: "Ja", speaker: "Denis Volkov", paragraph: 0 }, { text: "Maar niet nu.", speaker: "Denis Volkov", paragraph: 0 }]
 */
export function extractQuotes(
  paragraphs: readonly string[],
  mentions: readonly NameMention[] = nameMentions(paragraphs),
): Quote[] {
  const quotes: Quote[] = [];
  let lastPerson: (Speaker & { at: number }) | undefined;
  let lastQuote: { speaker?: string; role?: string; paragraph: number } | undefined;

  paragraphs.forEach((p, pi) => {
    // Hostile text can hold thousands of quote marks; a real paragraph never needs this many.
    const spans = findQuotedSpans(p).slice(0, MAX_QUOTES_PER_PARAGRAPH);
    for (const sentence of sentenceSpans(p)) {
      const inSentence = spans.filter((q) => q.open >= sentence.start && q.open < sentence.end);
      for (const q of inSentence) {
        const found = classify(p, sentence, q, spans);
        if (!found) continue;
        let who = found.speaker;
        if (who?.pronoun) {
          // The pronoun points at whoever was named last: a speaker, or a person mentioned since.
          const named = lastPersonBefore(mentions, pi, q.open);
          const here = pi * 1e6 + q.open;
          who =
            named && (!lastPerson || named.at > lastPerson.at) && named.at < here
              ? { speaker: named.name }
              : lastPerson;
        }
        if (!who && found.carries && lastQuote && lastQuote.paragraph >= pi - 1 && lastQuote.speaker) {
          who = { speaker: lastQuote.speaker, role: lastQuote.role };
        }
        const text = p
          .slice(q.textStart, q.textEnd)
          .replace(/[\s,]+$/u, "")
          .replace(/^\s+/u, "");
        if (!/[\p{L}\p{N}]/u.test(text)) continue;
        const quote: Quote = { text, paragraph: pi };
        const named = who ? canonicalSpeaker(who, mentions) : undefined;
        if (named?.speaker) quote.speaker = named.speaker;
        if (named?.role) quote.role = named.role;
        quotes.push(quote);
        lastQuote = { speaker: quote.speaker, role: quote.role, paragraph: pi };
        if (who && !who.pronoun) lastPerson = { ...who, at: pi * 1e6 + Math.max(q.close, sentence.end) };
      }
      if (inSentence.length === 0) {
        const person = reportedSpeaker(p, sentence);
        if (person) lastPerson = { ...person, at: pi * 1e6 + sentence.end };
      }
    }
  });
  return quotes;
}

interface Classified {
  speaker?: Speaker;
  /** Unattributed whole-sentence quote: the previous quote's speaker carries over. */
  carries?: boolean;
}

function classify(p: string, sentence: Span, q: QuotedSpan, all: QuotedSpan[]): Classified | undefined {
  const content = p.slice(q.textStart, q.textEnd);
  const words = content.match(WORDS)?.length ?? 0;
  const before = outsideQuotes(p, sentence.start, q.open, all);
  const sentenceEnd = Math.max(sentence.end, endOfSentenceAt(p, q.close));
  const after = p.slice(q.close, sentenceEnd);

  // `an audit titled ‘Locks on the Doors’`, `het rapport ,,Warm de winter door''`: a title, not speech.
  if (TITLE_CUE.test(before)) return undefined;
  const afterSpeaker = attributionAfter(after);
  if (afterSpeaker && (words >= 2 || /[,.!?…]\s*$/u.test(content))) return { speaker: afterSpeaker };

  const beforeSpeaker = attributionBefore(p, sentence.start, before);
  if (beforeSpeaker) return { speaker: beforeSpeaker };

  const opensSentence = /^[\s\-–—]*$/u.test(before);
  if (opensSentence && words >= 3 && !isTitle(content)) return { carries: true };
  if (/:\s*$/u.test(before) && words >= 3 && !isTitle(content)) return {};
  return undefined;
}

/** `”, zei Denis Volkov`, `," she said`, `'' attorney Pierce O'Donnell said`, `”, aldus X`. */
function attributionAfter(after: string): Speaker | undefined {
  const lead = /^[\s,.!?…]*(?:[-–—]\s*)?/u.exec(after)?.[0] ?? "";
  if (/[.!?…]/u.test(lead) && !/,/.test(lead)) {
    // The quote ended its sentence; what follows is a new sentence.
    if (/[.!?…]\s+\p{Lu}/u.test(lead + after.slice(lead.length, lead.length + 1))) return undefined;
  }
  const rest = after.slice(lead.length);
  // `laat mr. Youssef El Amrani, wethouder van Economie, weten`: the speaker stands inside the verb.
  const lets = /^(?:laat|liet|lieten|laten)\s+(.{2,160}?)\s+weten\b/iu.exec(rest);
  if (lets?.[1]) return appositiveSpeaker(`${lets[1].replace(/,?\s*$/u, "")},`) ?? speakerAfter(lets[1]);
  const verbs = speechVerbs(rest);
  const first = verbs[0];
  if (!first) return undefined;
  const head = rest.slice(0, first.start);
  if (head.trim() === "") return speakerAfter(rest.slice(first.end)) ?? undefined;
  const appositive = appositiveSpeaker(head);
  if (appositive) return appositive;
  const headWords = head.match(WORDS)?.length ?? 0;
  // `Ms. Okafor said`: the period of a title of address does not end anything.
  const bare = head.replace(/\b(Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|mr|dr|prof|dhr|mevr)\./g, "$1");
  if (headWords > 6 || /[,;:.!?“”"]/u.test(bare)) return undefined;
  return speakerBefore(head.trim());
}

/** `X zei dat “…”`, `zei hij: “…”`, `volgens X is het “…”`. */
function attributionBefore(p: string, sentenceStart: number, before: string): Speaker | undefined {
  const verbs = speechVerbs(before);
  const v = verbs[verbs.length - 1];
  if (!v) return undefined;
  const verb = before.slice(v.start, v.end).toLowerCase();
  const gap = before.slice(v.end);
  // `spreekt van «…»` quotes; `sprak … over ‘concrete voorstellen’` names a topic.
  if (/^(spreekt|sprak|spreken|spraken)$/.test(verb) && !/^\s+van\s+$/u.test(gap)) return undefined;
  const gapWords = gap.match(WORDS)?.length ?? 0;
  const governed =
    /[:,]\s*$/u.test(gap) || COMPLEMENTIZER.test(gap) || gapWords <= 2 || (gapWords <= 8 && !/[,;]/.test(gap));
  if (!governed || /[;.!?]/u.test(gap)) return undefined;
  if (verb === "according to" || verb === "volgens") return speakerAfter(gap);
  // Dutch inversion: `zei hij dat`, `zegt minister Hoekstra:`.
  const inverted = /^\s+(?:[\p{Lu}][\p{L}\-']*|hij|zij|ze)\b/u.test(gap)
    ? speakerAfter(gap.replace(/\s(dat|that|:).*$/u, ""))
    : undefined;
  if (inverted && /^\s+(hij|zij|ze)\b/iu.test(gap) === Boolean(inverted.pronoun)) return inverted;
  const subject = subjectBefore(before, v.start);
  if (subject) return subject;
  const sentenceSubject = /^\s*(hij|zij|ze|he|she|they)\b/iu.exec(p.slice(sentenceStart));
  return sentenceSubject?.[1] ? { speaker: sentenceSubject[1], pronoun: true } : undefined;
}

/** A sentence without quotes that reports speech (`De ambassadeur zei deze week dat …`) names a referent. */
function reportedSpeaker(p: string, sentence: Span): Speaker | undefined {
  const text = p.slice(sentence.start, sentence.end);
  const v = speechVerbs(text)[0];
  if (!v) return undefined;
  const verb = text.slice(v.start, v.end).toLowerCase();
  const s =
    verb === "according to" || verb === "volgens" ? speakerAfter(text.slice(v.end)) : subjectBefore(text, v.start);
  return s && !s.pronoun && /^[\p{Lu}]/u.test(s.speaker) ? s : undefined;
}

/** The subject of a speech verb: an appositive pair (`X, role, said`), else the clause before it. */
function subjectBefore(text: string, verbAt: number): Speaker | undefined {
  return appositiveSpeaker(text.slice(0, verbAt)) ?? speakerBefore(clauseBefore(text, verbAt));
}

const NAME = String.raw`(?:(?:[Dd]r|[Mm]r|[Mm]rs|[Mm]s|[Pp]rof|[Dd]hr|[Mm]evr)\.?\s+)?[\p{Lu}][\p{L}'’\-]*(?:\s+(?:van|de|der|den|ter|ten|von|da|di|le|la|Van|De)?\s*[\p{Lu}][\p{L}'’\-]*){0,3}`;
const ROLE = String.raw`(?:the |a |an |de |het |een )?[\p{Ll}][^,;:!?“”"]{2,90}`;
const NAME_THEN_ROLE = new RegExp(String.raw`(?:^|[\s(])(${NAME}),\s+(${ROLE}),\s*$`, "u");
const ROLE_THEN_NAME = new RegExp(String.raw`(?:^|[\s(])((?:[Tt]he |[Dd]e |[Hh]et )${ROLE}),\s+(${NAME}),\s*$`, "u");

/** `Dr. Imran Shah, a security researcher at Halden University,` or `The health minister, Claire Bolton,`. */
function appositiveSpeaker(head: string): Speaker | undefined {
  const a = NAME_THEN_ROLE.exec(head);
  if (a?.[1] && a[2]) return { speaker: a[1].trim(), role: a[2].trim().replace(/^(?:a|an|the|een)\s+/u, "") };
  const b = ROLE_THEN_NAME.exec(head);
  if (b?.[1] && b[2]) return { speaker: b[2].trim(), role: b[1].trim().replace(/^(?:a|an|the|de|het|een)\s+/iu, "") };
  return undefined;
}

const HONORIFIC = /^(?:(?:Dr|Mr|Mrs|Ms|Prof|Dhr|Mevr|Mw|Drs|Ir|Sir|dr|mr|prof|dhr|mevr|mw|drs|ir)\.?\s+)+/u;
const TITLE =
  /^((?:Mayor|President|Minister|Senator|Governor|Chancellor|Judge|Councillor|Councilor|Professor|Commissioner|Chief|Inspector|Detective|Officer|Sergeant|Captain|General|Colonel|Burgemeester|Wethouder|Premier|Staatssecretaris|Minister-president|Koning|Koningin|Prins|Paus|Kardinaal|Pope|King|Queen|Prince)\s+)+/u;

/** `Ms. Whitfield` → `Dana Whitfield`, `Mayor Grace Oduya` → `Grace Oduya` (role `Mayor`). */
function canonicalSpeaker(who: Speaker, mentions: readonly NameMention[]): Speaker {
  let speaker = who.speaker.replace(HONORIFIC, "").trim() || who.speaker;
  let role = who.role;
  const title = TITLE.exec(speaker);
  if (title && speaker.length > title[0].length) {
    speaker = speaker.slice(title[0].length);
    role ??= title[0].trim();
  }
  if (!/\s/.test(speaker) && /^\p{Lu}/u.test(speaker)) {
    const lower = speaker.toLowerCase();
    const full = mentions.find((m) => {
      const parts = m.name.replace(HONORIFIC, "").split(/\s+/);
      return parts.length >= 2 && parts.length <= 4 && (parts[parts.length - 1] as string).toLowerCase() === lower;
    });
    if (full) speaker = full.name.replace(HONORIFIC, "").replace(TITLE, "").trim();
  } else if (/\s/.test(speaker)) {
    // `Van Dijk` at a sentence start is `Marieke van Dijk` elsewhere.
    const lower = speaker.toLowerCase();
    const full = mentions.find((m) => m.name.toLowerCase().endsWith(` ${lower}`) && m.name.length > speaker.length);
    if (full && /^\p{Lu}/u.test(speaker) && /^(van|de|der|den|ter|ten)\s/i.test(speaker)) {
      speaker = full.name.replace(HONORIFIC, "").replace(TITLE, "").trim();
    }
  }
  return role ? { speaker, role } : { speaker };
}

function clauseBefore(text: string, at: number): string {
  const head = text.slice(0, at);
  const cut = Math.max(head.lastIndexOf(","), head.lastIndexOf(";"), head.lastIndexOf(":"), head.lastIndexOf(" – "));
  return head.slice(cut + 1).trim();
}

/** The text of `[from, to)` with other quoted spans blanked, so verbs inside quotes do not count. */
function outsideQuotes(p: string, from: number, to: number, all: QuotedSpan[]): string {
  let out = p.slice(from, to);
  for (const q of all) {
    if (q.close <= from || q.open >= to) continue;
    const s = Math.max(q.open, from) - from;
    const e = Math.min(q.close, to) - from;
    out = out.slice(0, s) + " ".repeat(e - s) + out.slice(e);
  }
  return out;
}

function endOfSentenceAt(p: string, at: number): number {
  // Spans are in order: find the one containing `at` by halving.
  const spans = sentenceSpans(p);
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid] as Span;
    if (s.end < at) lo = mid + 1;
    else if (s.start > at) hi = mid - 1;
    else return s.end;
  }
  return at;
}

/** Titles are mostly capitalized words: `“The Return of the King”`. */
function isTitle(content: string): boolean {
  const words = content.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  if (words.length === 0 || words.length > 8) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length >= 0.6 && !/[.!?]$/.test(content.trim());
}
