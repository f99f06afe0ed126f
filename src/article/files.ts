import { readdir } from "node:fs/promises";
import { extname, join, relative } from "node:path";

/** File endings read as articles. */
export const ARTICLE_EXTENSIONS = new Set([".txt", ".md", ".markdown", ".html", ".htm"]);

/** Article files under a folder, at any depth, sorted by path. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && ARTICLE_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath ?? dir, e.name))
    .sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}
