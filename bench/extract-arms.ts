/** What the extraction benchmark compares: plain Readability on linkedom, and briefbot's extractor. */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { parseArticle } from "../src/article/parse.ts";
import { BriefbotError } from "../src/errors.ts";
import { articleFromPage } from "../src/ingest/page.ts";
import type { BenchPage } from "./extract-data.ts";

export interface Arm {
  name: string;
  label: string;
  /** The article body read from a page, or undefined when the extractor refuses the page. */
  extract: (page: BenchPage) => string | undefined;
}

/** Mozilla's Readability 0.6 with its defaults on a linkedom DOM, its `textContent` as the body. */
export const readabilityArm: Arm = {
  name: "readability",
  label: "Readability 0.6 on linkedom (plain)",
  extract(page) {
    const { document } = parseHTML(page.html);
    const parsed = new Readability(document as ConstructorParameters<typeof Readability>[0]).parse();
    const text = parsed?.textContent?.trim();
    return text ? text : undefined;
  },
};

function refusing(fn: (page: BenchPage) => string | undefined): (page: BenchPage) => string | undefined {
  return (page) => {
    try {
      return fn(page);
    } catch (error) {
      if (error instanceof BriefbotError) return undefined;
      throw error;
    }
  };
}

/** briefbot as a user meets it: a fetched page (`briefbot ingest URL`). */
export const urlArm: Arm = {
  name: "briefbot-url",
  label: "briefbot, a fetched page",
  extract: refusing((page) => articleFromPage(page.html, page.url).text),
};

/** briefbot as a user meets it: a saved page (`briefbot brief page.html`). */
export const fileArm: Arm = {
  name: "briefbot-file",
  label: "briefbot, a saved file",
  extract: refusing((page) => parseArticle(page.html, { format: "html", path: `${page.key}.html` }).text),
};

export const ARMS: readonly Arm[] = [readabilityArm, urlArm, fileArm];
