/**
 * Hostile HTML for the extraction benchmark: pages built to make a DOM and Readability work, each
 * timed through `parseArticle` against an ordinary article of the same byte size, in the same run.
 * Generated here, never stored.
 */
import { parseArticle } from "../src/article/parse.ts";
import { median } from "./lib/stats.ts";

/** Elements in each generated page: just under the extractor's limit, where each costs most. */
const ELEMENTS = 29_000;
const PARAGRAPH =
  "<p>The council met on Tuesday evening and voted to approve the budget after a long debate about roads, water mains and library hours.</p>\n";
const PROSE = PARAGRAPH.repeat(5);

function chain(open: string, close: string, depth: number, inner: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

export const HOSTILE_PAGES: Record<string, string> = {
  "200,000 unclosed <span>s": `<html><body><p>${"<span>".repeat(200_000)}text</p></body></html>`,
  "unclosed <span>s": `<html><body><p>${"<span>".repeat(ELEMENTS)}text here</p>${PROSE}</body></html>`,
  "nested <div>s": `<html><body>${chain("<div>", "</div>", ELEMENTS, "deep text")}${PROSE}</body></html>`,
  "sibling <p>s": `<html><body>${"<p>x</p>".repeat(ELEMENTS)}</body></html>`,
  "<br> runs": `<html><body><div>${"word<br>".repeat(ELEMENTS)}</div></body></html>`,
  "nested tables": `<html><body>${"<table><tr><td>".repeat(ELEMENTS / 3)}cell</body></html>`,
  "nested lists": `<html><body>${"<ul><li>".repeat(ELEMENTS / 2)}item</body></html>`,
  comments: `<html><body>${"<!-- c -->".repeat(ELEMENTS)}<p>text</p></body></html>`,
  "link soup": `<html><body><div>${'<a href="/x">link text</a> '.repeat(ELEMENTS)}</div></body></html>`,
  "prose, then nested lists": `<html><body>${PROSE}${"<ul><li>".repeat(ELEMENTS / 2)}item</body></html>`,
  "prose, then <div> chains 60 deep": `<html><body>${PROSE}${chain("<div>", "</div>", 60, "x y z").repeat(ELEMENTS / 60)}</body></html>`,
};

function ordinaryOf(bytes: number): string {
  return `<html><body><article>${PARAGRAPH.repeat(Math.max(1, Math.round(bytes / PARAGRAPH.length)))}</article></body></html>`;
}

function timeOnce(html: string): { ms: number; outcome: string } {
  const started = performance.now();
  let outcome: string;
  try {
    outcome = `${parseArticle(html, { format: "html", path: "page" }).paragraphs.length} paragraphs`;
  } catch (error) {
    outcome = `refused: ${(error as Error).message.replace(/^page: /, "")}`;
  }
  return { ms: performance.now() - started, outcome };
}

/** The hostile table's lines: median of `rounds` runs each, hostile and ordinary alternating. */
export function hostileReport(rounds = 3): string[] {
  timeOnce(ordinaryOf(100_000));
  const lines = [
    "| hostile page | size | ms | ordinary page of that size, ms | ratio | outcome |",
    "|---|---|---|---|---|---|",
  ];
  for (const [name, html] of Object.entries(HOSTILE_PAGES)) {
    const ordinary = ordinaryOf(html.length);
    const hostile: number[] = [];
    const plain: number[] = [];
    let outcome = "";
    for (let r = 0; r < rounds; r++) {
      const h = timeOnce(html);
      hostile.push(h.ms);
      outcome = h.outcome;
      plain.push(timeOnce(ordinary).ms);
    }
    const h = median(hostile);
    const o = median(plain);
    lines.push(
      `| ${name} | ${(html.length / 1024).toFixed(0)} KiB | ${h.toFixed(0)} | ${o.toFixed(0)} | ${(h / o).toFixed(1)}× | ${outcome} |`,
    );
  }
  return lines;
}
