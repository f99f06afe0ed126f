import { sentenceSpans } from "../article/sentences.ts";

/** Capitalized words that are not names (sentence starters, days, months, titles of address). */
const NOT_NAMES = new Set(
  (
    "de het een in op maar en als dat dit die deze er hij zij ze wij we ik het om te na bij voor met over " +
    "volgens toen ook nu the a an in on at but and if when while after he she it they we i this that " +
    "these those his her its their there what who how monday tuesday wednesday thursday friday saturday " +
    "sunday maandag dinsdag woensdag donderdag vrijdag zaterdag zondag january february march april may " +
    "june july august september october november december januari februari maart mei juni juli augustus " +
    "oktober mr mrs ms dr prof sir cnn mr. mrs. dr. prof."
  ).split(" "),
);
const PARTICLES = new Set("van de der den ter ten von da di du le la bin al of".split(" "));
const TOKEN = /[\p{L}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}]/gu;

/** A name as it stands in the text: the run of words, and where it was seen. */
export interface NameMention {
  name: string;
  paragraph: number;
  offset: number;
}

/**
 * The runs of capitalized words in the paragraphs (names of people, organisations and places),
 * in order. A capitalized word that opens a sentence counts only when it is not a common word.
 */
export function nameMentions(
  paragraphs: readonly string[],
  lowerWords: ReadonlySet<string> = lowercaseWords(paragraphs),
): NameMention[] {
  const out: NameMention[] = [];
  paragraphs.forEach((p, pi) => {
    const starts = new Set(sentenceSpans(p).map((s) => s.start));
    let run: RegExpMatchArray[] = [];
    let lastEnd = -1;
    const flush = () => {
      while (run.length > 0 && PARTICLES.has((run[run.length - 1] as RegExpMatchArray)[0])) run.pop();
      if (run.length > 0) {
        const first = run[0] as RegExpMatchArray;
        const last = run[run.length - 1] as RegExpMatchArray;
        const start = first.index ?? 0;
        const name = p.slice(start, (last.index ?? 0) + last[0].length).replace(/['’]s$/u, "");
        out.push({ name, paragraph: pi, offset: start });
      }
      run = [];
    };
    for (const m of p.matchAll(TOKEN)) {
      const w = m[0];
      const at = m.index ?? 0;
      const gap = p.slice(lastEnd, at);
      if (run.length > 0 && (lastEnd < 0 || !/^\s+$/.test(gap))) flush();
      lastEnd = at + w.length;
      const capital = /^\p{Lu}/u.test(w);
      const common = NOT_NAMES.has(w.toLowerCase());
      const sentenceStart = starts.has(at) || (at > 0 && AFTER_OPENING.test(p.slice(Math.max(0, at - 3), at)));
      if (capital && !(common && (sentenceStart || run.length === 0))) {
        if (sentenceStart && run.length === 0 && lowerWords.has(w.toLowerCase())) continue;
        if (run.length > 0 && PARTICLES.has((run[run.length - 1] as RegExpMatchArray)[0]) && /^\p{Lu}{2,}$/u.test(w)) {
          flush(); // `Poetin de VS`: a particle does not join an acronym
        }
        run.push(m);
      } else if (run.length > 0 && PARTICLES.has(w)) {
        run.push(m);
      } else {
        flush();
      }
    }
    flush();
  });
  return out;
}

const AFTER_OPENING = /[“„‘"'«(`]\s*$/u;

/** The words the paragraphs write in lower case, for telling `Leerkrachten` (a noun) from `Poetin`. */
export function lowercaseWords(paragraphs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paragraphs) {
    for (const m of p.matchAll(LETTERS)) {
      const w = m[0];
      const first = w[0] as string;
      if (first !== first.toUpperCase()) out.add(w);
    }
  }
  return out;
}
const LETTERS = /\p{L}+/gu;

/** Words that make a name an organisation or a place, not a person a pronoun could point at. */
const ORGANISATION =
  /^(?:Hogeschool|Universiteit|University|College|Institute|Instituut|Ministry|Ministerie|Council|Raad|Party|Partij|Bank|Port|Authority|Foods|Markets|Inc\.?|Ltd\.?|Group|Groep|Gemeente|City|Street|Straat|Hospital|Ziekenhuis|Trust|Alliance|Union|Bond|Federatie|Federation|Agency|Court|Rechtbank|Times|News|Post|Radio|TV|Airport|Motors|Energy|Energie|Noord|Zuid|Oost|West|North|South|East|Kingdom|Republic|Republiek|States|Staten)$/u;

/** Capitalized adjectives of nationality are not names: `Russische`, `Oekraïense`, `Amerikaanse`. */
const DEMONYM_ADJECTIVE = /^\p{Lu}\p{Ll}+(?:ische|sche|ense|aanse|iaanse|ese|iese|ijnse)$/u;

/**
 * The main names of an article: the most mentioned, a surname counting for the full name it
 * stood in (`Poetin` for `Vladimir Poetin`), in order of mentions, then first appearance.
 */
export function mainNames(
  paragraphs: readonly string[],
  limit = 8,
  lowerWords: ReadonlySet<string> = lowercaseWords(paragraphs),
  mentions: readonly NameMention[] = nameMentions(paragraphs, lowerWords),
): string[] {
  const counts = new Map<string, { count: number; first: number }>();
  const full = new Map<string, string>();
  for (const m of mentions) {
    const parts = m.name.split(/\s+/);
    const last = parts[parts.length - 1] as string;
    if (parts.length > 1 && !full.has(last)) full.set(last, m.name);
  }
  mentions.forEach((m, i) => {
    const key = full.get(m.name) ?? m.name;
    const entry = counts.get(key) ?? { count: 0, first: i };
    entry.count++;
    counts.set(key, entry);
  });
  return (
    [...counts.entries()]
      .filter(([name]) => name.length > 1 && !DEMONYM_ADJECTIVE.test(name))
      // A single word that also appears in lower case is a common noun that opened a sentence.
      .filter(([name]) => name.includes(" ") || !lowerWords.has(name.toLowerCase()))
      .sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)
      .slice(0, limit)
      .map(([name]) => name)
  );
}

/** The last mention before a point that names a person: two to four words, or the surname of one. */
export function lastPersonBefore(
  mentions: readonly NameMention[],
  paragraph: number,
  offset: number,
): { name: string; at: number } | undefined {
  let found: { name: string; at: number } | undefined;
  const full = new Map<string, string>();
  for (const m of mentions) {
    if (m.paragraph > paragraph || (m.paragraph === paragraph && m.offset >= offset)) break;
    const parts = m.name.split(/\s+/);
    const at = m.paragraph * 1e6 + m.offset;
    if (parts.length >= 2 && parts.length <= 4 && !parts.some((w) => /^\p{Lu}{2,}$/u.test(w) || ORGANISATION.test(w))) {
      full.set(parts[parts.length - 1] as string, m.name);
      found = { name: m.name, at };
    } else if (full.has(m.name)) {
      found = { name: full.get(m.name) as string, at };
    }
  }
  return found;
}
