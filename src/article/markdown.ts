import { lazy } from "../lazy.ts";
import { paragraphsOfFragment } from "./extract/index.ts";

const markedModule = lazy<typeof import("marked")>("marked");

/** Paragraphs of a Markdown document as plain text, and its first `#` heading as the title. */
export function parseMarkdown(markdown: string): { paragraphs: string[]; title?: string } {
  const heading = /^\s{0,3}#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  const body = heading && markdown.slice(0, heading.index).trim() === "" ? markdown.replace(heading[0], "") : markdown;
  const html = markedModule().marked.parse(body, { async: false, gfm: true });
  return { paragraphs: paragraphsOfFragment(html), title: heading?.[1]?.trim() };
}
