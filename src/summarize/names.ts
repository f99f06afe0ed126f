/**
 * The card's main names: people, organisations and places the article writes about, most
 * mentioned first. A name is counted under its fullest form (`Huibers` for `Dirk Huibers`), with
 * role words left off (`Statisticus Joop Hox` → `Joop Hox`); a capitalized word that only ever
 * opens a sentence is no name, nor is a nationality adjective (`Amsterdamse`); a genitive
 * (`Ruslands`) counts for its base (`Rusland`). The speakers of the card's quotes are among them.
 */
import type { Quote } from "../schemas.ts";
import type { People } from "./people.ts";

/** How much a quote's speaker weighs against a plain mention: the people quoted are the story's. */
const SPEAKER_WEIGHT = 2;
/** Longest name kept: a longer run of capitals is a title or a heading, not a name. */
const MAX_NAME_CHARS = 60;
const MAX_NAME_WORDS = 6;

/**
 * The `limit` main names of an article whose mentions `people` holds.
 *
 * @example
 * mainNames(people, quotes, 8); // ["Vladimir Poetin", "Oekraïne", "NAVO", …]
 */
export function mainNames(people: People, quotes: readonly Quote[], limit: number): string[] {
  const counts = new Map<string, { weight: number; first: number }>();
  const add = (name: string, weight: number, order: number) => {
    if (!isNameLike(name)) return;
    const entry = counts.get(name);
    if (entry) entry.weight += weight;
    else counts.set(name, { weight, first: order });
  };
  people.mentions.forEach((m, i) => {
    const members = m.name.split(/\s+(?:en|and|&)\s+/u);
    // `Donald Trump en Kim Jong-un`: each is named.
    for (const member of members) add(people.expansion(member) ?? people.speakerName(member), 1, i);
  });
  quotes.forEach((q, i) => {
    if (!q.speaker || !people.person(q.speaker)) return;
    for (const member of q.speaker.split(/\s+(?:en|and|&)\s+/u))
      add(member, SPEAKER_WEIGHT, people.mentions.length + i);
  });
  // `de Britten`, `the Democrats`: a people or a party's members as a group, not a name of the story.
  for (const name of [...counts.keys()]) if (people.isGroupNoun(name)) counts.delete(name);
  const ranked = [...counts.entries()].sort((a, b) => b[1].weight - a[1].weight || a[1].first - b[1].first);
  const out: string[] = [];
  for (const [name] of ranked) {
    if (out.length >= limit) break;
    // `Kim` beside `Kim Jong-un`, `Verenigde Staten` beside `De Verenigde Staten`: one of them.
    const lower = name.toLowerCase();
    if (out.some((n) => n.toLowerCase().includes(lower) || lower.includes(n.toLowerCase()))) continue;
    out.push(name);
  }
  return out;
}

function isNameLike(name: string): boolean {
  if (name.length < 2 || name.length > MAX_NAME_CHARS) return false;
  if (name.split(/\s+/u).length > MAX_NAME_WORDS) return false;
  return /^\p{Lu}/u.test(name) && /\p{L}{2}/u.test(name);
}
