import { isIP } from "node:net";
import iconv from "iconv-lite";
import { Agent, fetch as undiciFetch } from "undici";
import { FetchError } from "../errors.ts";
import {
  type AddressPolicy,
  ForbiddenAddressError,
  guardedLookup,
  isForbiddenAddress,
  NO_EXCEPTIONS,
} from "./address.ts";

export interface FetchOptions {
  /** The whole fetch, redirects and body included (default 15 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 5 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Conditional request: answered 304 when the resource has not changed. */
  etag?: string | null;
  lastModified?: string | null;
  /** Content types accepted, as prefixes (`text/html`, `application/rss+xml`). */
  accept?: readonly string[];
  userAgent?: string;
  /** Hosts and ranges that may be fetched although private (`BRIEFBOT_FETCH_ALLOW`); none by default. */
  allow?: AddressPolicy;
}

export interface Fetched {
  /** The URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string;
  body: string;
  etag: string | null;
  lastModified: string | null;
}

export const DEFAULT_FETCH: Required<Pick<FetchOptions, "timeoutMs" | "maxBytes" | "maxRedirects" | "userAgent">> = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: "briefbot/0.1 (+https://github.com/briefbot/briefbot)",
};

export const HTML_TYPES = ["text/html", "application/xhtml+xml"] as const;
export const FEED_TYPES = [
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/xml",
  "text/xml",
  "application/feed+json",
] as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetch a page or feed the careful way: one deadline for the whole exchange, a cap on the body,
 * a limit on redirects, a content-type check, and the body decoded by its declared charset (HTTP
 * header, byte-order mark, `<meta charset>` or `<?xml encoding>`). Every failure is a
 * {@link FetchError} whose message starts with the URL.
 */
export async function fetchText(url: string, options: FetchOptions = {}): Promise<Fetched> {
  const o = { ...DEFAULT_FETCH, ...options };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs);
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const res = await request(url, current, controller.signal, o);
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel();
        const location = res.headers.get("location");
        if (!location)
          throw new FetchError(`${url}: redirect ${res.status} without a Location`, { status: res.status });
        if (hop >= o.maxRedirects) throw new FetchError(`${url}: too many redirects (more than ${o.maxRedirects})`);
        current = new URL(location, current).toString();
        continue;
      }
      const common = {
        url: current,
        status: res.status,
        contentType: res.headers.get("content-type") ?? "",
        etag: res.headers.get("etag"),
        lastModified: res.headers.get("last-modified"),
      };
      if (res.status === 304) {
        await res.body?.cancel();
        return { ...common, notModified: true, body: "" };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new FetchError(`${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`, {
          status: res.status,
        });
      }
      const type = common.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
      if (o.accept && type && !o.accept.some((a) => type === a)) {
        await res.body?.cancel();
        throw new FetchError(`${url}: unexpected content type ${type} (expected ${o.accept.join(", ")})`);
      }
      const declared = res.headers.get("content-length");
      if (declared && Number(declared) > o.maxBytes) {
        await res.body?.cancel();
        throw new FetchError(`${url}: body of ${declared} bytes is over the limit of ${o.maxBytes}`);
      }
      const bytes = await readCapped(url, res, o.maxBytes);
      return { ...common, notModified: false, body: decodeBody(url, bytes, common.contentType) };
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (controller.signal.aborted) {
      throw new FetchError(`${url}: timed out after ${formatSeconds(o.timeoutMs)}`, { cause: error, transient: true });
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause instanceof ForbiddenAddressError)
      throw new FetchError(`${url}: refused: ${cause.message}`, { cause: error });
    throw new FetchError(`${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, {
      cause: error,
      transient: true,
    });
  } finally {
    clearTimeout(timer);
  }
}

function request(
  original: string,
  url: string,
  signal: AbortSignal,
  o: FetchOptions & typeof DEFAULT_FETCH,
): Promise<Response> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(`${original}: not a valid URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new FetchError(`${original}: only http and https URLs can be fetched`);
  }
  const policy = o.allow ?? NO_EXCEPTIONS;
  // Every hop is checked: an address in the URL here, a name when the connection resolves it.
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !policy.hosts.has(host) && isForbiddenAddress(host, policy)) {
    throw new FetchError(
      `${original}: refused: ${url === original ? "" : `it redirects to ${url}, `}${host} is a private address; see BRIEFBOT_FETCH_ALLOW`,
    );
  }
  const headers: Record<string, string> = {
    "user-agent": o.userAgent,
    accept: o.accept ? `${o.accept.join(", ")};q=0.9, */*;q=0.1` : "*/*",
  };
  if (o.etag) headers["if-none-match"] = o.etag;
  if (o.lastModified) headers["if-modified-since"] = o.lastModified;
  return undiciFetch(parsed, {
    redirect: "manual",
    signal,
    headers,
    dispatcher: agentFor(policy),
  }) as unknown as Promise<Response>;
}

const agents = new Map<string, Agent>();

/** One connection pool per allow list, whose connections resolve names through the guard. */
function agentFor(policy: AddressPolicy): Agent {
  let agent = agents.get(policy.text);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(policy) } });
    agents.set(policy.text, agent);
  }
  return agent;
}

async function readCapped(url: string, res: Response, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FetchError(`${url}: body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Decode a body by the charset its header, byte-order mark or markup declares; UTF-8 otherwise.
 * UTF-8 is decoded strictly (a body that is not UTF-8 is an error naming the source); other
 * charsets go through iconv-lite, because Node 20's own TextDecoder reads windows-1252 as
 * Latin-1 and turns €, “ and ” into control characters (nodejs/node#60888).
 */
export function decodeBody(url: string, bytes: Uint8Array, contentType: string): string {
  const label = charsetOf(bytes, contentType);
  if (label === "utf-8" || label === "utf8") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      throw new FetchError(`${url}: body is not valid utf-8 text (wrong charset?)`, { cause: error });
    }
  }
  // WHATWG: latin1, iso-8859-1 and ascii all mean windows-1252 on the web.
  const encoding = /^(latin1|l1|iso-8859-1|iso8859-1|iso_8859-1|us-ascii|ascii|cp1252)$/.test(label)
    ? "windows-1252"
    : label;
  if (!iconv.encodingExists(encoding)) throw new FetchError(`${url}: unsupported charset ${label}`);
  return iconv.decode(Buffer.from(bytes), encoding);
}

function charsetOf(bytes: Uint8Array, contentType: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const header = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (header) return header.toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1];
  return (meta ?? "utf-8").toLowerCase();
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
