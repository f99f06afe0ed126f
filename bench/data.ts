/**
 * Loads the public evaluation data that lives outside the project (see `../shared/data/README.md`).
 * The texts belong to their publishers: they are read at run time and never copied into the project.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const CNNDM_FILE = "cnndm-summeval-dev.jsonl";
export const BBC_FILE = "bbc-news-summary-dev.jsonl";

export type DatasetName = "cnndm" | "bbc";

export interface BenchDoc {
  id: string;
  lang: string;
  text: string;
  reference: string;
  title?: string;
}

export interface Dataset {
  name: DatasetName;
  label: string;
  file: string;
  docs: BenchDoc[];
}

/** `$BRIEFBOT_BENCH_DATA`, else `../shared/data` relative to the repo root. */
export function dataDir(): string {
  const fromEnv = process.env.BRIEFBOT_BENCH_DATA;
  return fromEnv && fromEnv.trim() !== "" ? resolve(fromEnv) : resolve(REPO_ROOT, "..", "shared", "data");
}

export class MissingDataError extends Error {}

function parseLine(line: string, file: string, lineNo: number): BenchDoc {
  const row: unknown = JSON.parse(line);
  if (typeof row !== "object" || row === null) throw new Error(`${file}:${lineNo}: not a JSON object`);
  const r = row as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof r[key] === "string" ? (r[key] as string) : undefined);
  const id = str("id");
  const text = str("text");
  const reference = str("reference");
  if (!id || !text || !reference) throw new Error(`${file}:${lineNo}: missing id, text or reference`);
  const title = str("title");
  return { id, lang: str("lang") ?? "en", text, reference, ...(title ? { title } : {}) };
}

function loadJsonl(path: string): BenchDoc[] {
  const docs: BenchDoc[] = [];
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (line.trim() !== "") docs.push(parseLine(line, path, i + 1));
  });
  return docs;
}

/** Both benchmark files, optionally cut to their first `limit` docs; throws MissingDataError with a readable message. */
export function loadDatasets(limit?: number): Dataset[] {
  const dir = dataDir();
  const specs: Array<Omit<Dataset, "docs">> = [
    { name: "cnndm", label: "CNN/DM", file: CNNDM_FILE },
    { name: "bbc", label: "BBC", file: BBC_FILE },
  ];
  const missing = specs.map((s) => join(dir, s.file)).filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new MissingDataError(
      [
        `briefbot bench: benchmark data not found: ${missing.join(", ")}`,
        `Expected the folder ${dir} (../shared/data next to the repo) with ${CNNDM_FILE} and ${BBC_FILE},`,
        "or set BRIEFBOT_BENCH_DATA to the folder that holds them. The data is not part of the project.",
      ].join("\n"),
    );
  }
  return specs.map((s) => {
    const docs = loadJsonl(join(dir, s.file));
    return { ...s, docs: limit !== undefined ? docs.slice(0, limit) : docs };
  });
}
