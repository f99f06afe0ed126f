import { lazy } from "../lazy.ts";
import { paragraphsOfFragment } from "./extract/index.ts";

type MarkdownIt = typeof import("markdown-it").default;
// The CommonJS build, required on first use: its module is the class itself.
const markdownIt = lazy<MarkdownIt>("markdown-it");
let renderer: InstanceType<MarkdownIt> | undefined;

/**
 * Paragraphs of a Markdown document as plain text, and its first `#` heading as the title.
 * markdown-it reads it: linear in the input, nesting bounded (a run of `>` or of list markers
 * cannot exhaust the stack), inline HTML passed on to the extractor, which keeps only text.
 */
export function parseMarkdown(markdown: string): { paragraphs: string[]; title?: string } {
  const heading = firstHeading(markdown);
  const body = heading && markdown.slice(0, heading.start).trim() === "" ? markdown.slice(heading.end) : markdown;
  const MarkdownIt = markdownIt();
  renderer ??= new MarkdownIt({ html: true, linkify: false, typographer: false, maxNesting: 50 });
  const html = renderer.render(body);
  return { paragraphs: paragraphsOfFragment(html), ...(heading?.title ? { title: heading.title } : {}) };
}

/**
 * The first ATX heading of level one (`# Title`, up to three spaces before it, closing `#`s
 * dropped), found line by line: no regular expression that could backtrack over a long line.
 */
function firstHeading(markdown: string): { title: string; start: number; end: number } | undefined {
  let start = 0;
  while (start <= markdown.length) {
    const newline = markdown.indexOf("\n", start);
    const end = newline < 0 ? markdown.length : newline;
    const line = markdown.slice(start, end);
    let i = 0;
    while (i < 3 && line[i] === " ") i++;
    if (line[i] === "#" && (line[i + 1] === " " || line[i + 1] === "\t")) {
      let title = line.slice(i + 2).trim();
      // A closing sequence of #s, after a space, is not part of the title.
      let j = title.length;
      while (j > 0 && title[j - 1] === "#") j--;
      if (j < title.length && (j === 0 || title[j - 1] === " " || title[j - 1] === "\t"))
        title = title.slice(0, j).trim();
      if (title) return { title, start, end };
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return undefined;
}
