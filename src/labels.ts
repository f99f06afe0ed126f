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
    more: "more",
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
    more: "meer",
  },
} as const;

export type CardLabels = (typeof CARD_LABELS)[keyof typeof CARD_LABELS];

export function labelsFor(lang: string): CardLabels {
  return lang === "nl" ? CARD_LABELS.nl : CARD_LABELS.en;
}

/**
 * The line that names the articles a briefing carries beyond its cards, with the command that
 * lists them on that platform.
 *
 * @example
 * moreLine("nl", 3, "oekraine", "slack"); // "+3 meer: /brief oekraine"
 */
export function moreLine(lang: string, count: number, topic: string | undefined, platform: string): string {
  const command =
    platform === "console"
      ? topic
        ? `briefbot search ${topic}`
        : "briefbot briefing"
      : `/brief${topic ? ` ${topic}` : ""}`;
  return `+${count} ${labelsFor(lang).more}: ${command}`;
}

/** The name of the thread that carries a posted card's quotes. */
export function quoteThreadName(card: { lang: string; headline: string }): string {
  return `${labelsFor(card.lang).quotes} · ${card.headline}`;
}
