import { stat } from "node:fs/promises";
import { ARTICLE_EXTENSIONS, folderReason, listArticleFiles, type UnreadableFolder } from "../article/files.ts";
import { type ArticleFormat, parseArticle } from "../article/parse.ts";
import { readArticleInput } from "../article/read.ts";
import { BriefbotError, InputError } from "../errors.ts";
import type { BriefingCard } from "../schemas.ts";
import type { Summarizer } from "../summarize/port.ts";

export interface BriefOptions {
  json?: boolean;
  lang?: string;
  format?: ArticleFormat;
  maxBytes?: number;
}

export interface BriefIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Renders a card for a terminal (the console adapter's renderer). */
  renderCard: (card: BriefingCard) => string;
  stdin?: NodeJS.ReadableStream;
  summarizer: Summarizer;
}

/**
 * `briefbot brief [file|-|dir]`: card for one article, or for every article under a folder
 * (the bundled `briefings/` when no argument is given). Returns the exit status: 0 when every
 * article was briefed, 1 when any input was refused (the others are still printed).
 */
export async function runBrief(target: string, opts: BriefOptions, io: BriefIO): Promise<number> {
  let failed = 0;
  const files = await resolveTargets(target, (folder) => {
    failed++;
    io.stderr(`briefbot: ${folder.path}: ${folder.reason}\n`);
  });
  const cards: BriefingCard[] = [];
  for (const file of files) {
    try {
      const text = await readArticleInput(file, { maxBytes: opts.maxBytes, stdin: io.stdin });
      const article = parseArticle(text, {
        path: file === "-" ? undefined : file,
        lang: opts.lang,
        format: opts.format,
      });
      const card = await io.summarizer.summarize(article);
      cards.push(card);
      if (!opts.json) io.stdout(`${files.length > 1 ? "\n" : ""}${io.renderCard(card)}`);
    } catch (error) {
      if (!(error instanceof BriefbotError)) throw error;
      failed++;
      io.stderr(`briefbot: ${error.message}\n`);
    }
  }
  if (opts.json) {
    const single = files.length === 1 && !(await isDirectory(target));
    if (!single || cards.length > 0) io.stdout(`${JSON.stringify(single ? cards[0] : cards, null, 2)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

async function resolveTargets(target: string, onUnreadable: (folder: UnreadableFolder) => void): Promise<string[]> {
  if (target === "-") return ["-"];
  if (!(await isDirectory(target))) return [target];
  let files: string[];
  try {
    files = await listArticleFiles(target, onUnreadable);
  } catch (error) {
    throw new InputError(`${target}: ${folderReason(error)}`, { cause: error });
  }
  if (files.length === 0) {
    throw new InputError(`${target}: no articles (${[...ARTICLE_EXTENSIONS].join(", ")}) in this folder`);
  }
  return files;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
