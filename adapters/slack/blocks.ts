import { type CardLabels, labelsFor, moreLine } from "../../src/labels.ts";
import type { Briefing, BriefingCard, Quote } from "../../src/schemas.ts";

/** Block Kit's limits (api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  contextElements: 10,
  contextText: 3000,
  blocksPerMessage: 50,
  /** The notification text: Slack truncates past 40,000; we keep it short. */
  fallbackText: 3000,
  buttonValue: 2000,
} as const;

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  blocks: SlackBlock[];
  /** Plain fallback for notifications and clients without blocks. */
  text: string;
}

/**
 * Make untrusted text inert for Slack: `&`, `<` and `>` escaped, so `<!channel>`, `<!here>` and
 * `<@U…>` show as text and never ping; used with `plain_text` objects (no mrkdwn at all) or
 * `verbatim` mrkdwn, so `*bold*`, `_x_` and links in an article cannot restyle the card.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const plain = (text: string) => ({ type: "plain_text", text, emoji: false });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text, verbatim: true });

/** Cut text to `max` characters at a word boundary, with an ellipsis: for our own labels and headlines only. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  // Never leave half an escape such as `&am`.
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/&[a-z#0-9]*$/, "").trimEnd()}…`;
}

/**
 * Split escaped text into chunks that each fit a section, at spaces where possible: how a quote
 * too long for one block is shown whole, never cut.
 */
function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf(" ", max);
    if (at < max / 2) at = max;
    // Never split an escape such as `&amp;`.
    const amp = rest.lastIndexOf("&", at);
    if (amp > at - 5 && rest.indexOf(";", amp) >= at) at = amp;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, "");
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

interface Part {
  /** Higher stays longer when the message is too big. */
  priority: number;
  blocks: SlackBlock[];
}

function quoteText(q: Quote, l: CardLabels): string {
  const who = [q.speaker ?? l.unknown, q.role].filter(Boolean).join(", ");
  return `“${escapeSlack(q.text)}” — ${escapeSlack(who)}`;
}

/** A quote as one or more sections: whole, however long. */
export function quoteBlocks(q: Quote, lang: string): SlackBlock[] {
  return chunks(quoteText(q, labelsFor(lang)), SLACK_LIMITS.sectionText).map((t) => ({
    type: "section",
    text: plain(t),
  }));
}

function cardParts(card: BriefingCard, options: { quotes: boolean }): Part[] {
  const l = labelsFor(card.lang);
  const meta = [card.date, card.source, card.lang, `${card.readingMinutes} ${l.min}`]
    .filter(Boolean)
    .map((m) => escapeSlack(String(m)));
  // In `<url|text>` a `|` or `>` in the URL would end it early: percent-encode them.
  const link =
    card.url && /^https?:\/\//.test(card.url) ? ` · <${escapeSlack(card.url.replace(/\|/g, "%7C"))}|link>` : "";
  const parts: Part[] = [
    {
      priority: 100,
      blocks: [
        { type: "header", text: plain(clip(escapeSlack(card.headline), SLACK_LIMITS.headerText)) },
        { type: "context", elements: [mrkdwn(clip(`${meta.join(" · ")}${link}`, SLACK_LIMITS.contextText))] },
        ...chunks(`${l.tldr}: ${escapeSlack(card.tldr)}`, SLACK_LIMITS.sectionText).map((t) => ({
          type: "section",
          text: plain(t),
        })),
      ],
    },
  ];
  card.points.forEach((p, i) => {
    parts.push({
      // The first points matter most; later ones go first when space runs out.
      priority: 60 - i,
      blocks: chunks(`• ${escapeSlack(p)}`, SLACK_LIMITS.sectionText).map((t) => ({ type: "section", text: plain(t) })),
    });
  });
  if (options.quotes) {
    for (const q of card.quotes) parts.push({ priority: 90, blocks: quoteBlocks(q, card.lang) });
  }
  if (card.figures.length > 0) {
    const text = card.figures
      .map((f) => `${escapeSlack(f.value)}${f.about ? ` — ${escapeSlack(f.about)}` : ""}`)
      .join("\n");
    parts.push({
      priority: 30,
      blocks: chunks(`${l.figures}:\n${text}`, SLACK_LIMITS.sectionText).map((t) => ({
        type: "section",
        text: plain(t),
      })),
    });
  }
  if (card.names.length > 0) {
    parts.push({
      priority: 20,
      blocks: [
        {
          type: "context",
          elements: [plain(clip(`${l.names}: ${card.names.map(escapeSlack).join(" · ")}`, SLACK_LIMITS.contextText))],
        },
      ],
    });
  }
  return parts;
}

/** Drop the lowest-priority parts until the blocks fit one message; order is kept. */
function assemble(parts: Part[], reserve = 0): SlackBlock[] {
  const kept = [...parts];
  const count = () => kept.reduce((n, p) => n + p.blocks.length, 0) + reserve;
  while (count() > SLACK_LIMITS.blocksPerMessage && kept.length > 1) {
    let lowest = 0;
    kept.forEach((p, i) => {
      if (p.priority < (kept[lowest] as Part).priority) lowest = i;
    });
    kept.splice(lowest, 1);
  }
  return kept.flatMap((p) => p.blocks).slice(0, SLACK_LIMITS.blocksPerMessage - reserve);
}

/**
 * A card as Block Kit: header, meta, TL;DR, points, figures, names (and its quotes, for an answer
 * that has no thread). A card too big drops names, then figures, then its last points; a quote is
 * never cut, only split over sections.
 *
 * @example
 * const { blocks, text } = cardToSlackBlocks(card, { quotes: true, postButton: card.articleId });
 */
export function cardToSlackBlocks(
  card: BriefingCard,
  options: { quotes?: boolean; postButton?: string } = {},
): SlackMessage {
  const l = labelsFor(card.lang);
  const button = options.postButton
    ? [
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "brief_post",
              text: plain(l.post),
              value: options.postButton.slice(0, SLACK_LIMITS.buttonValue),
            },
          ],
        },
      ]
    : [];
  const blocks = [...assemble(cardParts(card, { quotes: Boolean(options.quotes) }), button.length), ...button];
  return { blocks, text: fallbackText(card) };
}

/**
 * A `/brief` answer: several cards in one message, each with its quotes and a button that posts
 * it to the channel. Cards later in the answer give way first when the blocks run out.
 */
export function cardsToSlackAnswer(cards: readonly BriefingCard[]): SlackMessage {
  const parts: Part[] = [];
  cards.forEach((card, i) => {
    const l = labelsFor(card.lang);
    const own = cardParts(card, { quotes: true }).map((p) => ({ priority: p.priority - i * 100, blocks: p.blocks }));
    if (i > 0) own.unshift({ priority: 100 - i * 100, blocks: [{ type: "divider" }] });
    own.push({
      priority: 100 - i * 100,
      blocks: [
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "brief_post",
              text: plain(l.post),
              value: card.articleId.slice(0, SLACK_LIMITS.buttonValue),
            },
          ],
        },
      ],
    });
    parts.push(...own);
  });
  return { blocks: assemble(parts), text: clip(cards.map(fallbackText).join("\n"), SLACK_LIMITS.fallbackText) };
}

/**
 * A briefing as one message: a header, then each card in brief (headline, TL;DR, points), and a
 * line naming the articles beyond them. A card posted on its own (`kind: "card"`) is the card.
 */
export function briefingToSlackBlocks(briefing: Briefing): SlackMessage {
  const lone = briefing.kind === "card" ? briefing.cards[0] : undefined;
  if (lone) return cardToSlackBlocks(lone);
  const lang = briefing.cards[0]?.lang ?? "en";
  const l = labelsFor(lang);
  const parts: Part[] = [
    {
      priority: 200,
      blocks: [
        { type: "header", text: plain(clip(escapeSlack(briefing.title), SLACK_LIMITS.headerText)) },
        { type: "context", elements: [plain(`${briefing.cards.length} ${l.cards}`)] },
      ],
    },
  ];
  briefing.cards.forEach((card, i) => {
    const cl = labelsFor(card.lang);
    parts.push({
      priority: 150 - i,
      blocks: [
        { type: "divider" },
        {
          type: "section",
          text: plain(
            clip(`${escapeSlack(card.headline)}\n${cl.tldr}: ${escapeSlack(card.tldr)}`, SLACK_LIMITS.sectionText),
          ),
        },
      ],
    });
    parts.push({
      priority: 50 - i,
      blocks: chunks(card.points.map((p) => `• ${escapeSlack(p)}`).join("\n"), SLACK_LIMITS.sectionText).map((t) => ({
        type: "section",
        text: plain(t),
      })),
    });
  });
  if (briefing.cards.length === 0) parts.push({ priority: 100, blocks: [{ type: "section", text: plain(l.none) }] });
  if (briefing.more)
    parts.push({
      priority: 190,
      blocks: [
        { type: "context", elements: [plain(escapeSlack(moreLine(lang, briefing.more, briefing.topic, "slack")))] },
      ],
    });
  const text = clip(
    `${escapeSlack(briefing.title)}: ${briefing.cards.map((c) => escapeSlack(c.headline)).join(" · ")}`,
    SLACK_LIMITS.fallbackText,
  );
  return { blocks: assemble(parts), text };
}

/**
 * The thread reply under a posted card or briefing: every quote with its speaker. Quotes are never
 * cut; when they need more than one message's blocks, the reply is several messages.
 */
export function quotesToSlackMessages(cards: readonly BriefingCard[]): SlackMessage[] {
  const blocks: SlackBlock[] = [];
  for (const card of cards) {
    if (card.quotes.length === 0) continue;
    const l = labelsFor(card.lang);
    blocks.push({
      type: "context",
      elements: [plain(clip(`${l.quotes} · ${escapeSlack(card.headline)}`, SLACK_LIMITS.contextText))],
    });
    for (const q of card.quotes) blocks.push(...quoteBlocks(q, card.lang));
  }
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += SLACK_LIMITS.blocksPerMessage) {
    const page = blocks.slice(i, i + SLACK_LIMITS.blocksPerMessage);
    messages.push({ blocks: page, text: clip(page.map(blockText).join("\n"), SLACK_LIMITS.fallbackText) });
  }
  return messages;
}

function fallbackText(card: BriefingCard): string {
  return clip(`${escapeSlack(card.headline)} — ${escapeSlack(card.tldr)}`, SLACK_LIMITS.fallbackText);
}

function blockText(block: SlackBlock): string {
  const text = (block.text as { text?: string } | undefined)?.text;
  if (text) return text;
  const elements = block.elements as Array<{ text?: string }> | undefined;
  return elements?.map((e) => e.text ?? "").join(" ") ?? "";
}
