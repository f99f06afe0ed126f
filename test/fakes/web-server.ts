import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFeedStore, type FeedStore } from "./web-feeds.ts";

/** Where every body the fake web server sends comes from; see its README.md for the list. */
export const WEB_FIXTURES = fileURLToPath(new URL("../fixtures/web/", import.meta.url));

/** What the server did with a request; updated while the response is under way. */
export interface RecordedResponse {
  /** The status sent; 0 until the headers have gone out. */
  status: number;
  /** Body bytes handed to the socket so far (grows while `/huge` streams). */
  bodyBytes: number;
  /** `aborted`: the connection closed before the body was complete (a client timeout, abort or size cap). */
  outcome: "pending" | "finished" | "aborted";
}

/** One request as the server received it, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** The request target as sent, query string included: `/feeds/news.rss?x=1`. */
  path: string;
  /** Lower-cased names, as node:http gives them: `headers["if-none-match"]`. */
  headers: IncomingHttpHeaders;
  response: RecordedResponse;
}

export interface WebServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  /** Stops listening and destroys open sockets (a pending `/slow`, a streaming `/huge`). Safe to call twice. */
  close(): Promise<void>;
  /**
   * Replaces the body of `/feeds/<name>.<ext>` (`{{BASE}}` is substituted as for the files); the ETag
   * changes with the body and Last-Modified moves one minute later. Throws on an unknown name.
   */
  setFeed(name: string, xml: string): void;
}

/** Stalls `/slow` this long after its headers: far beyond any client timeout under test. */
const SLOW_MS = 30_000;
/** `/huge` sends exactly this many body bytes, unless the client goes away first. */
export const HUGE_BYTES = 50 * 1024 * 1024;
/** `/redirect/<n>` for n up to this; longer than fetch's own limit of 20. */
const MAX_REDIRECT_CHAIN = 99;
/** Pages served with something other than `text/html; charset=utf-8`. */
const PAGE_CONTENT_TYPES: Record<string, string> = {
  "windows-1252": "text/html; charset=windows-1252",
  "meta-charset": "text/html",
};
const HTML = "text/html; charset=utf-8";

interface Exchange {
  res: ServerResponse;
  record: RecordedRequest;
}
type Handler = (ex: Exchange, match: RegExpExecArray) => void;

/**
 * Starts a fake news site on 127.0.0.1 and an ephemeral port: article pages, feeds with conditional
 * requests, redirects, error statuses, a stalled response, a 50 MiB body and a PDF. Every body is a file
 * under `test/fixtures/web/`; the routes are listed in its README.md.
 *
 * @example
 * const web = await startWebServer();
 * afterAll(() => web.close());
 * const res = await fetch(`${web.url}/feeds/news.rss`);
 * expect(web.requests.map((r) => r.path)).toEqual(["/feeds/news.rss"]);
 */
export async function startWebServer(): Promise<WebServer> {
  const pages = readDir("pages");
  const responses = readDir("responses");
  const requests: RecordedRequest[] = [];
  let feeds: FeedStore | undefined;

  const routes: Array<[RegExp, Handler]> = [
    [
      /^\/articles\/([a-z0-9-]+)\.html$/,
      (ex, [, name]) => {
        const page = pages.get(`${name}.html`);
        if (!page) return sendStatus(ex, 404);
        send(ex, 200, { "content-type": PAGE_CONTENT_TYPES[name!] ?? HTML }, page);
      },
    ],
    [
      /^\/redirect\/(\d+)$/,
      (ex, [, n]) => {
        const hops = Number(n);
        if (hops < 1 || hops > MAX_REDIRECT_CHAIN) return sendStatus(ex, 404);
        send(ex, 302, { location: hops === 1 ? "/articles/en-budget.html" : `/redirect/${hops - 1}` });
      },
    ],
    [/^\/redirect-loop$/, (ex) => send(ex, 302, { location: "/redirect-loop" })],
    [
      /^\/redirect-to$/,
      (ex) => {
        const target = new URL(ex.record.path, "http://fake.invalid").searchParams.get("url");
        if (!target) return sendStatus(ex, 400);
        send(ex, 302, { location: target });
      },
    ],
    [
      /^\/status\/(\d{3})$/,
      (ex, [, code]) => {
        const status = Number(code);
        sendStatus(ex, status >= 200 && status <= 599 ? status : 404);
      },
    ],
    [/^\/slow$/, (ex) => stall(ex, responses.get("slow.html")!)],
    [/^\/huge$/, (ex) => void streamHuge(ex, responses.get("huge-head.html")!, responses.get("huge-paragraph.html")!)],
    [/^\/pdf$/, (ex) => send(ex, 200, { "content-type": "application/pdf" }, responses.get("tiny.pdf")!)],
    [
      /^\/feeds\/([a-z0-9-]+)\.(rss|atom|xml)$/,
      (ex, [, name, ext]) => {
        const feed = feeds!.get(name!);
        if (!feed || feed.ext !== ext) return sendStatus(ex, 404);
        const validators = { etag: feed.etag, "last-modified": new Date(feed.lastModified).toUTCString() };
        if (feeds!.isNotModified(feed, ex.record.headers)) return send(ex, 304, validators);
        send(ex, 200, { "content-type": feed.contentType, ...validators }, feed.body);
      },
    ],
  ];

  /** `status` with the small page from responses/status.html; 204 and 304 go out without a body. */
  function sendStatus(ex: Exchange, status: number): void {
    const headers: Record<string, string> = { "content-type": HTML };
    if (status === 429 || status === 503) headers["retry-after"] = "1";
    const body = responses
      .get("status.html")!
      .toString("utf8")
      .replaceAll("{{CODE}}", String(status))
      .replaceAll("{{REASON}}", STATUS_CODES[status] ?? "Unknown");
    if (status === 204 || status === 304) send(ex, status, {});
    else send(ex, status, headers, body);
  }

  const server = createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      response: { status: 0, bodyBytes: 0, outcome: "pending" },
    };
    requests.push(record);
    res.on("finish", () => {
      record.response.outcome = "finished";
    });
    res.on("close", () => {
      if (record.response.outcome === "pending") record.response.outcome = "aborted";
    });
    const ex = { res, record };
    const pathname = new URL(record.path, "http://fake.invalid").pathname;
    try {
      for (const [pattern, handle] of routes) {
        const match = pattern.exec(pathname);
        if (match) return handle(ex, match);
      }
      sendStatus(ex, 404);
    } catch (error) {
      if (!res.headersSent) sendStatus(ex, 500);
      else res.destroy(error as Error);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  feeds = createFeedStore(readDir("feeds"), url);

  let closing: Promise<void> | undefined;
  return {
    url,
    requests,
    setFeed: (name, xml) => feeds!.set(name, xml),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function readDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(join(WEB_FIXTURES, dir))) files.set(name, readFileSync(join(WEB_FIXTURES, dir, name)));
  return files;
}

/** A complete response with a Content-Length (none for 204 and 304, which have no body by definition). */
function send(ex: Exchange, status: number, headers: Record<string, string>, body?: Buffer | string): void {
  const bytes = Buffer.from(body ?? "");
  const length = status === 204 || status === 304 ? {} : { "content-length": String(bytes.length) };
  ex.record.response.status = status;
  ex.res.writeHead(status, { ...headers, ...length });
  ex.record.response.bodyBytes = ex.record.method === "HEAD" ? 0 : bytes.length;
  ex.res.end(bytes.length > 0 ? bytes : undefined);
}

/** Headers now, the body after SLOW_MS; a closed connection clears the timer, so nothing outlives close(). */
function stall(ex: Exchange, body: Buffer): void {
  ex.record.response.status = 200;
  ex.res.writeHead(200, { "content-type": HTML });
  ex.res.flushHeaders();
  const timer = setTimeout(() => {
    ex.record.response.bodyBytes = body.length;
    ex.res.end(body);
  }, SLOW_MS);
  timer.unref();
  ex.res.on("close", () => clearTimeout(timer));
}

/** HUGE_BYTES of whole paragraphs, chunked, no Content-Length; honours backpressure and stops on disconnect. */
async function streamHuge(ex: Exchange, head: Buffer, paragraph: Buffer): Promise<void> {
  const { res, record } = ex;
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(65_536 / paragraph.length) }, () => paragraph));
  record.response.status = 200;
  res.writeHead(200, { "content-type": HTML });
  let sent = 0;
  let next: Buffer = head;
  while (sent < HUGE_BYTES && !res.destroyed) {
    const piece = next.subarray(0, HUGE_BYTES - sent);
    sent += piece.length;
    record.response.bodyBytes = sent;
    next = chunk;
    if (!res.write(piece)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end();
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
