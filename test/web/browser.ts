import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). Playwright never downloads one. */
export const CHROMIUM = process.env.BRIEFBOT_CHROMIUM ?? "/usr/bin/chromium";

/** Whether the browser tests can run here; in CI a missing browser is a failure, not a skip. */
export function haveBrowser(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install chromium`);
  process.stderr.write(`note: ${CHROMIUM} is absent (apt-get install chromium), so the browser tests are skipped\n`);
  return false;
}

/**
 * The flags this machine needs: no sandbox (root), no GPU, and none of Chromium's own traffic
 * (updates, sync, QUIC), whose connections the closed network would refuse.
 */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  /** A new page that records every dialog (and dismisses it), page error and policy violation. */
  page(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  dialogs: string[];
  errors: string[];
  /** `securitypolicyviolation` events the page saw: what the policy refused. */
  violations(): Promise<string[]>;
}

/** Headless Chromium with a fresh profile, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "briefbot-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1500, height: 1000 },
  });
  // Init scripts run before the page's own and are not subject to its policy: they only listen.
  await context.addInitScript({
    content: `window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));`,
  });
  return {
    context,
    async page() {
      const page = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on("pageerror", (e) => errors.push(e.message));
      return {
        page,
        dialogs,
        errors,
        violations: () => page.evaluate("window.__violations ?? []") as Promise<string[]>,
      };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
