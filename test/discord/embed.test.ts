import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  briefingToDiscordEmbeds,
  cardToDiscordEmbed,
  DISCORD_LIMITS,
  quotesToDiscordMessages,
} from "../../adapters/discord/embed.ts";
import { parseArticle } from "../../src/article/parse.ts";
import type { BriefingCard } from "../../src/schemas.ts";
import { summarize } from "../../src/summarize/index.ts";
import { FIXTURES, fixtureArticles, HAS_SHARED_DATA, readArticleFixture, SEED, sharedRows } from "../helpers.ts";

function size(embeds: APIEmbed[]): number {
  return embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
}

/** Discord's rules, checked the way the API would refuse a message. */
function expectWithinLimits(embeds: APIEmbed[]): void {
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
  expect(size(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.totalCharacters);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
  }
}

function cards(): BriefingCard[] {
  const fromFiles = [SEED, ...fixtureArticles().map((f) => f.path)].map((p) => summarize(readArticleFixture(p)));
  const fromData = ["cnndm-summeval-dev.jsonl", "bbc-news-summary-dev.jsonl"].flatMap((f) =>
    sharedRows(f).map((r) => summarize(parseArticle(r.text, { format: "text", title: r.title, lang: "en" }))),
  );
  return [...fromFiles, ...fromData];
}

describe("cardToDiscordEmbed", () => {
  const all = cards();

  it("renders every card of the fixtures (and of the shared datasets, when present) within Discord's limits", () => {
    expect(all.length).toBeGreaterThan(HAS_SHARED_DATA ? 1000 : 9);
    for (const card of all) {
      expectWithinLimits([cardToDiscordEmbed(card, { quotes: true })]);
      for (const m of quotesToDiscordMessages([card])) expect(m.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    }
    for (let i = 0; i < all.length; i += 10) {
      expectWithinLimits(
        briefingToDiscordEmbeds({ title: "morning", cards: all.slice(i, i + 10), window: { from: "", to: "" } }),
      );
    }
  });

  it("carries the seed card's quotes with their speakers", () => {
    const embed = cardToDiscordEmbed(summarize(readArticleFixture(SEED)), { quotes: true });
    expect(embed.fields).toContainEqual({
      name: "Jelena Tsjernenko, defensieanalist bij de Russische zakenkrant Kommersant",
      value: "“Rusland is in een behoorlijk onveilige situatie beland”",
    });
  });

  it("keeps a hostile article inert: markdown escaped, @everyone defused, the long quote whole in the thread", () => {
    const hostile = summarize(
      parseArticle(readFileSync(join(FIXTURES, "bad", "hostile.md"), "utf8"), { path: "hostile.md" }),
    );
    const embed = cardToDiscordEmbed(hostile, { quotes: true });
    expectWithinLimits([embed]);
    const all = JSON.stringify(embed);
    expect(all).not.toMatch(/(?<!\\)\*bold\*/);
    expect(all).not.toMatch(/(?<!\\)\|\|spoiler/);
    expect(all).not.toMatch(/@everyone/);
    const thread = quotesToDiscordMessages([hostile]);
    for (const m of thread) expect(m.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    const joined = thread.join(" ").replace(/\s+/g, " ");
    const longest = [...hostile.quotes].sort((a, b) => b.text.length - a.text.length)[0];
    const tail = longest?.text.slice(-200).replace(/\s+/g, " ") ?? "";
    expect(joined.replace(/\\/g, "")).toContain(tail.replace(/\\/g, "").slice(-100));
  });
});
