/**
 * The block-level half of the boilerplate pass: blocks of text that read as furniture whatever
 * their markup. Short blocks that are mostly links (a teaser, "Related: …"), calls to action (read
 * more, sign up, follow us, click here), bylines, date lines, photo credits, advertisement labels,
 * the headline repeated, and headings left with nothing under them. English and Dutch.
 */
import type { Block } from "./blocks.ts";

/** Words of a block; the unit every threshold here counts in. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/** A block at most this long can be furniture by its links or wording; longer ones are prose. */
const SHORT_WORDS = 25;
/** A short block with this share of its text in links to the site is a teaser or a link to elsewhere. */
const TEASER_LINK_DENSITY = 0.5;
/** A block of any length with this share of its text in links to the site is navigation: a menu, a tag cloud. */
const MENU_LINK_DENSITY = 0.8;

interface Rule {
  /** Matched against the start of the block (case-insensitive unless `cased`). */
  start: string;
  /** Longer blocks are prose, whatever they start with. */
  maxWords: number;
  cased?: boolean;
}

/** How furniture begins, English and Dutch: calls to action, labels, credits, bylines, date labels. */
const RULES: Rule[] = [
  // Calls to action and links elsewhere.
  {
    start:
      "(read|see|view|watch|listen|click|tap|continue)( the)? (more|also|full|here|now|next|below|reading|story|on|to)",
    maxWords: 20,
  },
  { start: "(lees|bekijk|kijk|luister|klik)( hier| ook| meer| verder| het| de| mee)", maxWords: 20 },
  {
    start:
      "(sign up|subscribe|register|join|follow|like us|share|download|install|support us|get (the|our|all|breaking|more|unlimited|access))\\b",
    maxWords: 20,
  },
  { start: "(meld je aan|schrijf je in|abonneer|word lid|volg ons|volg \\p{Lu}|deel dit|download de)", maxWords: 20 },
  {
    start: "(this (post|article|story|page) (may )?contains?|this (web)?site uses|we use cookies|skip to)",
    maxWords: 40,
  },
  // Labels: "Related: …", "SEE ALSO |", "Lees ook:".
  {
    start:
      "(related|recommended|trending|popular|more|also|see also|read also|read more|don'?t miss|must read|editor'?s picks?|watch|video|listen|photos?|gallery)( (stories|articles|coverage|news|reading|content|from \\S+|on \\S+))?\\s*[:|]",
    maxWords: SHORT_WORDS,
  },
  {
    start: "(meer over|lees ook|lees meer|zie ook|ook interessant|gerelateerd|aanbevolen|uitgelicht)\\b",
    maxWords: SHORT_WORDS,
  },
  {
    start:
      "(advertisement|advertising|advert|sponsored( content)?|paid content|partner content|advertentie|gesponsord)\\s*$",
    maxWords: 3,
  },
  { start: "(advertisement|sponsored|advertentie)\\s*[:|]", maxWords: 15 },
  // Credits and captions' labels.
  {
    start:
      "(image|photo|picture|video|media|illustration|graphic|foto|beeld|afbeelding|illustratie)s?( (copyright|caption|credit|source|by))?\\s*[:(©]",
    maxWords: 15,
  },
  { start: "(image|photo|picture|caption)s? (copyright|caption|credit)", maxWords: 25 },
  { start: "(copyright|©|\\(c\\))", maxWords: 25 },
  { start: "(source|sources|bron|bronnen)\\s*:", maxWords: 8 },
  // Bylines: "By Jane Doe", "Door Jan de Vries", with the name capitalised.
  {
    start:
      "(by|By|BY|written by|Written by|reporting by|Reporting by|words by|Words by|story by|Story by|text by|Text by|door|Door|DOOR|tekst|Tekst)\\s*:?\\s+\\p{Lu}",
    maxWords: 12,
    cased: true,
  },
  // Date labels: "Updated 9:41 AM", "Gepubliceerd op 3 mei".
  {
    start:
      "(posted|published|updated|last updated|first published|modified|geplaatst|gepubliceerd|bijgewerkt|aangepast|laatst bijgewerkt)\\b.*\\d",
    maxWords: 12,
  },
  // Single controls.
  {
    start:
      "(share|share this|tweet|e-?mail|print|comments?|reply|close|menu|caption|next|previous|back to top|delen|reacties?|sluiten)\\s*$",
    maxWords: 3,
  },
];

const COMPILED = RULES.map((r) => ({
  re: new RegExp(`^\\W*(?:${r.start})`, r.cased ? "u" : "iu"),
  maxWords: r.maxWords,
}));

/** A block mentioning newsletters, cookies or apps in a few words is a box about the site, not the story. */
const ABOUT_THE_SITE =
  /\b(newsletters?|nieuwsbrief|cookies?|our app|the app|onze app|de app|inbox|podcast|subscribe|abonnee|premium|sign up|log in|inloggen)\b/iu;

const MONTHS =
  "jan(uary|uari)?|feb(ruary|ruari)?|mar(ch)?|maart|apr(il)?|may|mei|june?|juni|july?|juli|aug(ust|ustus)?|sep(t|tember)?|oct(ober)?|okt(ober)?|nov(ember)?|dec(ember)?";
const DAYS =
  "mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo";
const CALENDAR_WORD = new RegExp(`^(${MONTHS}|${DAYS})$`, "i");
/** Words a date line may hold besides its date: clock words, zones, "ago", ordinals, numbers. */
const DATE_FILLER =
  /^(am|pm|a|p|m|est|edt|cst|cdt|mst|mdt|pst|pdt|gmt|utc|bst|cet|cest|et|ct|pt|uur|om|at|on|op|of|the|den|de|het|ago|geleden|hours?|minutes?|mins?|days?|weeks?|minuten|dagen|weken|\d+(st|nd|rd|th|e)?)$/i;
/** A clock time (`9:41`, `20.15 uur`) or a numeric date (`11/18/19`, `2019-11-18`). */
const CLOCK_OR_DATE = /\b\d{1,2}[:.]\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/;

/** A block that is a date, a time, or both, with at most a label ("Updated", "Posted") around it. */
function isDateLine(block: Block): boolean {
  if (block.kind === "cell") return false;
  const words = block.text.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0 || words.length > 14 || !/\d/.test(block.text)) return false;
  const calendar = words.some((w) => CALENDAR_WORD.test(w)) || CLOCK_OR_DATE.test(block.text);
  if (calendar && words.filter((w) => !CALENDAR_WORD.test(w) && !DATE_FILLER.test(w)).length <= 2) return true;
  // In any language: a year and a clock time in a few words that do not end like a sentence.
  return words.length <= 10 && YEAR.test(block.text) && CLOCK.test(block.text) && !/[.!?]$/.test(block.text);
}

const YEAR = /\b(19|20)\d{2}\b/;
const CLOCK = /\b\d{1,2}[:.h]\d{2}\b/;

/** Is this short block furniture by its wording or its links? */
export function isFurnitureText(block: Block): boolean {
  const words = countWords(block.text);
  if (words === 0) return true;
  if (block.kind !== "heading" && block.internalLinkChars / block.text.length >= MENU_LINK_DENSITY) return true;
  if (words > 40) return false;
  if (
    words <= SHORT_WORDS &&
    block.kind !== "heading" &&
    block.internalLinkChars / block.text.length >= TEASER_LINK_DENSITY
  ) {
    return true;
  }
  if (COMPILED.some((r) => words <= r.maxWords && r.re.test(block.text))) return true;
  if (isDateLine(block)) return true;
  return words <= 15 && ABOUT_THE_SITE.test(block.text);
}

/** The article's blocks without furniture: see the module comment. */
export function filterBlocks(blocks: readonly Block[], title?: string): Block[] {
  const heading = title ? normalize(title) : undefined;
  const kept = blocks.filter((b) => !isFurnitureText(b) && !(heading && isHeadline(b, heading)));
  // A heading with nothing under it (the end, or a heading of its own rank or above next) headed
  // something removed: a related-links list, a newsletter box.
  return kept.filter((b, i) => {
    if (b.kind !== "heading") return true;
    const next = kept[i + 1];
    return next !== undefined && (next.kind !== "heading" || rank(next) > rank(b));
  });
}

/** Is this block the headline again: the title, or a heading the title starts with ("… - Site name")? */
function isHeadline(block: Block, title: string): boolean {
  const text = normalize(block.text);
  if (text === title) return true;
  return block.kind === "heading" && countWords(text) >= 3 && title.startsWith(`${text} `);
}

/** A heading's level: 1 for `<h1>` … 6 for `<h6>`. */
function rank(block: Block): number {
  return Number(block.el.tagName.slice(1)) || 6;
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
