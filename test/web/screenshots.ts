/**
 * Redraws the web console's pictures in `docs/` from the browser tests' library (the seed, the
 * fixture articles, a feed, two briefings and their deliveries), in Debian's Chromium:
 * `npm run screenshots`. Not a test: pictures change with every style rule.
 */
import { join } from "node:path";
import { ROOT } from "../helpers.ts";
import { haveBrowser, launchBrowser } from "./browser.ts";
import { buildConsoleLibrary, startConsole } from "./library.ts";

if (!haveBrowser()) process.exit(2);
const library = await buildConsoleLibrary();
const server = await startConsole(library);
const browser = await launchBrowser();
try {
  const shots: Array<[string, string, { clip?: string; full?: boolean }]> = [
    ["console-library.png", "/?q=oekraine", {}],
    ["console-card.png", `/cards/${library.ids.seed}#q2`, { clip: "section.article" }],
    ["console-schedule.png", "/schedule", { full: true }],
    ["console-deliveries.png", "/deliveries", { full: true }],
    ["console-why.png", `/why?article=${library.ids.seed}`, { full: true }],
  ];
  for (const [file, path, options] of shots) {
    const { page } = await browser.page();
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState("networkidle");
    const target = join(ROOT, "docs", file);
    if (options.clip) await page.locator(options.clip).first().screenshot({ path: target });
    else await page.screenshot({ path: target, fullPage: Boolean(options.full) });
    process.stdout.write(`${target}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
