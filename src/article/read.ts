import { readFile, stat } from "node:fs/promises";
import { InputError } from "../errors.ts";

/** Articles larger than this are refused unless the caller raises the limit. */
export const DEFAULT_MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

export interface ReadOptions {
  maxBytes?: number;
  /** Where `-` reads from; standard input by default. */
  stdin?: NodeJS.ReadableStream;
}

/**
 * Read an article file (or `-` for standard input) as UTF-8 text, refusing with one clear
 * {@link InputError} what cannot be an article: a missing file, a directory, an empty, binary,
 * non-UTF-8 or oversized input.
 */
export async function readArticleInput(path: string, options: ReadOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  const bytes =
    path === "-" ? await readStream(options.stdin ?? process.stdin, maxBytes) : await readPath(path, maxBytes);
  return decodeArticleBytes(bytes, path === "-" ? "standard input" : path, maxBytes);
}

/** Check and decode the bytes of an article. */
export function decodeArticleBytes(bytes: Uint8Array, where: string, maxBytes = DEFAULT_MAX_ARTICLE_BYTES): string {
  if (bytes.length > maxBytes) {
    throw new InputError(`${where}: too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)})`);
  }
  if (bytes.length === 0) throw new InputError(`${where}: empty file, nothing to brief`);
  if (bytes.includes(0)) throw new InputError(`${where}: binary data, not a text article`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    const at = firstInvalidUtf8(bytes);
    throw new InputError(`${where}: not UTF-8 text (invalid byte at offset ${at}); convert it to UTF-8`, {
      cause: error,
    });
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.01) throw new InputError(`${where}: binary data, not a text article`);
  if (text.replace(/^\uFEFF/, "").trim() === "") throw new InputError(`${where}: empty file, nothing to brief`);
  return text;
}

async function readPath(path: string, maxBytes: number): Promise<Uint8Array> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`${path}: no such file`, { cause: error });
    if (code === "EACCES") throw new InputError(`${path}: permission denied`, { cause: error });
    throw new InputError(`${path}: cannot read (${code ?? (error as Error).message})`, { cause: error });
  }
  if (info.isDirectory()) throw new InputError(`${path}: is a directory; give an article file`);
  if (!info.isFile()) throw new InputError(`${path}: not a regular file`);
  if (info.size > maxBytes) {
    throw new InputError(`${path}: too large (${formatBytes(info.size)}; the limit is ${formatBytes(maxBytes)})`);
  }
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") throw new InputError(`${path}: permission denied`, { cause: error });
    throw new InputError(`${path}: cannot read (${code ?? (error as Error).message})`, { cause: error });
  }
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) {
      throw new InputError(`standard input: too large (over ${formatBytes(maxBytes)}, the limit)`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Offset of the first byte that breaks UTF-8 (a bad lead byte or a missing continuation byte). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
