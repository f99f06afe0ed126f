import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { briefbot } from "../cli/run.ts";
import { FIXTURES } from "../helpers.ts";

const temp = () => mkdtempSync(join(tmpdir(), "briefbot-ingest-dedup-"));

/** A page whose only text is a list of results, not sentences: no article, the same on every page. */
function labelsPage(title: string): string {
  const items = Array.from(
    { length: 12 },
    (_, i) =>
      `<li>Round ${i + 1} of the Kestrel Bay coastal league between Westerkeer Rovers and Little Hensley United</li>`,
  ).join("");
  return `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body><main><ul class="standings">${items}</ul></main></body></html>`;
}

describe("briefbot ingest never loses a distinct article to deduplication", () => {
  it("keeps pages that extracted to the same non-article text, skips a true copy and says why", () => {
    const dir = temp();
    const data = temp();
    writeFileSync(join(dir, "a-cup-win.html"), labelsPage("Rovers win the cup"));
    writeFileSync(join(dir, "b-final-lost.html"), labelsPage("Rovers lose the final"));
    copyFileSync(join(FIXTURES, "extract", "several-articles.html"), join(dir, "c-ferry.html"));
    copyFileSync(join(FIXTURES, "extract", "several-articles.html"), join(dir, "d-ferry-copy.html"));

    // The two pages read as the same text: only that text, not the article, would make them one.
    const read = (name: string) => JSON.parse(briefbot(["extract", "--json", join(dir, name)]).stdout).text;
    expect(read("a-cup-win.html")).toBe(read("b-final-lost.html"));

    const r = briefbot(["ingest", "--json", dir, "--data-dir", data]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ added: 3, skipped: 1, failed: 0 });
    const copy = summary.items.find((i: { source: string }) => i.source.endsWith("d-ferry-copy.html"));
    const ferry = summary.items.find((i: { source: string }) => i.source.endsWith("c-ferry.html"));
    expect(copy).toMatchObject({ outcome: "skipped", reason: `duplicate of ${ferry.articleId} (same text and title)` });

    const again = briefbot(["ingest", dir, "--data-dir", data]);
    expect(again.stdout).toMatch(/d-ferry-copy\.html: duplicate of a_[0-9a-f]{20} \(same text and title\)/);
  });
});
