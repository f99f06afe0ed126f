/**
 * The people (and organisations) an article names, indexed by position: every name as written
 * in the narration, its fullest form in the article, the roles and gender the article gives it,
 * and who is in focus as the text goes on. Speaker mentions are resolved here: a surname to the
 * full name, a pronoun to the most recent compatible subject, a description (`de hoogleraar`) to
 * the person the article gave that role.
 */
import type { FramedParagraph } from "./quote-frames.ts";
import type { Reader } from "./reader.ts";
import { isNameWord, isRole, nameRun, splitRun } from "./speaker-phrase.ts";
import { adjacent, type Token, tokensOf } from "./tokens.ts";

export interface Mention {
  /** The name as written, role and honorific left out. */
  name: string;
  paragraph: number;
  /** Offsets in the paragraph. */
  start: number;
  end: number;
  /** Sentence index in the paragraph (of its masked sentences). */
  sentence: number;
  /** Role words written with it, lowercase: `hoogleraar`, `sheriff`. */
  roles: string[];
}

export interface Person {
  name: string;
  gender?: "m" | "f";
  group: boolean;
  organisation: boolean;
  roles: Set<string>;
  /** Mentions of exactly this form. */
  count: number;
  /** It is a quote's speaker. */
  spoke: boolean;
}

export type PronounKind = "male" | "female" | "plural" | "either";

const ORGANISATION =
  /^(?:Hogeschool|Universiteit|University|College|Institute|Instituut|Ministry|Ministerie|Council|Raad|Party|Partij|Bank|Port|Authority|Foods|Markets|Inc|Ltd|Group|Groep|Gemeente|City|Street|Straat|Hospital|Ziekenhuis|Trust|Alliance|Union|Bond|Federatie|Federation|Agency|Court|Rechtbank|Times|News|Post|Radio|TV|Airport|Motors|Energy|Energie|Kingdom|Republic|Republiek|States|Staten|Committee|Commissie|Office|Department|Service|Police|Politie|Guard|House|Senate|Congress|Museum|Stichting|Vereniging|Omroep|Fonds|Fund|Company|Corporation|Association|Organisation|Organization|Club|FC|Airlines|Kerk|Church|Coalition|Coalitie|Alliantie|Naties|Nations|Verenigde|United|Unie|Europese|European|Staat|State)$/u;
const ACRONYM = /^\p{Lu}{2,}$/u;

/** A word that makes a name a body's: `Universiteit`, `Ministry`, `FC`. */
export function isOrganisationWord(word: string): boolean {
  return ORGANISATION.test(word) || ACRONYM.test(word);
}
/** Nouns of origin written before a name: `Fransman`, `Utrechter`, `Gouwenaar`, `Oldenzaler`. */
const DEMONYM = /^\p{Lu}\p{Ll}{3,}(?:er|aar|naar|man|ling|ees|ees)$/u;
/** How many names back a description (`de hoogleraar`) looks for the person it describes. */
const DESCRIPTION_REACH = 400;
/** How far ahead a description looks for the name the article gives it: sentences, and names. */
const AHEAD_SENTENCES = 2;
const AHEAD_NAMES = 12;
/** How far back a pronoun looks for its referent, in sentences. */
const PRONOUN_REACH = 6;
/** How many names back a pronoun looks (bounds the search on a paragraph of names). */
const PRONOUN_NAMES = 40;

interface Subject {
  name: string;
  sentence: number;
  /** Only named somewhere in the sentence (no opening subject, no speaker, no pronoun): a weak focus. */
  weak?: boolean;
}

/** Index of the people an article names. */
export class People {
  readonly mentions: Mention[] = [];
  private readonly persons = new Map<string, Person>();
  private readonly byToken = new Map<string, string[]>();
  private readonly sentenceBase: number[] = [];
  private readonly subjects: Subject[] = [];
  private description?: Subject;
  private firstNamed?: Map<string, number>;
  private readonly fullCache = new Map<string, string>();
  private readonly speakerCache = new Map<string, string>();
  /** Acronyms the article spells out: `ECJ` → `European Court of Justice`. */
  private readonly acronyms = new Map<string, string>();
  /** Names the article writes right after a definite article: `de Britten`, `the Democrats`. */
  private readonly afterArticle = new Set<string>();

  constructor(
    readonly paragraphs: readonly FramedParagraph[],
    readonly reader: Reader,
  ) {
    let base = 0;
    const quoted: Mention[] = [];
    for (const p of paragraphs) {
      this.sentenceBase.push(base);
      base += p.sentences.length;
      // One reading of the paragraph: names in its narration are mentions; inside its quotes they only lend roles.
      let k = 0;
      for (const m of mentionsIn(p, reader, p.text)) {
        while (k < p.quotes.length && (p.quotes[k] as { span: { textEnd: number } }).span.textEnd <= m.start) k++;
        const q = p.quotes[k]?.span;
        if (q && m.start >= q.textStart) quoted.push(m);
        else this.mentions.push(m);
      }
    }
    for (const m of this.mentions) {
      const para = paragraphs[m.paragraph] as FramedParagraph;
      if (/(?:^|\s)(?:de|the)\s+$/iu.test(para.text.slice(Math.max(0, m.start - 5), m.start)))
        this.afterArticle.add(m.name);
      // `Name Of Body (NOB)`: the acronym in brackets right after a name is that name.
      const acronym = /^\s*\((\p{Lu}[\p{Lu}\p{N}&-]{1,9})\)/u.exec(para.text.slice(m.end, m.end + 14))?.[1];
      if (acronym && /\s/u.test(m.name)) this.acronyms.set(acronym, m.name);
      this.register(m);
      // `Donald Trump en Kim Jong-un`: each of a group is named too.
      const members = m.name.split(/\s+(?:en|and|&)\s+/u);
      if (members.length > 1) for (const name of members) this.register({ ...m, name, roles: [] });
    }
    // Roles written inside quotes count too (`van president Trump`): a fact about the person.
    for (const m of quoted) {
      const person = this.persons.get(m.name);
      if (person) for (const r of m.roles) person.roles.add(r);
    }
  }

  private register(m: Mention): void {
    const words = m.name.split(/\s+/u);
    let person = this.persons.get(m.name);
    if (!person) {
      person = {
        name: m.name,
        group: /\s(?:en|and|&)\s/u.test(m.name),
        organisation: words.some((w) => ORGANISATION.test(w) || ACRONYM.test(w)),
        roles: new Set(),
        count: 0,
        spoke: false,
      };
      this.persons.set(m.name, person);
      for (const w of new Set(words.map((x) => x.toLowerCase()))) {
        this.byToken.set(w, [...(this.byToken.get(w) ?? []), m.name]);
      }
    }
    person.count++;
    for (const r of m.roles) person.roles.add(r);
    const lex = this.reader.lex;
    if (m.roles.some((r) => lex.femaleWords.includes(r))) person.gender ??= "f";
    else if (m.roles.some((r) => lex.maleWords.includes(r))) person.gender ??= "m";
  }

  /** `European Court of Justice (ECJ)`: the article's own expansion of an acronym, if it gives one. */
  expansion(name: string): string | undefined {
    return this.acronyms.get(name);
  }

  /**
   * The fullest form the article gives a name: `Huibers` → `Dirk Huibers`, `Kim` → `Kim Jong-un`.
   * Of several, the one the article names most often.
   */
  fullest(name: string): string {
    const cached = this.fullCache.get(name);
    if (cached !== undefined) return cached;
    const words = name.split(/\s+/u);
    const lowerName = name.toLowerCase();
    const last = (words[words.length - 1] as string).toLowerCase();
    const longer = (this.byToken.get(last) ?? []).filter((n) => n.length > name.length && this.isPersonName(n));
    let found = this.mostNamed(longer.filter((n) => n.toLowerCase().endsWith(` ${lowerName}`)));
    // `Kim` for `Kim Jong-un`: a first name.
    if (!found && words.length === 1)
      found = this.mostNamed(longer.filter((n) => n.toLowerCase().startsWith(`${lowerName} `)));
    const out = found ?? name;
    this.fullCache.set(name, out);
    return out;
  }

  /**
   * The name a speaker goes by: its fullest form, and for a name that is no person's
   * (`Utrechter Van Schie`) the person whose surname it ends in (`André van Schie`).
   */
  speakerName(name: string): string {
    const cached = this.speakerCache.get(name);
    if (cached !== undefined) return cached;
    const out = this.findSpeakerName(name);
    this.speakerCache.set(name, out);
    return out;
  }

  private findSpeakerName(name: string): string {
    const full = this.fullest(name);
    const words = full.split(/\s+/u);
    if (words.length < 2) return full;
    const first = words[0] as string;
    const last = (words[words.length - 1] as string).toLowerCase();
    // `Fransman Simon Henry`, `Utrechter Van Schie`: a word of origin before the name.
    const origin = DEMONYM.test(first) && !this.reader.capitalizedAlone.has(first);
    if (!origin && this.isPerson(full)) return full;
    const people = (this.byToken.get(last) ?? []).filter(
      (n) => n !== full && n.toLowerCase().endsWith(` ${last}`) && !n.includes(first) && this.isPerson(n),
    );
    const other = this.mostNamed(people);
    if (other) return other;
    if (origin && words.length >= 3) return full.slice(first.length).trim();
    return full;
  }

  private mostNamed(names: readonly string[]): string | undefined {
    let best: Person | undefined;
    for (const n of names) {
      const p = this.persons.get(n) as Person;
      if (!best || p.count > best.count || (p.count === best.count && p.name.length > best.name.length)) best = p;
    }
    return best?.name;
  }

  /** A name that can be a person's: two to four capitalized words, no organisation word or acronym, not a group. */
  isPersonName(name: string): boolean {
    const p = this.persons.get(name);
    if (p?.organisation || p?.group) return false;
    const n = name.split(/\s+/u).filter((w) => /^\p{Lu}/u.test(w)).length;
    return n >= 2 && n <= 4;
  }

  /**
   * Whether the article treats a name as a person's: it gives a role or title with it, lets it
   * speak, or refers to it by a part of it alone (`Huibers` for `Dirk Huibers`). `Verenigde
   * Naties` is none of these.
   */
  isPerson(name: string): boolean {
    const p = this.persons.get(name);
    if (!p || p.organisation || p.group) return false;
    if (p.roles.size > 0 || p.spoke) return true;
    const words = name.split(/\s+/u);
    if (words.length === 1) {
      const full = this.fullest(name);
      return full !== name && this.isPerson(full);
    }
    const lastWord = words[words.length - 1] as string;
    const firstWord = words[0] as string;
    if (this.persons.has(lastWord) || (this.persons.has(firstWord) && this.fullest(firstWord) === name)) return true;
    // `Van Egten` for `Brigitte van Egten`: the surname with its particles, capitalized as a sentence would.
    const lower = name.toLowerCase();
    return (this.byToken.get(lastWord.toLowerCase()) ?? []).some(
      (n) => n.length < name.length && lower.endsWith(` ${n.toLowerCase()}`),
    );
  }

  /** `Britten`, `Democrats`: one capitalized plural that the article writes after `de`/`the`, never as a subject of its own. */
  isGroupNoun(name: string): boolean {
    if (/\s/u.test(name) || !/(?:en|ers|s)$/u.test(name) || /^\p{Lu}{2,}/u.test(name)) return false;
    const p = this.persons.get(name);
    if (!p || p.spoke || p.roles.size > 0) return false;
    return this.afterArticle.has(name);
  }

  /** The name spoke in the article: it is a person's (or a body's). */
  markSpeaker(name: string): void {
    const p = this.persons.get(name);
    if (p && !p.spoke) {
      p.spoke = true;
      this.speakerCache.clear();
    }
  }

  /** `De Britse premier` right after `Theresa May`: the article gives her that role. */
  addRole(name: string, role: string): void {
    this.persons.get(name)?.roles.add(role.toLowerCase());
    this.speakerCache.clear();
  }

  person(name: string): Person | undefined {
    return this.persons.get(name);
  }

  /** Whether `name` may be pointed at by a pronoun of class `kind`. */
  compatible(name: string, kind: PronounKind): boolean {
    const p = this.persons.get(name);
    const plural = Boolean(p?.group || p?.organisation) || /\s(?:en|and|&)\s/u.test(name);
    // A description (`de woordvoerder`) is not in the index: it was noted as a subject for being a person.
    // A name of two to four words that the text is about (`Jeroen Smit kwam binnen.`) may be pointed at too.
    const person = p ? this.isPerson(name) || this.isPersonName(name) : !plural;
    const gender = p?.gender;
    if (kind === "male") return person && gender !== "f";
    if (kind === "female") return person && gender !== "m";
    if (kind === "plural") return plural;
    return plural || (person && gender !== "m");
  }

  /** The subject of the sentence just before (`paragraph`, `sentence`), if one was noted. */
  previousSubject(paragraph: number, sentence: number): string | undefined {
    const here = (this.sentenceBase[paragraph] ?? 0) + sentence;
    const last = this.subjects[this.subjects.length - 1];
    return last && here - last.sentence === 1 ? last.name : undefined;
  }

  /** A sentence whose subject is a description the article has not tied to a name yet: `De stafchef van X riep …`. */
  noteDescription(head: string, paragraph: number, sentence: number): void {
    this.description = { name: head, sentence: (this.sentenceBase[paragraph] ?? 0) + sentence };
  }

  /** The head of the unnamed description that was the subject of the sentence just before, if one was. */
  describedJustBefore(paragraph: number, sentence: number): string | undefined {
    const here = (this.sentenceBase[paragraph] ?? 0) + sentence;
    return this.description && here - this.description.sentence === 1 ? this.description.name : undefined;
  }

  /** Whether sentence `sentence` of `paragraph` names `name` (in its fullest form) for the first time. */
  firstNamedIn(name: string, paragraph: number, sentence: number): boolean {
    if (!this.firstNamed) {
      this.firstNamed = new Map();
      for (const m of this.mentions) {
        const full = this.fullest(m.name);
        if (!this.firstNamed.has(full)) this.firstNamed.set(full, (this.sentenceBase[m.paragraph] ?? 0) + m.sentence);
      }
    }
    return this.firstNamed.get(name) === (this.sentenceBase[paragraph] ?? 0) + sentence;
  }

  /**
   * The person most recently in focus before sentence `sentence` of `paragraph`, within `reach`
   * sentences and after sentence `since` (both in the article's count): a person the text turned to.
   */
  personInFocus(paragraph: number, sentence: number, reach: number, since: number): string | undefined {
    const here = (this.sentenceBase[paragraph] ?? 0) + sentence;
    for (let i = this.subjects.length - 1; i >= 0; i--) {
      const s = this.subjects[i] as Subject;
      if (s.sentence >= here) continue;
      if (here - s.sentence > reach || s.sentence <= since) return undefined;
      if (!s.weak && this.isPerson(s.name)) return s.name;
    }
    return undefined;
  }

  /** The article-wide index of sentence `sentence` of paragraph `paragraph`. */
  sentenceIndex(paragraph: number, sentence: number): number {
    return (this.sentenceBase[paragraph] ?? 0) + sentence;
  }

  /** `name` is the subject (or the speaker) of sentence `sentence` of paragraph `paragraph`. */
  noteSubject(name: string, paragraph: number, sentence: number, weak = false): void {
    this.subjects.push({ name, sentence: (this.sentenceBase[paragraph] ?? 0) + sentence, ...(weak ? { weak } : {}) });
  }

  /**
   * The person a pronoun in sentence `sentence` of `paragraph` points at: the most recent
   * compatible subject, else the nearest compatible name before it. A referent found teaches the
   * person's gender (`hij` → male), for the pronouns after.
   */
  resolvePronoun(
    kind: PronounKind,
    paragraph: number,
    sentence: number,
    offset: number,
    known = false,
  ): string | undefined {
    const here = (this.sentenceBase[paragraph] ?? 0) + sentence;
    // `antwoordde de vrouw`: a noun of gender first points at a person known to be of it.
    if (known) {
      const want = kind === "male" ? "m" : "f";
      for (let i = this.subjects.length - 1; i >= 0; i--) {
        const s = this.subjects[i] as Subject;
        if (here - s.sentence > PRONOUN_REACH) break;
        if (this.persons.get(s.name)?.gender === want && this.compatible(s.name, kind)) return s.name;
      }
    }
    let found: string | undefined;
    let since = 0;
    for (let i = this.subjects.length - 1; i >= 0 && !found; i--) {
      const s = this.subjects[i] as Subject;
      if (here - s.sentence > PRONOUN_REACH) break;
      if (this.compatible(s.name, kind)) {
        found = s.name;
        since = s.sentence;
      }
    }
    // The names before it: the referent if no subject was, and a rival that makes the gender uncertain.
    let rival = false;
    for (let i = this.lastBefore(paragraph, offset), n = 0; i >= 0 && !rival && n < PRONOUN_NAMES; i--, n++) {
      const m = this.mentions[i] as Mention;
      const at = (this.sentenceBase[m.paragraph] ?? 0) + m.sentence;
      if (here - at > PRONOUN_REACH || (found && at < since)) break;
      const full = this.fullest(m.name);
      if (!this.compatible(full, kind)) continue;
      if (!found) found = full;
      else if (full !== found && this.isPerson(full)) rival = true;
    }
    // `Hij` with two men in reach: the referent is a guess, too weak to teach a gender.
    if (found && !rival) this.learnGender(found, kind);
    return found;
  }

  /** A pronoun that points at `name` for certain teaches its gender. */
  learnGender(name: string, kind: PronounKind): void {
    const p = this.persons.get(name);
    if (!p || p.gender || p.group || p.organisation) return;
    if (kind === "male") p.gender = "m";
    // Dutch `ze` for one person (no group, no body) is a woman.
    if (kind === "female" || kind === "either") p.gender = "f";
  }

  /** The most recent person before a point whose roles include the head of a description. */
  resolveDescription(head: string, paragraph: number, offset: number): string | undefined {
    const h = head.toLowerCase();
    const stop = Math.max(0, this.lastBefore(paragraph, offset) - DESCRIPTION_REACH);
    for (let i = this.lastBefore(paragraph, offset); i >= stop; i--) {
      const m = this.mentions[i] as Mention;
      const full = this.fullest(m.name);
      const roles = [...(this.persons.get(full)?.roles ?? []), ...(this.persons.get(m.name)?.roles ?? [])];
      if (roles.some((r) => r === h || (r.startsWith(h) && r.length - h.length <= 3))) return full;
    }
    return undefined;
  }

  /**
   * `volgens zijn advocaat … Advocaat Umut Ural stond hem bij`: a description the article names
   * right after, the first person named with its head as role in the next sentences.
   */
  describedAhead(head: string, paragraph: number, sentence: number): string | undefined {
    const h = head.toLowerCase();
    const here = (this.sentenceBase[paragraph] ?? 0) + sentence;
    // Mentions are in order: the first after the point by halving, then a few ahead.
    let lo = 0;
    let hi = this.mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.mentions[mid] as Mention;
      if ((this.sentenceBase[m.paragraph] ?? 0) + m.sentence <= here) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < Math.min(this.mentions.length, lo + AHEAD_NAMES); i++) {
      const m = this.mentions[i] as Mention;
      if ((this.sentenceBase[m.paragraph] ?? 0) + m.sentence - here > AHEAD_SENTENCES) break;
      if (m.roles.includes(h)) return this.fullest(m.name);
    }
    return undefined;
  }

  /** The mentions of a paragraph, in order. */
  mentionsIn(paragraph: number): Mention[] {
    const from = this.lastBefore(paragraph, 0) + 1;
    const out: Mention[] = [];
    for (let i = from; i < this.mentions.length && (this.mentions[i] as Mention).paragraph === paragraph; i++) {
      out.push(this.mentions[i] as Mention);
    }
    return out;
  }

  /** The mentions of a sentence. */
  mentionsOf(paragraph: number, sentence: number): Mention[] {
    // Mentions are in order of (paragraph, sentence): the sentence's first one by halving, then its run.
    let lo = 0;
    let hi = this.mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.mentions[mid] as Mention;
      if (m.paragraph < paragraph || (m.paragraph === paragraph && m.sentence < sentence)) lo = mid + 1;
      else hi = mid;
    }
    const out: Mention[] = [];
    for (let i = lo; i < this.mentions.length; i++) {
      const m = this.mentions[i] as Mention;
      if (m.paragraph !== paragraph || m.sentence !== sentence) break;
      out.push(m);
    }
    return out;
  }

  /** Index of the last mention that starts before (`paragraph`, `offset`), by halving. */
  private lastBefore(paragraph: number, offset: number): number {
    let lo = 0;
    let hi = this.mentions.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.mentions[mid] as Mention;
      if (m.paragraph < paragraph || (m.paragraph === paragraph && m.start < offset)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** The class of a pronoun, or undefined for a word that is not one. */
export function pronounKind(word: string, r: Reader): PronounKind | undefined {
  const w = word.toLowerCase();
  const { pronouns: p, objectPronouns: o } = r.lex;
  if (p.male.includes(w) || o.male.includes(w)) return "male";
  if (p.female.includes(w) || o.female.includes(w)) return "female";
  if (p.plural.includes(w) || o.plural.includes(w)) return "plural";
  if (p.either.includes(w)) return "either";
  return undefined;
}

/** The names written in a paragraph's narration (quotes blanked), each with the role words written with it. */
export function mentionsIn(p: FramedParagraph, r: Reader, text = p.masked): Mention[] {
  const out: Mention[] = [];
  const tokens = tokensOf(text, 0, Number.POSITIVE_INFINITY);
  let sentence = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    while (sentence < p.sentences.length - 1 && (p.sentences[sentence] as { end: number }).end <= t.start) sentence++;
    if (!isNameWord(text, t, r)) continue;
    const j = nameRun(text, tokens, i, r);
    const split = splitRun(tokens, i, j, r, text);
    if (split) {
      // Role words and titles of address written with the name count as roles: `Sheriff`, `Dr.`.
      const roles = tokens.slice(i, split.name[0]).map((x) => x.lower.replace(/\.$/u, ""));
      // Role words before the name: `woordvoerder Jolanda Zondag`, `de Duitse natuurgenezer Klaus Ross`.
      for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
        const w = tokens[k] as Token;
        if (!adjacent(text, w, tokens[k + 1] as Token) || !isRole(w, r)) break;
        roles.push(w.lower);
      }
      const start = (tokens[split.name[0]] as Token).start;
      const end = (tokens[split.name[1]] as Token).end;
      // `Alan Petrossian, chief executive of X`: the role words of an appositive.
      const appositive = /^,\s+(?:de |het |een |the |an? )?([\p{Ll}][\p{L} -]*)/u.exec(text.slice(end, end + 60));
      for (const w of tokensOf(appositive?.[1] ?? "", 0, 4)) {
        if (!isRole(w, r)) break;
        roles.push(w.lower);
      }
      out.push({
        name: text.slice(start, end).replace(/['’]s$/u, ""),
        paragraph: p.index,
        start,
        end,
        sentence,
        roles,
      });
    }
    i = j;
  }
  return out;
}
