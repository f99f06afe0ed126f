import pc from "picocolors";
import { labelsFor } from "../../src/labels.ts";
import type { BriefingCard } from "../../src/schemas.ts";
import { inert } from "../../src/terminal.ts";

export interface TerminalStyle {
  /** Colour and bold through ANSI escapes; off when output is not a terminal. */
  color: boolean;
  /** Wrap width in columns. */
  width?: number;
}

/**
 * Render a card as terminal text: headline, meta line, TL;DR, points, quotes with speakers,
 * figures and names. Article text is made inert: control characters and escape sequences that
 * an article might carry never reach the terminal.
 *
 * @example
 * process.stdout.write(renderCardText(card, { color: process.stdout.isTTY }));
 */
export function renderCardText(card: BriefingCard, style: TerminalStyle): string {
  const c = pc.createColors(style.color);
  const width = Math.max(40, Math.min(style.width ?? 88, 120));
  const out: string[] = [];
  const t = inert;
  const labels = labelsFor(card.lang);

  out.push(c.bold(t(card.headline)));
  const meta = [card.date, card.source, card.lang, `${card.readingMinutes} min`, card.url]
    .filter(Boolean)
    .map((m) => t(String(m)));
  out.push(c.dim(meta.join(" · ")));
  out.push("");
  out.push(...wrap(`${c.bold("TL;DR")} ${t(card.tldr)}`, width, ""));
  if (card.points.length > 0) {
    out.push("", c.bold(labels.points));
    for (const p of card.points) out.push(...wrap(t(p), width, "  • ", "    "));
  }
  if (card.quotes.length > 0) {
    out.push("", c.bold(labels.quotes));
    for (const q of card.quotes) {
      out.push(...wrap(`“${t(q.text)}”`, width, "  ", "   "));
      const who = [q.speaker ?? labels.unknown, q.role]
        .filter(Boolean)
        .map((x) => t(String(x)))
        .join(", ");
      out.push(...wrap(c.dim(`— ${who}`), width, "    ", "      "));
    }
  }
  if (card.figures.length > 0) {
    out.push("", c.bold(labels.figures));
    for (const f of card.figures) {
      out.push(...wrap(`${c.cyan(t(f.value))}${f.about ? `  ${t(f.about)}` : ""}`, width, "  ", "    "));
    }
  }
  if (card.names.length > 0) {
    out.push("", ...wrap(`${c.bold(`${labels.names}:`)} ${card.names.map(t).join(" · ")}`, width, ""));
  }
  return `${out.join("\n")}\n`;
}

/** One line per card, for search results: date, headline, source, TL;DR. */
export function renderCardLine(card: BriefingCard, style: TerminalStyle): string {
  const c = pc.createColors(style.color);
  const meta = [card.date, card.source]
    .filter(Boolean)
    .map((m) => inert(String(m)))
    .join(" · ");
  return `${c.bold(inert(card.headline))}${meta ? c.dim(`  (${meta})`) : ""}
  ${inert(card.tldr)}`;
}

export { inert };

/** Wrap on spaces; the ANSI codes we add ourselves are not counted. */
function wrap(text: string, width: number, first: string, rest = first): string[] {
  const words = text.split(/ +/);
  const lines: string[] = [];
  let line = first;
  let visible = first.length;
  let empty = true;
  for (const word of words) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    const len = word.replace(/\u001b\[[0-9;]*m/g, "").length;
    if (!empty && visible + 1 + len > width) {
      lines.push(line);
      line = rest;
      visible = rest.length;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    visible += (empty ? 0 : 1) + len;
    empty = false;
  }
  lines.push(line);
  return lines;
}
