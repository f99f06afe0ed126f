/**
 * The card's headline and TL;DR, from the lede: the article's title when it has one, else a
 * complete sentence (or clause) of the lede that needs no context, at most 150 characters.
 */
import { MAX_HEADLINE_CHARS, MAX_TLDR_CHARS } from "../schemas.ts";
import type { Lexicon } from "./lexicon.ts";
import { findQuotedSpans } from "./quote-marks.ts";
import type { Sentence } from "./sentences.ts";
import { cutAtWord, stripDateline, trimToClause } from "./trim.ts";

/** A later lede sentence is the TL;DR only when this much more central than the first: news leads with the news. */
const LATER_LEDE_FACTOR = 1.5;
/** How many sentences count as the lede. */
export const LEDE_SENTENCES = 3;

/** A leading line of metadata the parser left in the text: `date 2019-02-27`. */
const METADATA = /^\s*date\s+\d{4}(?:-\d{2}){0,2}\S*\s*$/iu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Whether a sentence is only metadata (a `date …` line), never a point or a headline. */
export function isMetadata(s: Sentence): boolean {
  return METADATA.test(s.text);
}

/**
 * Whether a sentence opens with a word that needs what came before: a pronoun (`Hij`, `They`),
 * a connective (`Daarom`, `However`), or a demonstrative used as one (`Dat is …`, `This means …`).
 */
export function needsContext(text: string, lex: Lexicon): boolean {
  const words = firstWords(text, 2);
  const first = words[0]?.toLowerCase();
  if (!first || !lex.needsContext.includes(first)) return false;
  if (!DEMONSTRATIVES.has(first)) return true;
  // `Dit jaar`, `That decision`: a determiner; `Dit is`, `That means`: a pronoun.
  const next = words[1]?.toLowerCase() ?? "";
  return LINKING_VERBS.has(next) || lex.auxiliaries.includes(next) || lex.speechVerbs.includes(next);
}

const DEMONSTRATIVES = new Set("het dat dit die deze it this that these those".split(" "));
const LINKING_VERBS = new Set(
  "is was zijn waren wordt werd blijkt lijkt betekent kan moet zal gaat komt heeft had is was are were means meant seems has had will would can could may might".split(
    " ",
  ),
);

/** The share of a sentence's words that stand inside quote marks. */
export function quoteShare(text: string): number {
  const spans = findQuotedSpans(text);
  if (spans.length === 0) return 0;
  const all = text.match(WORD)?.length ?? 0;
  if (all === 0) return 0;
  let inside = 0;
  for (const q of spans) inside += text.slice(q.textStart, q.textEnd).match(WORD)?.length ?? 0;
  return inside / all;
}

function firstWords(text: string, n: number): string[] {
  const out: string[] = [];
  FIRST_WORDS.lastIndex = 0;
  for (let m = FIRST_WORDS.exec(text); m !== null && out.length < n; m = FIRST_WORDS.exec(text)) out.push(m[0]);
  return out;
}

const FIRST_WORDS = /[\p{L}\p{N}]+/gu;

/** A sentence fit for the lede: a statement of some length, not mostly quote, not a question. */
export function isStatement(s: Sentence): boolean {
  return !isMetadata(s) && s.words.length >= 6 && !/\?["'”’»]?\s*$/u.test(s.text) && quoteShare(s.text) <= 0.5;
}

/**
 * The headline: the title, else the first lede sentence that fits (150 characters, no final
 * period) and needs no context; a longer one is cut at a clause boundary, marked with `…`.
 */
export function headlineOf(title: string | undefined, sentences: readonly Sentence[], lex: Lexicon): string {
  if (title) return cutAtWord(title, MAX_HEADLINE_CHARS);
  const lede = sentences.filter((s) => !isMetadata(s)).slice(0, LEDE_SENTENCES);
  for (const s of lede) {
    const text = stripDateline(s.text).text.replace(/[.!]+["'”’»]?$/u, "");
    if (!isStatement(s) || needsContext(text, lex)) continue;
    if (text.length <= MAX_HEADLINE_CHARS) return text;
    // `Yesterday, Joe Biden …`: without its fronted time or place, the clause may fit and still open with a name.
    const fronted = FRONTED.exec(text);
    const rest = fronted ? text.slice(fronted[0].length) : "";
    if (rest.length <= MAX_HEADLINE_CHARS && /^\p{Lu}/u.test(rest) && !needsContext(rest, lex)) return rest;
  }
  // No sentence fits: the first that can be cut at a clause boundary, marked with `…`.
  for (const s of lede) {
    const text = stripDateline(s.text).text;
    if (!isStatement(s) || needsContext(text, lex)) continue;
    const clause = trimToClause(text, 40, 5, MAX_HEADLINE_CHARS);
    if (clause.length <= MAX_HEADLINE_CHARS) return clause;
  }
  return cutAtWord(stripDateline(lede[0]?.text ?? sentences[0]?.text ?? "").text, MAX_HEADLINE_CHARS);
}

/** A fronted adverbial of a few words before the subject: `Yesterday, `, `Op dinsdag, `. */
const FRONTED = /^[^,;:“”"„«»]{2,40}?,\s+/u;

/** The TL;DR: the most informative of the lede's statements, trimmed at a clause to 280 characters. */
export function tldrSentence(sentences: readonly Sentence[], scores: readonly number[]): Sentence | undefined {
  const lede = sentences.filter((s) => !isMetadata(s)).slice(0, LEDE_SENTENCES);
  let best: Sentence | undefined;
  for (const s of lede) {
    if (!isStatement(s)) continue;
    if (!best || (scores[s.index] as number) > LATER_LEDE_FACTOR * (scores[best.index] as number)) best = s;
  }
  return best ?? lede[0] ?? sentences[0];
}

export function tldrOf(sentence: Sentence | undefined): string {
  const lead = stripDateline(sentence?.text ?? "").text;
  const trimmed = trimToClause(lead, 60, 8, MAX_TLDR_CHARS);
  return trimmed.length <= MAX_TLDR_CHARS ? trimmed : cutAtWord(lead, MAX_TLDR_CHARS);
}
