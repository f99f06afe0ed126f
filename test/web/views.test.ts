import { type Child, Fragment, jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { ArticleText, CardRenderings } from "../../adapters/web/views/card.tsx";
import { discordMarkdown, safeHref, slackMrkdwn, unescapeSlack } from "../../adapters/web/views/markup.tsx";
import { findSpans, segmentText } from "../../adapters/web/views/spans.ts";
import type { BriefingCard } from "../../src/schemas.ts";
import { readArticleFixture, SEED, summarizer } from "../helpers.ts";

/** Nodes as the pages render them: children of an element, where hono/jsx escapes text. */
const html = (nodes: Child[]) => String(jsx(Fragment, {}, ...nodes));

const hostileCard: BriefingCard = {
  articleId: "a_hostile",
  headline: "<script>alert(1)</script> @everyone <!channel>",
  tldr: "A <img src=x onerror=alert(2)> **bold** [masked](javascript:alert(3)) ||spoiler||",
  points: ["<b>one</b> point", "two", "three"],
  quotes: [{ text: "<script>alert(4)</script>", speaker: "<i>Eve</i>", paragraph: 0 }],
  figures: [{ value: "4,000", about: "<u>posts</u>", paragraph: 0 }],
  names: ["<svg onload=alert(5)>"],
  lang: "en",
  url: "javascript:alert(6)",
  source: "<a href=javascript:alert(7)>Wire</a>",
  readingMinutes: 1,
  summarizer: "test",
};

describe("drawing Slack mrkdwn and Discord markdown", () => {
  it("formats what pairs, shows escapes as their characters, and keeps everything else text", () => {
    expect(html(discordMarkdown("**TL;DR** a \\*b\\* \\<@1\\> ** open"))).toBe(
      '<span class="md-b">TL;DR</span> a *b* &lt;@1&gt; ** open',
    );
    expect(html(discordMarkdown("`a **b**` ||c|| __d__ ~~e~~ _f_"))).toBe(
      '<code class="md-code">a **b**</code> <span class="md-spoiler">c</span> <span class="md-u">d</span> <span class="md-s">e</span> <span class="md-i">f</span>',
    );
    expect(html(discordMarkdown("<script>alert(1)</script>"))).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Twenty thousand delimiters: each pair formats, nothing is lost, nothing becomes markup.
    const stars = discordMarkdown(`${"*".repeat(20_001)}x`);
    expect(html(stars).replace(/<[^>]+>/g, "")).toBe("*x");
  });

  it("reads Slack's escapes, links only to web addresses, and shows mentions as mentions", () => {
    expect(unescapeSlack("&lt;!channel&gt; &amp;amp;")).toBe("<!channel> &amp;");
    expect(html(slackMrkdwn("&lt;!channel&gt; *b* <https://example.org/a?b=1&amp;c=2|link>"))).toBe(
      '&lt;!channel&gt; <span class="md-b">b</span> <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">link</a>',
    );
    expect(html(slackMrkdwn("<javascript:alert(1)|click>"))).toBe("click");
    expect(html(slackMrkdwn("<!here>"))).toBe('<span class="slack-mention">@here</span>');
    for (const bad of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "data:text/html,<script>",
      "vbscript:x",
      "//evil",
      "/x",
    ])
      expect(safeHref(bad), bad).toBeUndefined();
    expect(safeHref("https://example.org/x")).toBe("https://example.org/x");
  });
});

describe("a hostile card in the three renderings", () => {
  it("stays text: no element, handler or script link comes from the card", () => {
    const out = String(CardRenderings({ card: hostileCard }));
    expect(out).not.toMatch(/<(script|img|svg|iframe|b|i|u)[\s>]/i);
    expect(out).not.toMatch(/<[^>]*\son\w+=/i);
    expect(out).not.toMatch(/href="(?!\/cards\/a_hostile\/block-kit-builder")/);
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).not.toContain("slack-mention");
  });
});

describe("where a card's items lie in the article", () => {
  it("finds every quote and figure of the seed card verbatim, and marks overlapping spans as their union", () => {
    const article = readArticleFixture(SEED);
    const card = summarizer.summarize(article) as BriefingCard;
    const spans = findSpans(card, article.paragraphs);
    for (const [i, q] of card.quotes.entries()) {
      const span = spans.find((s) => s.id === `q${i}`);
      expect(article.text.slice(span?.start, span?.end)).toBe(q.text);
    }
    expect(spans.filter((s) => s.kind === "figure").length).toBeGreaterThanOrEqual(card.figures.length);
    const segments = segmentText("abcdefgh", [
      { id: "x", kind: "point", start: 0, end: 6 },
      { id: "y", kind: "quote", start: 2, end: 8 },
    ]);
    expect(segments.map((s) => [s.text, s.spans.join(","), s.starts.join(",")])).toEqual([
      ["ab", "x", "x"],
      ["cdef", "x,y", "y"],
      ["gh", "y", ""],
    ]);
    const marked = String(
      ArticleText({
        paragraphs: ["<script>x</script> and more"],
        spans: [{ id: "q0", kind: "quote", start: 0, end: 18 }],
      }),
    );
    expect(marked).toBe(
      '<div class="article-text"><span class="span-anchor" id="q0"></span><mark class="span span-quote" data-spans="q0">&lt;script&gt;x&lt;/script&gt;</mark> and more</div>',
    );
  });
});
