import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join, relative } from "node:path";

/** File endings read as articles. */
export const ARTICLE_EXTENSIONS = new Set([".txt", ".md", ".markdown", ".html", ".htm"]);

/** A folder that could not be listed, and why. */
export interface UnreadableFolder {
  path: string;
  reason: string;
}

/**
 * Article files under a folder, at any depth, sorted by path. A subfolder that cannot be read is
 * passed to `onUnreadable` and left out: the rest are still listed.
 *
 * @throws when `dir` itself cannot be read.
 */
export async function listArticleFiles(
  dir: string,
  onUnreadable: (folder: UnreadableFolder) => void = () => {},
): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string, top: boolean): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (top) throw error;
      onUnreadable({ path: folder, reason: folderReason(error) });
      return;
    }
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) await walk(path, false);
      else if (e.isFile() && ARTICLE_EXTENSIONS.has(extname(e.name).toLowerCase())) files.push(path);
    }
  };
  await walk(dir, true);
  return files.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}

/** Why a folder cannot be read, in words. */
export function folderReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "cannot read the folder (permission denied)";
  if (code === "ENOENT") return "no such folder";
  return `cannot read the folder (${code ?? (error as Error).message})`;
}
