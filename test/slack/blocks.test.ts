import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  briefingToSlackBlocks,
  cardToSlackBlocks,
  quotesToSlackMessages,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
} from "../../adapters/slack/blocks.ts";
import { parseArticle } from "../../src/article/parse.ts";
import type { BriefingCard } from "../../src/schemas.ts";
import { summarize } from "../../src/summarize/index.ts";
import { FIXTURES, fixtureArticles, HAS_SHARED_DATA, readArticleFixture, SEED, sharedRows } from "../helpers.ts";

/** Block Kit's rules, checked the way Slack would refuse a message. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of message.blocks) {
    const text = (block.text as { text: string } | undefined)?.text;
    if (block.type === "header") expect(text?.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === "section") {
      expect(text?.length).toBeGreaterThan(0);
      expect(text?.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    if (block.type === "context") {
      const elements = block.elements as Array<{ text: string }>;
      expect(elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
  }
}

/** Nothing in the payload can ping or restyle: every `<` is ours (a link), never the article's. */
function expectInert(message: SlackMessage): void {
  const all = JSON.stringify(message);
  expect(all).not.toMatch(/<!(channel|here|everyone)/);
  expect(all).not.toMatch(/<@U/);
  expect(all).not.toMatch(/<#C/);
  for (const block of message.blocks) {
    const texts = [
      (block.text as { text?: string } | undefined)?.text,
      ...((block.elements as Array<{ text?: string }>) ?? []).map((e) => e.text),
    ];
    for (const t of texts.filter(Boolean) as string[])
      expect(t.replace(/<https?:\/\/[^|>]+\|link>/g, "")).not.toMatch(/[<>]/);
  }
  for (const block of message.blocks as SlackBlock[]) {
    const t = block.text as { type?: string; verbatim?: boolean } | undefined;
    if (t?.type === "mrkdwn") expect(t.verbatim).toBe(true);
  }
}

function cards(): BriefingCard[] {
  const fromFiles = [SEED, ...fixtureArticles().map((f) => f.path)].map((p) => summarize(readArticleFixture(p)));
  const fromData = ["cnndm-summeval-dev.jsonl", "bbc-news-summary-dev.jsonl"].flatMap((f) =>
    sharedRows(f).map((r) => summarize(parseArticle(r.text, { format: "text", title: r.title, lang: "en" }))),
  );
  return [...fromFiles, ...fromData];
}

describe("cardToSlackBlocks", () => {
  const all = cards();

  it("renders every card of the fixtures (and of the shared datasets, when present) within Block Kit's limits", () => {
    expect(all.length).toBeGreaterThan(HAS_SHARED_DATA ? 1000 : 9);
    for (const card of all) {
      expectWithinLimits(cardToSlackBlocks(card, { quotes: true, postButton: card.articleId }));
      expectWithinLimits(cardToSlackBlocks(card));
      for (const m of quotesToSlackMessages([card])) expectWithinLimits(m);
    }
  });

  it("shows the seed card's quotes with their speakers, whole", () => {
    const seed = summarize(readArticleFixture(SEED));
    const text = JSON.stringify(cardToSlackBlocks(seed, { quotes: true }).blocks);
    expect(text).toContain(
      "“Rusland is in een behoorlijk onveilige situatie beland” — Jelena Tsjernenko, defensieanalist bij de Russische zakenkrant Kommersant",
    );
    expect(text).toContain(`• ${seed.points[0]}`);
  });

  it("keeps a hostile article inert and within limits, its 20,000-character quote split but never cut", () => {
    const hostile = summarize(
      parseArticle(readFileSync(join(FIXTURES, "bad", "hostile.md"), "utf8"), { path: "hostile.md" }),
    );
    const message = cardToSlackBlocks(hostile, { quotes: true });
    expectWithinLimits(message);
    expectInert(message);
    const replies = quotesToSlackMessages([hostile]);
    for (const m of replies) {
      expectWithinLimits(m);
      expectInert(m);
    }
    const shown = replies
      .flatMap((m) => m.blocks)
      .map((b) => (b.text as { text?: string } | undefined)?.text ?? "")
      .join(" ");
    for (const q of hostile.quotes) {
      const escaped = q.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      expect(shown.replace(/\s+/g, " ")).toContain(escaped.replace(/\s+/g, " "));
    }
  });

  it("drops names, then figures, then the last points when a card is too big, never a quote", () => {
    const seed = summarize(readArticleFixture(SEED));
    // 3 blocks of head, 5 points, 45 quotes, figures and names: 55 blocks, 5 too many.
    const quotes = Array.from({ length: 45 }, (_, i) => ({
      text: `Quote number ${i} said in full.`,
      speaker: "Jan",
      paragraph: 0,
    }));
    const big = { ...seed, quotes };
    const message = cardToSlackBlocks(big, { quotes: true });
    expectWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    for (let i = 0; i < 45; i++) expect(text).toContain(`Quote number ${i} said in full.`);
    expect(text).not.toContain("Namen:");
    expect(text).not.toContain("Cijfers:");
    expect(text).toContain(`• ${seed.points[0]}`);
    expect(text).toContain(`• ${seed.points[1]}`);
    expect(text).not.toContain(`• ${seed.points[2]}`);
    expect(text).toContain(seed.headline.slice(0, 40));
  });

  it("renders a briefing of several cards as one message within limits", () => {
    const some = all.slice(0, 12);
    const message = briefingToSlackBlocks({
      title: "morning · 2026-11-27",
      cards: some,
      window: { from: "a", to: "b" },
    });
    expectWithinLimits(message);
    expectInert(message);
    expect(JSON.stringify(message.blocks)).toContain("morning · 2026-11-27");
  });
});
