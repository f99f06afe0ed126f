import { raw } from "hono/html";
import { labelsFor, quoteThreadName } from "../../../src/labels.ts";
import type { BriefingCard } from "../../../src/schemas.ts";
import { inert } from "../../../src/terminal.ts";
import { renderCardText } from "../../console/render.ts";
import { cardToDiscordEmbed, quotesToDiscordMessages } from "../../discord/embed.ts";
import { cardToSlackBlocks, quotesToSlackMessages } from "../../slack/blocks.ts";
import { DiscordView } from "./discord.tsx";
import { SlackView } from "./slack.tsx";
import { type Segment, type Span, segmentText } from "./spans.ts";

/** The terminal's width the card is wrapped to: what fits a third of a wide screen. */
export const TERMINAL_COLUMNS = 60;

/** The card as the terminal prints it (`brief`, the console publisher), colour off and any escape stripped. */
export function TerminalView(props: { card: BriefingCard }) {
  return (
    <section class="platform terminal" aria-label="Terminal">
      <h3 class="platform-name">Terminal</h3>
      <pre class="term">{inert(renderCardText(props.card, { color: false, width: TERMINAL_COLUMNS }))}</pre>
    </section>
  );
}

/** Where a card's Slack rendering links to open its payload in Block Kit Builder (the console redirects). */
export const builderPath = (articleId: string) => `/cards/${encodeURIComponent(articleId)}/block-kit-builder`;

/**
 * A card three ways, side by side, from the payloads the adapters send when a card is posted on
 * its own: Slack's blocks with the quote thread, Discord's embed with its thread, the terminal.
 */
export function CardRenderings(props: { card: BriefingCard }) {
  const { card } = props;
  return (
    <div class="renderings">
      <SlackView
        message={cardToSlackBlocks(card)}
        thread={quotesToSlackMessages([card])}
        builder={builderPath(card.articleId)}
      />
      <DiscordView
        embeds={[cardToDiscordEmbed(card)]}
        thread={quotesToDiscordMessages([card])}
        threadName={quoteThreadName(card)}
      />
      <TerminalView card={card} />
    </div>
  );
}

/** Cards drawn lately, by revision (about 6 KB each: 4,000 are some 25 MB): a card changes only when it is rebuilt, and drawing one costs far more than finding it. */
const drawn = new Map<string, Buffer>();
const DRAWN_MAX = 4_000;

/**
 * {@link CardRenderings} as UTF-8 HTML, drawn once per card revision (its content when none is
 * given) and then reused, least recently used first out. The bytes are what hono/jsx made,
 * escapes and all.
 */
export function drawnCard(card: BriefingCard, revision?: string): Buffer {
  const key = revision ?? JSON.stringify(card);
  let html = drawn.get(key);
  if (html === undefined) {
    html = Buffer.from(String(<CardRenderings card={card} />));
    if (drawn.size >= DRAWN_MAX) drawn.delete(drawn.keys().next().value as string);
  } else drawn.delete(key);
  drawn.set(key, html);
  return html;
}

/**
 * Where a page takes a drawn card: a comment no article text can make (text is escaped, so `<`
 * never comes from it), replaced by the card's bytes when the page is assembled.
 */
export function CardSlot(props: { index: number }) {
  return raw(`<!--card-slot-${props.index}-->`);
}

const SLOT = /<!--card-slot-(\d+)-->/;

/** A page with its card slots filled: the page's own HTML encoded once, each card's bytes as they are. */
export function assemblePage(html: string, cards: readonly Buffer[]): Uint8Array<ArrayBuffer> {
  const parts = html.split(SLOT);
  const page = Buffer.concat(
    parts.map((p, i) => (i % 2 === 1 ? (cards[Number(p)] ?? Buffer.alloc(0)) : Buffer.from(p))),
  );
  // Buffer.concat allocates a fresh ArrayBuffer, never a shared one.
  return page as Uint8Array<ArrayBuffer>;
}

/** Every quote, figure and point of a card, each a link to its span in the article text. */
export function SpanList(props: { card: BriefingCard; spans: readonly Span[]; base?: string }) {
  const found = new Set(props.spans.map((s) => s.id));
  const l = labelsFor(props.card.lang);
  const link = (id: string, text: string) =>
    found.has(id) ? (
      <a class="span-link" href={`${props.base ?? ""}#${id}`} data-span={id}>
        {text}
      </a>
    ) : (
      <span class="span-missing" title="not found in the stored text">
        {text}
      </span>
    );
  return (
    <div class="span-list">
      {props.card.quotes.length > 0 ? <h4>{l.quotes}</h4> : null}
      <ol>
        {props.card.quotes.map((q, i) => (
          <li>
            {link(`q${i}`, `“${q.text}”`)}{" "}
            <span class="who">— {[q.speaker ?? l.unknown, q.role].filter(Boolean).join(", ")}</span>
          </li>
        ))}
      </ol>
      {props.card.figures.length > 0 ? <h4>{l.figures}</h4> : null}
      <ul>
        {props.card.figures.map((f, i) => (
          <li>
            {link(`f${i}v`, f.value)} {f.about ? link(`f${i}a`, f.about) : null}
          </li>
        ))}
      </ul>
      {props.card.points.length > 0 ? <h4>{l.points}</h4> : null}
      <ul>
        {props.card.points.map((p, i) => (
          <li>{link(`p${i}`, p)}</li>
        ))}
      </ul>
    </div>
  );
}

function SegmentView(props: { segment: Segment; kinds: Map<string, Span["kind"]> }) {
  const { segment } = props;
  if (segment.spans.length === 0) return <>{segment.text}</>;
  const kinds = new Set(segment.spans.map((id) => props.kinds.get(id)));
  const cls = ["span", ...[...kinds].map((k) => `span-${k}`)].join(" ");
  return (
    <>
      {segment.starts.map((id) => (
        <span class="span-anchor" id={id} />
      ))}
      <mark class={cls} data-spans={segment.spans.join(" ")}>
        {segment.text}
      </mark>
    </>
  );
}

/** The article's stored text, paragraph by paragraph, every span of the card marked where it lies. */
export function ArticleText(props: { paragraphs: readonly string[]; spans: readonly Span[] }) {
  const text = props.paragraphs.join("\n\n");
  const kinds = new Map(props.spans.map((s) => [s.id, s.kind]));
  const segments = segmentText(text, props.spans);
  return (
    <div class="article-text">
      {segments.map((s) => (
        <SegmentView segment={s} kinds={kinds} />
      ))}
    </div>
  );
}
