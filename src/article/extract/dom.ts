/**
 * The two libraries extraction stands on, in one place: linkedom builds the DOM, Mozilla's
 * Readability (Firefox's reader view) finds the article in it.
 */

import { lazy } from "../../lazy.ts";
import type { DomDocument, DomElement } from "./dom-types.ts";

// Loaded on first use: `brief` of a text file never pays for the HTML parser.
const linkedom = lazy<typeof import("linkedom")>("linkedom");
const readability = lazy<typeof import("@mozilla/readability")>("@mozilla/readability");

/** A DOM for a whole page, or for a fragment (a feed item's content) wrapped in a body. */
export function parseDocument(html: string): DomDocument {
  const whole = /<(html|body)[\s>]/i.test(html.slice(0, 4096)) || /<body[\s>]/i.test(html);
  const { document } = linkedom().parseHTML(whole ? html : `<!doctype html><html><body>${html}</body></html>`);
  return document as unknown as DomDocument;
}

export interface ReadabilityResult {
  /** The article's element, classes and ids kept for the boilerplate pass. */
  content: DomElement;
  title?: string;
  source?: string;
  publishedAt?: string;
  lang?: string;
}

/**
 * Readability's article, or undefined when it finds none. Readability rewrites `document`: read
 * anything else from it first.
 */
export function runReadability(document: DomDocument): ReadabilityResult | undefined {
  const { Readability } = readability();
  const parsed = new Readability<DomElement>(document, {
    keepClasses: true,
    serializer: (node) => node as DomElement,
  }).parse();
  if (!parsed?.content) return undefined;
  return {
    content: parsed.content,
    title: parsed.title ?? undefined,
    source: parsed.siteName ?? undefined,
    publishedAt: parsed.publishedTime ?? undefined,
    lang: parsed.lang ?? undefined,
  };
}
