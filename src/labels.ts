/**
 * The words a rendered card uses around the article's own text, in the article's language: Dutch
 * for `nl`, English otherwise. One table for every renderer (terminal, Slack, Discord).
 */
export const CARD_LABELS = {
  en: {
    points: "Key points",
    quotes: "Quotes",
    figures: "Figures",
    names: "Names",
    tldr: "TL;DR",
    min: "min read",
    unknown: "unattributed",
    post: "Post to channel",
    cards: "cards",
    none: "No new articles.",
  },
  nl: {
    points: "Kernpunten",
    quotes: "Citaten",
    figures: "Cijfers",
    names: "Namen",
    tldr: "TL;DR",
    min: "min lezen",
    unknown: "onbekende spreker",
    post: "Plaats in kanaal",
    cards: "kaarten",
    none: "Geen nieuwe artikelen.",
  },
} as const;

export type CardLabels = (typeof CARD_LABELS)[keyof typeof CARD_LABELS];

export function labelsFor(lang: string): CardLabels {
  return lang === "nl" ? CARD_LABELS.nl : CARD_LABELS.en;
}
