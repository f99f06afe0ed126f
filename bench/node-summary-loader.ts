/**
 * Loads node-summary 1.2.0, which cannot be required as published: lib/summary.js mixes ES `import`
 * statements with `require()` and ships untranspiled (its own test script runs it through babel). Plain
 * Node 20 treats the file as an ES module and fails on `require`. We compile it in memory with the
 * babel-core + babel-preset-es2015 that node-summary itself depends on; node_modules is not modified.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { compileFunction } from "node:vm";

export type SortedSentencesCallback = (err: Error | null, sentences: string[]) => void;

export interface NodeSummaryModule {
  getSortedSentences(content: string, n: number, callback: SortedSentencesCallback): void;
}

interface BabelCore {
  transform(code: string, options: Record<string, unknown>): { code?: string | null };
}

interface CommonJsModule {
  exports: Record<string, unknown>;
}

let cached: NodeSummaryModule | undefined;

export function loadNodeSummary(): NodeSummaryModule {
  if (cached) return cached;
  const benchRequire = createRequire(import.meta.url);
  const file = benchRequire.resolve("node-summary/lib/summary.js");
  const peerRequire = createRequire(file);
  const babel = peerRequire("babel-core") as BabelCore;
  const { code } = babel.transform(readFileSync(file, "utf8"), {
    babelrc: false,
    filename: file,
    presets: [peerRequire.resolve("babel-preset-es2015")],
  });
  if (!code) throw new Error("node-summary: babel produced no code");
  const wrapper = compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], {
    filename: file,
  });
  const mod: CommonJsModule = { exports: {} };
  wrapper(mod.exports, peerRequire, mod, file, dirname(file));
  if (typeof mod.exports.getSortedSentences !== "function") {
    throw new Error("node-summary: compiled module has no getSortedSentences()");
  }
  cached = mod.exports as unknown as NodeSummaryModule;
  return cached;
}
