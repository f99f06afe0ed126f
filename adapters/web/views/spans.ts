import type { BriefingCard } from "../../../src/schemas.ts";

/** A card item found in its article's text: `[start, end)` of `text`. */
export interface Span {
  /** `q0`, `f1v` (a figure's value), `f1a` (what it counts), `p2` (a point). */
  id: string;
  kind: "quote" | "figure" | "point";
  start: number;
  end: number;
}

/** A run of the text and the spans that cover it, outermost first. */
export interface Segment {
  text: string;
  spans: string[];
  /** The spans that begin here: where a link to them lands. */
  starts: string[];
}

/**
 * Where each quote, figure and point of a card lies in its article's text. Every item is a
 * verbatim span, looked for from the paragraph it names on (then anywhere); a point the
 * summarizer trimmed (ending in `…`) is looked for without its ellipsis. An item not found is
 * left out rather than guessed.
 */
export function findSpans(card: BriefingCard, paragraphs: readonly string[]): Span[] {
  const text = paragraphs.join("\n\n");
  const offsets: number[] = [];
  let at = 0;
  for (const p of paragraphs) {
    offsets.push(at);
    at += p.length + 2;
  }
  const locate = (needle: string, paragraph = 0): number | undefined => {
    if (!needle) return undefined;
    const from = offsets[paragraph] ?? 0;
    const i = text.indexOf(needle, from);
    if (i >= 0) return i;
    const j = text.indexOf(needle);
    return j >= 0 ? j : undefined;
  };
  const spans: Span[] = [];
  const add = (id: string, kind: Span["kind"], needle: string, paragraph?: number) => {
    const start = locate(needle, paragraph);
    if (start !== undefined) spans.push({ id, kind, start, end: start + needle.length });
  };
  for (const [i, q] of card.quotes.entries()) add(`q${i}`, "quote", q.text, q.paragraph);
  for (const [i, f] of card.figures.entries()) {
    add(`f${i}v`, "figure", f.value, f.paragraph);
    if (f.about) add(`f${i}a`, "figure", f.about, f.paragraph);
  }
  for (const [i, p] of card.points.entries()) add(`p${i}`, "point", p.replace(/…$/u, "").trimEnd());
  return spans;
}

/**
 * Cut `text` into segments at every span's start and end: each segment lists the spans that
 * cover it, so that spans may nest or overlap and each is still the union of its segments. Linear
 * in the text plus the spans (sorted once).
 */
export function segmentText(text: string, spans: readonly Span[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Longer spans first, so the outer one leads a segment's list.
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const segments: Segment[] = [];
  let open: Span[] = [];
  let next = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    open = open.filter((s) => s.end > from);
    const starts: string[] = [];
    while (next < ordered.length && (ordered[next] as Span).start <= from) {
      const s = ordered[next++] as Span;
      if (s.end > from) {
        open.push(s);
        starts.push(s.id);
      }
    }
    if (to > from) segments.push({ text: text.slice(from, to), spans: open.map((s) => s.id), starts });
  }
  return segments;
}
