/**
 * A DOM subtree as the text blocks a reader sees: every block-level element ends a block, `<br><br>`
 * ends one too (text set in `<div>`/`<br>` rather than `<p>`), and a block remembers how much of its
 * text sits in links and which element holds it, for the boilerplate pass to judge.
 */

import type { DomElement, DomNode, DomText } from "./dom-types.ts";

export type BlockKind = "p" | "heading" | "li" | "quote" | "pre" | "cell" | "caption" | "text";

export interface Block {
  /** Whitespace collapsed, trimmed, never empty. */
  text: string;
  /** Characters of `text` inside `<a>` elements (not counting links whose text is a bare URL). */
  linkChars: number;
  /** The part of {@link linkChars} in links to the page's own site: navigation and teasers. */
  internalLinkChars: number;
  kind: BlockKind;
  /** The nearest block-level element around the text. */
  el: DomElement;
}

/** Elements that start and end a block of text. */
const BLOCK_TAGS = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "CENTER",
  "DD",
  "DETAILS",
  "DIALOG",
  "DIV",
  "DL",
  "DT",
  "FIELDSET",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "FORM",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HGROUP",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "SUMMARY",
  "TABLE",
  "TBODY",
  "TD",
  "TFOOT",
  "TH",
  "THEAD",
  "TR",
  "UL",
]);

/** Elements whose content is never article text. */
export const SKIPPED_TAGS = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "MATH",
  "IFRAME",
  "OBJECT",
  "EMBED",
  "CANVAS",
  "VIDEO",
  "AUDIO",
  "BUTTON",
  "SELECT",
  "OPTION",
  "TEXTAREA",
  "INPUT",
  "HEAD",
  "TITLE",
]);

const KIND_OF: Record<string, BlockKind> = {
  P: "p",
  DD: "p",
  DT: "p",
  H1: "heading",
  H2: "heading",
  H3: "heading",
  H4: "heading",
  H5: "heading",
  H6: "heading",
  LI: "li",
  BLOCKQUOTE: "quote",
  PRE: "pre",
  TD: "cell",
  TH: "cell",
  FIGCAPTION: "caption",
};

const ELEMENT = 1;
const TEXT = 3;
// Zero-width spaces and joiners, soft hyphens and the byte-order mark carry no text.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** Is an element hidden from readers by its markup (not by a style sheet, which is not read)? */
export function isHidden(el: DomElement): boolean {
  if (el.hasAttribute("hidden")) return true;
  const style = el.getAttribute("style");
  return style !== null && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Where a link goes: nowhere (not a link), the page's own site, elsewhere, or a bare URL shown as text. */
type LinkKind = "none" | "internal" | "external" | "url";

/**
 * The blocks of text under `root`, in document order. `isInternal` tells a link to the page's own
 * site from a link elsewhere; without it every link counts as internal.
 */
export function collectBlocks(root: DomElement, isInternal: (href: string) => boolean = () => true): Block[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let internalChars = 0;
  let breaks = 0;
  let holder: DomElement = root;

  const flush = () => {
    const text = parts.join("").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
    if (text !== "") {
      blocks.push({
        text,
        linkChars: Math.min(linkChars, text.length),
        internalLinkChars: Math.min(internalChars, text.length),
        kind: kindOf(holder),
        el: holder,
      });
    }
    parts = [];
    linkChars = 0;
    internalChars = 0;
    breaks = 0;
  };

  const linkKind = (a: DomElement): LinkKind => {
    if (/^\s*(https?:\/\/|www\.)\S+\s*$/i.test(a.textContent ?? "")) return "url";
    return isInternal(a.getAttribute("href") ?? "") ? "internal" : "external";
  };

  const walk = (node: DomNode, link: LinkKind, block: DomElement) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT) {
        const data = (child as DomText).data;
        if (/\S/.test(data)) {
          if (parts.length === 0) holder = block;
          if (breaks > 0) parts.push(" ");
          breaks = 0;
          parts.push(data);
          if (link === "internal" || link === "external") linkChars += data.trim().length;
          if (link === "internal") internalChars += data.trim().length;
        } else if (parts.length > 0) {
          parts.push(" ");
        }
        continue;
      }
      if (child.nodeType !== ELEMENT) continue;
      const el = child as DomElement;
      const tag = el.tagName.toUpperCase();
      if (SKIPPED_TAGS.has(tag) || isHidden(el)) continue;
      if (tag === "BR") {
        breaks++;
        // Two line breaks in a row end a paragraph: text set in <div>s with <br><br> between.
        if (breaks >= 2) flush();
        else parts.push(" ");
        continue;
      }
      if (BLOCK_TAGS.has(tag)) {
        flush();
        walk(el, link, el);
        flush();
      } else {
        walk(el, tag === "A" && link === "none" ? linkKind(el) : link, block);
      }
    }
  };
  walk(root, "none", root);
  flush();
  return blocks;
}

function kindOf(el: DomElement): BlockKind {
  return KIND_OF[el.tagName.toUpperCase()] ?? "text";
}
