/**
 * The element-level half of the boilerplate pass, run on the article Readability found (or the
 * fallback's block): page furniture that sits inside an article's element. Navigation, headers
 * with the title and byline, captions and credits, share and follow bars, related-links lists,
 * newsletter and promo boxes, comment sections, print-only and screen-reader-only text. Judged by
 * the element's kind, its class and id words, and its link density; never an element that holds a
 * large part of the article's text, so a misleading class name cannot take the article with it.
 */

import type { DomDocument, DomElement } from "./dom-types.ts";

/** Elements that are furniture by their kind. */
const FURNITURE_TAGS = new Set(["NAV", "HEADER", "FOOTER", "ASIDE", "FIGCAPTION", "FORM", "DIALOG", "MENU"]);
const FURNITURE_ROLES = new Set([
  "navigation",
  "menu",
  "menubar",
  "complementary",
  "banner",
  "contentinfo",
  "dialog",
  "alertdialog",
  "search",
]);

/**
 * Class or id words of furniture. Matched as whole words of a class or id split at `-`, `_`, and
 * case changes (`articleLabel` is `article label`), so `ad` never matches `head` or `download`.
 */
const FURNITURE_WORDS = new Set([
  "ad",
  "ads",
  "adv",
  "advert",
  "adverts",
  "advertisement",
  "advertising",
  "author",
  "authors",
  "bio",
  "breadcrumb",
  "breadcrumbs",
  "byline",
  "bylines",
  "caption",
  "captions",
  "carousel",
  "comment",
  "comments",
  "consent",
  "cookie",
  "cookies",
  "copyright",
  "credit",
  "credits",
  "dateline",
  "footer",
  "gallery",
  "gdpr",
  "header",
  "hidden",
  "hovercard",
  "image",
  "images",
  "img",
  "kicker",
  "masthead",
  "meta",
  "modal",
  "newsletter",
  "newsletters",
  "offscreen",
  "outbrain",
  "paywall",
  "photo",
  "photos",
  "picture",
  "popular",
  "popup",
  "print",
  "promo",
  "promos",
  "promoted",
  "popover",
  "rail",
  "recirc",
  "recommended",
  "recommendations",
  "related",
  "rollover",
  "share",
  "sharing",
  "sharebar",
  "sidebar",
  "signup",
  "slideshow",
  "social",
  "sponsor",
  "sponsored",
  "subscribe",
  "subscription",
  "tags",
  "taboola",
  "timestamp",
  "toolbar",
  "tooltip",
  "trending",
  "widget",
]);

/** Two-word furniture: `read-more`, `sr-only`, `more-stories`, `d-none` (hidden, as Bootstrap says). */
const FURNITURE_PAIRS = new Set([
  "read more",
  "sr only",
  "visually hidden",
  "screen reader",
  "off screen",
  "more stories",
  "more from",
  "see also",
  "also read",
  "you may",
  "sign up",
  "post date",
  "pub date",
  "publish date",
  "published date",
  "d none",
]);

/** An element holding more than this share of the article's text is never removed as furniture. */
const MAX_FURNITURE_SHARE = 0.4;
/** A list whose items are links for at least this share of their text is a list of links. */
const LINK_LIST_DENSITY = 0.7;

/** Remove the furniture inside `root`, in place. */
export function pruneFurniture(root: DomElement, isInternal: (href: string) => boolean = () => true): void {
  const total = textLength(root);
  if (total === 0) return;
  const removable = (el: DomElement) => textLength(el) <= total * MAX_FURNITURE_SHARE;

  for (const el of [...root.querySelectorAll("*")]) {
    if (!root.contains(el)) continue; // inside something removed already
    if (isFurniture(el) && removable(el)) el.remove();
  }
  for (const list of [...root.querySelectorAll("ul, ol")]) {
    if (root.contains(list) && isLinkList(list, isInternal) && removable(list)) list.remove();
  }
}

/**
 * An embedded post (a tweet, a quoted message: a `<blockquote>` with a class) often sits in a
 * wrapper named like furniture (`social-media-embed`), which Readability drops unread. A wrapper
 * that holds nothing but the post gives way to the post itself. Run before Readability.
 */
export function unwrapEmbeddedPosts(document: DomDocument): void {
  for (const post of [...document.querySelectorAll("blockquote[class]")]) {
    const own = textLength(post);
    let wrapper: DomElement | undefined;
    for (let el = post.parentElement, up = 0; el && up < 3; el = el.parentElement, up++) {
      const names = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`;
      if (!namesFurniture(names) || textLength(el) > own + 20) break;
      wrapper = el;
    }
    wrapper?.replaceWith(post);
  }
}

function isFurniture(el: DomElement): boolean {
  if (FURNITURE_TAGS.has(el.tagName.toUpperCase())) return true;
  const role = el.getAttribute("role");
  if (role && FURNITURE_ROLES.has(role.toLowerCase())) return true;
  if (el.getAttribute("aria-hidden") === "true" && !el.querySelector("p")) return true;
  const names = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`;
  return names.trim() !== "" && namesFurniture(names);
}

/** Do class or id names call an element furniture? */
export function namesFurniture(names: string): boolean {
  for (const name of names.split(/\s+/)) {
    if (name === "") continue;
    // `d-none d-md-block` is hidden on phones only: such responsive names say nothing.
    if (/(^|[-_])(xs|sm|md|lg|xl|mobile|desktop|tablet)([-_]|$)/i.test(name)) continue;
    const words = name
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      if (FURNITURE_WORDS.has(words[i] as string)) return true;
      if (i > 0 && FURNITURE_PAIRS.has(`${words[i - 1]} ${words[i]}`)) return true;
    }
  }
  return false;
}

function isLinkList(list: DomElement, isInternal: (href: string) => boolean): boolean {
  const items = [...list.children].filter((c) => c.tagName === "LI");
  if (items.length < 2) return false;
  const text = textLength(list);
  if (text === 0) return false;
  let linked = 0;
  for (const a of list.querySelectorAll("a")) if (isInternal(a.getAttribute("href") ?? "")) linked += textLength(a);
  return linked / text >= LINK_LIST_DENSITY;
}

/** Characters of visible text, whitespace runs counted once. */
export function textLength(el: DomElement): number {
  return (el.textContent ?? "").replace(/\s+/g, " ").trim().length;
}
