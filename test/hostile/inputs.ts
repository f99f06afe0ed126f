/**
 * Pathological inputs, made by code (no large files in the repository), each with an ordinary
 * article of the same size to be measured against: what an attacker can put in a file, a page or
 * a feed item to stall or crash the parsers and the summarizer. The hostile-input tests and
 * `npm run bench:hostile` share them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArticleFormat } from "../../src/article/parse.ts";
import { ARTICLES } from "../helpers.ts";

export interface HostileInput {
  name: string;
  /** What it attacks, for the report. */
  target: string;
  format: ArticleFormat;
  text: string;
  /** What a good outcome is: a card, or a refusal in one line. */
  expect: "card" | "card-or-refusal" | "refusal";
}

const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.ceil(bytes / Buffer.byteLength(unit))));

/** Plain Dutch and English paragraphs of the project's own fixtures, repeated to `bytes`. */
export function ordinaryArticle(bytes: number, format: ArticleFormat): string {
  const paragraphs = ["nl-haven-automatisering.txt", "en-harbour-strike.txt"]
    .map((f) => readFileSync(join(ARTICLES, f), "utf8").replace(/^date \S+ /, ""))
    .join("\n\n")
    .split(/\n\s*\n/)
    .filter((p) => p.trim().length > 40);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = paragraphs[i % paragraphs.length] as string;
    out.push(format === "html" ? `<p>${p}</p>` : p);
    size += Buffer.byteLength(p) + 2;
  }
  const body = out.join("\n\n");
  return format === "html"
    ? `<!doctype html><html><head><title>Gewoon nieuws</title></head><body><article>${body}</article></body></html>`
    : body;
}

/** A few real sentences, for inputs that need some text around their trap. */
const LEAD =
  "De gemeente Westerkeer opent een nieuwe fietsbrug. Scholieren hoeven niet meer om te rijden. De brug kostte twee miljoen euro.";

export function hostileInputs(): HostileInput[] {
  return [
    {
      name: "markdown: '*a ' × 20,000",
      target: "emphasis parsing",
      format: "markdown",
      text: `${LEAD}\n\n${"*a ".repeat(20_000)}`,
      expect: "card",
    },
    {
      name: "markdown: '>' × 50,000",
      target: "block-quote nesting (stack)",
      format: "markdown",
      text: `${LEAD}\n\n${">".repeat(50_000)} en dan tekst.`,
      expect: "card",
    },
    {
      name: "markdown: '- ' × 20,000",
      target: "list nesting (stack)",
      format: "markdown",
      text: `${LEAD}\n\n${"- ".repeat(20_000)}x`,
      expect: "card",
    },
    {
      name: "markdown: a heading with 50,000 spaces",
      target: "the title's expression",
      format: "markdown",
      text: `# Titel${" ".repeat(50_000)}x\n\n${LEAD}`,
      expect: "card",
    },
    {
      name: "html: 30 empty comments before the page",
      target: "feed sniffing",
      format: "html",
      text: `${"<!---->".repeat(30)}<html><body><article><p>${LEAD}</p><p>${LEAD}</p><p>${LEAD}</p><p>${LEAD}</p></article></body></html>`,
      expect: "card",
    },
    {
      name: "html: 200,000 unclosed <span>",
      target: "the DOM's depth",
      format: "html",
      text: `<html><body><p>${LEAD}</p>${"<span>".repeat(200_000)}tekst</body></html>`,
      expect: "card-or-refusal",
    },
    {
      name: "html: 20,000 nested <div>",
      target: "the DOM's depth",
      format: "html",
      text: `<html><body>${"<div>".repeat(20_000)}<p>${LEAD} ${LEAD} ${LEAD} ${LEAD} ${LEAD}</p>${"</div>".repeat(20_000)}</body></html>`,
      expect: "card-or-refusal",
    },
    {
      name: "html: prose, then 14,500 nested lists",
      target: "Readability's scoring",
      format: "html",
      text: `<html><body><p>${LEAD}</p><p>${LEAD}</p><p>${LEAD}</p>${"<ul><li>".repeat(14_500)}item</body></html>`,
      expect: "card-or-refusal",
    },
    {
      name: "html: prose, then <div> chains 60 deep",
      target: "Readability's scoring",
      format: "html",
      text: `<html><body><p>${LEAD}</p><p>${LEAD}</p><p>${LEAD}</p>${`${"<div>".repeat(60)}x y z${"</div>".repeat(60)}`.repeat(480)}</body></html>`,
      expect: "card-or-refusal",
    },
    {
      name: "text: one 100 KB sentence",
      target: "clause trimming",
      format: "text",
      text: `${LEAD}\n\n${repeatTo("de haven groeit en de stad groeit mee, ", 100_000)}einde.`,
      expect: "card",
    },
    {
      name: "text: 300 KB of quote paragraphs",
      target: "speaker attribution",
      format: "text",
      text: `${LEAD}\n\n${repeatTo("„Het gaat goed met de haven”, zegt Jan de Vries. „Wij bouwen door,” zei hij. ‘Dat klopt,’ aldus zij.\n\n", 300_000)}`,
      expect: "card",
    },
    {
      name: "text: 840 KB of figures",
      target: "what each figure counts",
      format: "text",
      text: `${LEAD}\n\n${repeatTo("Er kwamen 1.200 bezoekers, 35 procent meer dan de 880 van vorig jaar, en 2,5 miljoen euro omzet. ", 840_000)}`,
      expect: "card",
    },
    {
      name: "text: a 1.9 MB word",
      target: "caps on points and names",
      format: "text",
      text: `${LEAD}\n\n${"Westerkeerhaven".repeat(Math.ceil(1_900_000 / 15))}`,
      expect: "card",
    },
    {
      name: "text: 200 KB of unpaired quote marks",
      target: "quote pairing",
      format: "text",
      text: `${LEAD}\n\n${repeatTo("„ ' \" « ‘ ,, '' “ het ” » ’ `` ", 200_000)}`,
      expect: "card",
    },
  ];
}
