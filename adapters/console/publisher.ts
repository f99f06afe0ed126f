import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { MessageRef, Publisher } from "../../src/delivery/port.ts";
import { moreLine } from "../../src/labels.ts";
import type { Briefing, BriefingCard, Destination } from "../../src/schemas.ts";
import { inert, renderCardText } from "./render.ts";

export const CONSOLE_PLATFORM = "console";

/** One line of the transcript: a briefing printed, or its quotes. */
interface TranscriptEntry {
  deliveryId?: string;
  ref?: MessageRef;
  replied?: string;
}

export interface ConsolePublisherOptions {
  write: (text: string) => void;
  /** One JSON line per delivered briefing instead of terminal text. */
  json?: boolean;
  color?: boolean;
  width?: number;
  /**
   * A transcript of what was posted (JSON lines), so that a restart can tell a briefing it printed
   * before a crash from one it never did. Without it, `find` knows only this process's posts.
   */
  transcript?: string;
}

/**
 * The embedded default publisher: briefings on standard output, quotes as an indented thread.
 *
 * @example
 * const console = createConsolePublisher({ write: (t) => process.stdout.write(t), json: true });
 */
export function createConsolePublisher(options: ConsolePublisherOptions): Publisher {
  const posted = new Map<string, MessageRef>();
  const style = { color: options.color ?? false, width: options.width };
  let counter = 0;

  const replied = new Set<string>();
  /** The first transcript entry that `match`es; a line cut short by a crash is no entry. */
  const inTranscript = (match: (entry: TranscriptEntry) => boolean): TranscriptEntry | undefined => {
    if (!options.transcript || !existsSync(options.transcript)) return undefined;
    for (const line of readFileSync(options.transcript, "utf8").split("\n")) {
      try {
        const entry = JSON.parse(line) as TranscriptEntry;
        if (match(entry)) return entry;
      } catch {
        // Cut short: the post it would name did not complete either.
      }
    }
    return undefined;
  };

  const remember = (deliveryId: string, ref: MessageRef) => {
    posted.set(deliveryId, ref);
    if (options.transcript) appendFileSync(options.transcript, `${JSON.stringify({ deliveryId, ref })}\n`);
  };

  return {
    platform: CONSOLE_PLATFORM,
    limits: { concurrency: 1 },
    async publish(destination: Destination, briefing: Briefing, deliveryId: string) {
      const ref: MessageRef = { platform: "console", channel: destination.channel, id: `${Date.now()}.${++counter}` };
      if (options.json) {
        options.write(
          `${JSON.stringify({ type: "briefing", destination: destinationName(destination), deliveryId, messageRef: ref, articles: briefing.articles ?? [], briefing })}\n`,
        );
      } else {
        options.write(renderBriefingText(briefing, destination, style));
      }
      remember(deliveryId, ref);
      return ref;
    },
    async reply(_ref: MessageRef, cards: readonly BriefingCard[], deliveryId: string) {
      // In JSON mode the briefing's line carries its cards, quotes included: one line per briefing.
      if (options.json) return;
      // Once per delivery, also across a restart: the transcript says whether the quotes went out.
      if (replied.has(deliveryId) || inTranscript((e) => e.replied === deliveryId)) return;
      const lines = cards.flatMap((c) =>
        c.quotes.map((q) => `  ↳ “${inert(q.text)}” — ${inert([q.speaker ?? "?", q.role].filter(Boolean).join(", "))}`),
      );
      options.write(`${lines.join("\n")}\n`);
      replied.add(deliveryId);
      if (options.transcript) appendFileSync(options.transcript, `${JSON.stringify({ replied: deliveryId })}\n`);
    },
    async find(_destination: Destination, deliveryId: string) {
      return posted.get(deliveryId) ?? inTranscript((e) => e.deliveryId === deliveryId)?.ref;
    },
  };
}

function destinationName(d: Destination): string {
  return d.channel === "default" ? "console" : `console:${d.channel}`;
}

/** A briefing as terminal text: a title line, then each card. */
export function renderBriefingText(
  briefing: Briefing,
  destination: Destination,
  style: { color: boolean; width?: number },
): string {
  const lone = briefing.kind === "card" ? briefing.cards[0] : undefined;
  if (lone) return `${renderCardText(lone, style)}\n`;
  const head = `══ ${inert(briefing.title)} → ${destinationName(destination)} (${briefing.cards.length} cards) ══\n`;
  const lang = briefing.cards[0]?.lang ?? "en";
  const more = briefing.more ? `${inert(moreLine(lang, briefing.more, briefing.topic, "console"))}\n` : "";
  return `${head}${briefing.cards.map((c) => renderCardText(c, style)).join("\n")}${more}\n`;
}
