import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLES } from "../helpers.ts";
import { type Browser, haveBrowser, launchBrowser } from "./browser.ts";
import { buildConsoleLibrary, type ConsoleLibrary, type RunningConsole, startConsole } from "./library.ts";

const seed = JSON.parse(readFileSync(join(ARTICLES, "seed-expectations.json"), "utf8"))["poetin-2022-02.txt"] as {
  quotes: Array<{ text: string; speaker: string; role: string | null }>;
};

let library: ConsoleLibrary;
let server: RunningConsole;
let browser: Browser;

describe.skipIf(!haveBrowser())(
  "the web console in a real browser, on a library filled through the command line",
  () => {
    beforeAll(async () => {
      library = await buildConsoleLibrary();
      server = await startConsole(library);
      browser = await launchBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("lists the seed card with its five quotes and speakers in all three renderings", async () => {
      const { page, dialogs, errors } = await browser.page();
      await page.goto(`${server.url}/`);
      const card = page.locator(`article.card-item[id="card-${library.ids.seed}"]`);
      await expect(card.count()).resolves.toBe(1);
      const slackThread = (await card.locator(".slack .sk-thread").innerText()).replace(/\s+/g, " ");
      const discordThread = (await card.locator(".discord .dc-thread").innerText()).replace(/\s+/g, " ");
      const terminal = (await card.locator(".terminal pre").innerText()).replace(/\s+/g, " ");
      expect(seed.quotes).toHaveLength(5);
      for (const q of seed.quotes) {
        for (const rendering of [slackThread, discordThread, terminal]) {
          expect(rendering).toContain(q.text.replace(/[.,]$/, ""));
          expect(rendering).toContain(q.speaker);
        }
      }
      // Slack draws one section per quote in the thread, Discord one line per quote.
      await expect(card.locator(".slack .sk-thread .sk-section").count()).resolves.toBe(5);
      // The Block Kit Builder link goes through the console, which redirects with the payload.
      const builder = await card.locator(".slack .payload-link a").getAttribute("href");
      expect(builder).toBe(`/cards/${library.ids.seed}/block-kit-builder`);
      const redirect = await fetch(`${server.url}${builder}`, { redirect: "manual" });
      const location = redirect.headers.get("location") ?? "";
      expect(location).toMatch(/^https:\/\/app\.slack\.com\/block-kit-builder#/);
      expect(JSON.parse(decodeURIComponent(location.split("#")[1] ?? "")).blocks[0].type).toBe("header");
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("finds the seed card by searching for oekraine", async () => {
      const { page } = await browser.page();
      await page.goto(`${server.url}/`);
      await page.fill('input[name="q"]', "oekraine");
      await Promise.all([page.waitForURL(/q=oekraine/), page.click('form.filters button[type="submit"]')]);
      const first = page.locator("article.card-item").first();
      await expect(first.getAttribute("id")).resolves.toBe(`card-${library.ids.seed}`);
      await expect(page.locator("article.card-item").count()).resolves.toBeGreaterThanOrEqual(1);
      await page.close();
    });

    it("answers why not for a delivered article, a topic mismatch and a backlog article", async () => {
      const { page } = await browser.page();
      const answer = async (article: string, subscription: string) => {
        await page.goto(`${server.url}/why?article=${article}&subscription=${subscription}`);
        const row = page.locator("table.answers tbody tr");
        await expect(row.count()).resolves.toBe(1);
        return { kind: await row.getAttribute("data-kind"), text: await row.locator("td").nth(2).innerText() };
      };
      const delivered = await answer(library.ids.seed, "oekraine");
      expect(delivered.kind).toBe("delivered");
      expect(delivered.text).toMatch(/^Delivered as a card in the slot of .*, message \{.*"platform":"console"/);
      const mismatch = await answer(library.ids.seed, "havens");
      expect(mismatch).toEqual({
        kind: "off-topic",
        text: "Topic mismatch: it does not match the subscription's topic “haven”.",
      });
      const backlog = await answer(library.ids.backlog, "oekraine");
      expect(backlog.kind).toBe("backlog");
      expect(backlog.text).toMatch(/^Backlog: it was listed when its feed was first read/);
      await page.close();
    });

    it("renders a hostile article inert: its markup stays text, no script runs, no dialog opens, the policy holds", async () => {
      const watched = await browser.page();
      const { page } = watched;
      for (const path of [`/cards/${library.ids.hostile}`, "/?q=okonkwo", `/why?article=${library.ids.hostile}`]) {
        await page.goto(`${server.url}${path}`);
        const text = await page.locator("main").innerText();
        expect(text).toContain("<script>alert('title')</script>");
        if (path.startsWith("/cards/"))
          expect(text).toMatch(/One listing ran on without a single full stop, naming cheap lamps/);
        // The only script is the console's own file, and it ran; nothing the article wrote became an element.
        await expect(page.evaluate("[...document.scripts].map((s) => s.src)")).resolves.toEqual([
          `${server.url}/static/console.js`,
        ]);
        await expect(page.evaluate("document.body.dataset.script")).resolves.toBe("ran");
        await expect(page.evaluate("document.images.length")).resolves.toBe(0);
        await expect(
          page.evaluate("document.querySelectorAll('[onerror], [onclick], iframe, object').length"),
        ).resolves.toBe(0);
        // A link target is a web address or this console's own page, never a script.
        const hrefs = (await page.evaluate("[...document.links].map((a) => a.href)")) as string[];
        for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
        // Slack's `<!channel>` and Discord's `@everyone` are text, not mentions.
        await expect(page.locator(".slack-mention").count()).resolves.toBe(0);
        // The 20,000-character sentence wraps inside the page.
        const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
        expect(width).toBeLessThanOrEqual(1500);
      }
      // The policy refuses inline script outright: even a script element the test adds does not run.
      await expect(watched.violations()).resolves.toEqual([]);
      const injected = await page.evaluate(`(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true; alert('injected');";
      document.head.appendChild(s);
      return window.__injected ?? false;
    })()`);
      expect(injected).toBe(false);
      await expect(watched.violations()).resolves.toEqual(["script-src-elem inline"]);
      expect(watched.dialogs).toEqual([]);
      expect(watched.errors).toEqual([]);
      await page.close();
    });

    it("marks a quote's span in the article text when it is clicked", async () => {
      const { page } = await browser.page();
      await page.goto(`${server.url}/cards/${library.ids.seed}`);
      await page.click('a.span-link[data-span="q2"]');
      const marked = await page.locator("mark.hl").allInnerTexts();
      expect(marked.join("")).toBe(seed.quotes[2]?.text);
      await page.close();
    });

    it("shows the schedule with its next slots on the viewer's clock, and the ledger's delivery", async () => {
      const { page } = await browser.page();
      await page.goto(`${server.url}/schedule`);
      const sub = page.locator("#sub-oekraine");
      await expect(sub.locator("ul.slots li").count()).resolves.toBe(3);
      await expect(sub.locator(".viewer-time").first().innerText()).resolves.toMatch(/^ \(yours: /);
      await expect(sub.innerText()).resolves.toMatch(/\*\/5 \* \* \* \*/);
      await page.goto(`${server.url}/deliveries?subscription=oekraine`);
      const rows = page.locator("table.ledger tbody tr");
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().innerText()).resolves.toMatch(/delivered/);
      await expect(rows.first().locator("ol.carried a").first().getAttribute("href")).resolves.toBe(
        `/cards/${library.ids.seed}`,
      );
      await page.close();
    });
  },
);
