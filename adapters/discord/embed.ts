import type { APIEmbed, APIEmbedField } from "discord.js";
import { type CardLabels, labelsFor, moreLine } from "../../src/labels.ts";
import type { Briefing, BriefingCard, Quote } from "../../src/schemas.ts";

/** Discord's embed and message limits (discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** All embeds of one message together. */
  totalCharacters: 6000,
  embedsPerMessage: 10,
  content: 2000,
} as const;

/** Blurple-free neutral accent, one per language so a channel can tell them apart at a glance. */
const COLORS = { nl: 0xff7a00, en: 0x2b6cb0 } as const;

/** Every character Discord's markdown gives a meaning to, mentions' `<` included. */
const MARKDOWN = /[\\*_~`|<>#[\]()-]/g;

/**
 * Make untrusted text inert in Discord markdown: every markdown character is escaped with a
 * backslash (Discord shows the character, not the backslash), so `*bold*`, `||spoiler||`,
 * `[masked](links)`, headings, quotes and `<@…>` stay text. Mentions are also defused by
 * `allowedMentions: { parse: [] }` on every message; `@everyone` gets a zero-width joiner so that
 * even a client that ignores allowed_mentions shows it as text. (discord.js's `escapeMarkdown`
 * does the same more selectively at 40 µs a string, 180 times slower: too slow for the
 * interaction path, measured in docs/BENCHMARKS.md.)
 */
export function inertDiscord(text: string): string {
  return text
    .replace(MARKDOWN, "\\$&")
    .replace(/^(\s*\d+)\./gm, "$1\\.")
    .replace(/@(everyone|here)/g, "@\u200d$1");
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/\\$/, "").trimEnd()}…`;
}

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function quoteField(q: Quote, l: CardLabels): APIEmbedField | undefined {
  const name = clip(
    inertDiscord([q.speaker ?? l.unknown, q.role].filter(Boolean).join(", ")),
    DISCORD_LIMITS.fieldName,
  );
  const value = `“${inertDiscord(q.text)}”`;
  // A quote that does not fit a field is left to the thread, whole, rather than cut.
  return value.length <= DISCORD_LIMITS.fieldValue ? { name, value } : undefined;
}

/**
 * A card as one embed: headline, TL;DR and points, figures, names, optionally quotes, and a footer
 * with date, source and reading time. Too big for Discord's limits, it drops names, then figures,
 * then quotes (whole: they stay in the thread), then its last points; a quote is never cut.
 *
 * @example
 * await channel.send({ embeds: [cardToDiscordEmbed(card)], allowedMentions: { parse: [] } });
 */
export function cardToDiscordEmbed(card: BriefingCard, options: { quotes?: boolean } = {}): APIEmbed {
  const l = labelsFor(card.lang);
  let points = card.points.map((p) => `• ${inertDiscord(p)}`);
  const tldr = `**TL;DR** ${inertDiscord(card.tldr)}`;
  const quoteFields = options.quotes
    ? card.quotes.map((q) => quoteField(q, l)).filter((f): f is APIEmbedField => Boolean(f))
    : [];
  let figures =
    card.figures.length > 0
      ? clip(
          card.figures
            .map((f) => `**${inertDiscord(f.value)}**${f.about ? ` ${inertDiscord(f.about)}` : ""}`)
            .join("\n"),
          DISCORD_LIMITS.fieldValue,
        )
      : undefined;
  let names =
    card.names.length > 0 ? clip(card.names.map(inertDiscord).join(" · "), DISCORD_LIMITS.fieldValue) : undefined;
  let quotes = quoteFields;
  const footer = clip(
    [card.date, card.source, card.lang, `${card.readingMinutes} ${l.min}`].filter(Boolean).join(" · "),
    DISCORD_LIMITS.footer,
  );

  const build = (): APIEmbed => {
    let description = [tldr, points.length > 0 ? `\n**${l.points}**\n${points.join("\n")}` : ""].join("\n").trim();
    while (description.length > DISCORD_LIMITS.description && points.length > 1) {
      points = points.slice(0, -1);
      description = `${tldr}\n\n**${l.points}**\n${points.join("\n")}`;
    }
    const fields: APIEmbedField[] = [
      ...(figures ? [{ name: l.figures, value: figures }] : []),
      ...quotes,
      ...(names ? [{ name: l.names, value: names }] : []),
    ].slice(0, DISCORD_LIMITS.fields);
    return {
      title: clip(inertDiscord(card.headline), DISCORD_LIMITS.title),
      ...(card.url && /^https?:\/\//.test(card.url) ? { url: card.url } : {}),
      description: clip(description, DISCORD_LIMITS.description),
      color: card.lang === "nl" ? COLORS.nl : COLORS.en,
      ...(fields.length > 0 ? { fields } : {}),
      footer: { text: footer },
    };
  };

  let embed = build();
  const tooBig = () =>
    embedSize(embed) > DISCORD_LIMITS.totalCharacters || (embed.fields?.length ?? 0) > DISCORD_LIMITS.fields;
  if (tooBig()) names = undefined;
  embed = build();
  if (tooBig()) figures = undefined;
  embed = build();
  while (tooBig() && quotes.length > 0) {
    quotes = quotes.slice(0, -1);
    embed = build();
  }
  while (embedSize(embed) > DISCORD_LIMITS.totalCharacters && points.length > 1) {
    points = points.slice(0, -1);
    embed = build();
  }
  return embed;
}

/**
 * A briefing as one message of embeds: one compact embed per card (headline, TL;DR, points), as
 * many cards as fit Discord's 10 embeds and 6,000 characters, later points giving way first; the
 * articles beyond them named in the last footer. A card posted on its own (`kind: "card"`) is the
 * card's embed.
 */
export function briefingToDiscordEmbeds(briefing: Briefing): APIEmbed[] {
  const lone = briefing.kind === "card" ? briefing.cards[0] : undefined;
  if (lone) return [cardToDiscordEmbed(lone)];
  const embeds = briefingEmbeds(briefing);
  const last = embeds.at(-1);
  if (briefing.more && last) {
    const lang = briefing.cards[0]?.lang ?? "en";
    const more = inertDiscord(moreLine(lang, briefing.more, briefing.topic, "discord"));
    const footer = last.footer?.text ? `${last.footer.text} · ${more}` : more;
    last.footer = { text: clip(footer, DISCORD_LIMITS.footer) };
  }
  return embeds;
}

function briefingEmbeds(briefing: Briefing): APIEmbed[] {
  const lang = briefing.cards[0]?.lang ?? "en";
  if (briefing.cards.length === 0) {
    return [{ title: clip(inertDiscord(briefing.title), DISCORD_LIMITS.title), description: labelsFor(lang).none }];
  }
  const budget = Math.floor(
    DISCORD_LIMITS.totalCharacters / Math.min(briefing.cards.length, DISCORD_LIMITS.embedsPerMessage),
  );
  return briefing.cards.slice(0, DISCORD_LIMITS.embedsPerMessage).map((card, i) => {
    const full = cardToDiscordEmbed(card);
    const compact: APIEmbed = {
      ...(i === 0 ? { author: { name: clip(inertDiscord(briefing.title), 256) } } : {}),
      title: full.title,
      ...(full.url ? { url: full.url } : {}),
      description: full.description,
      color: full.color,
      footer: full.footer,
    };
    let description = compact.description ?? "";
    while (embedSize({ ...compact, description }) > budget && description.includes("\n")) {
      description = description.slice(0, description.lastIndexOf("\n"));
    }
    return {
      ...compact,
      description: clip(description, Math.max(1, budget - embedSize({ ...compact, description: "" }))),
    };
  });
}

/**
 * The thread under a posted card: each quote with its speaker, as plain messages of at most 2,000
 * characters; a longer quote runs over several messages, never cut.
 */
export function quotesToDiscordMessages(cards: readonly BriefingCard[]): string[] {
  const lines: string[] = [];
  for (const card of cards) {
    const l = labelsFor(card.lang);
    for (const q of card.quotes) {
      const who = inertDiscord([q.speaker ?? l.unknown, q.role].filter(Boolean).join(", "));
      lines.push(`“${inertDiscord(q.text)}” — **${who}**`);
    }
  }
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + 2 + line.length <= DISCORD_LIMITS.content) {
      current += `\n\n${line}`;
      continue;
    }
    if (current) messages.push(current);
    current = "";
    let rest = line;
    while (rest.length > DISCORD_LIMITS.content) {
      let at = rest.lastIndexOf(" ", DISCORD_LIMITS.content);
      if (at < DISCORD_LIMITS.content / 2) at = DISCORD_LIMITS.content;
      // Never split an escape (`\*`) from what it escapes.
      if (rest[at - 1] === "\\") at--;
      messages.push(rest.slice(0, at));
      rest = rest.slice(at).replace(/^ /, "");
    }
    current = rest;
  }
  if (current) messages.push(current);
  return messages;
}
