/**
 * The fallback for pages where Readability finds nothing or too little: the element with the most
 * prose under it, scored by the text of its blocks that read as prose (long enough, few links) and
 * shared with its ancestors at a decay, so that the winner is the container of the article's
 * paragraphs however they are set: `<p>`s, or text in `<div>`s separated by `<br><br>`.
 */

import { type Block, collectBlocks } from "./blocks.ts";
import type { DomElement } from "./dom-types.ts";
import { countWords } from "./filter.ts";
import { pruneFurniture } from "./prune.ts";

/** A block counts as prose from this many words on, with links for under {@link MAX_PROSE_LINKS} of it. */
const PROSE_WORDS = 10;
const MAX_PROSE_LINKS = 0.3;
/** How much of a block's score its holder's ancestors get, nearest first. */
const DECAY = [1, 1, 0.5, 0.25];

/** The blocks of the densest prose container under `body` (pruned of furniture in place); none without prose. */
export function densestBlocks(body: DomElement, isInternal?: (href: string) => boolean): Block[] {
  pruneFurniture(body, isInternal);
  const blocks = collectBlocks(body, isInternal);
  const scores = new Map<DomElement, number>();
  for (const block of blocks) {
    if (countWords(block.text) < PROSE_WORDS || block.linkChars / block.text.length > MAX_PROSE_LINKS) continue;
    const value = block.text.length - block.linkChars;
    let el: DomElement | null = block.el;
    for (const share of DECAY) {
      if (!el) break;
      scores.set(el, (scores.get(el) ?? 0) + value * share);
      el = el.parentElement;
    }
  }
  let best: DomElement | undefined;
  let bestScore = 0;
  for (const [el, score] of scores) {
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  if (!best) return [];
  const container = best;
  return blocks.filter((b) => container === b.el || container.contains(b.el));
}
