import { createHash } from "node:crypto";
import type { DiscordRoute, Reply } from "./http.ts";

/**
 * A failure to inject on the next matching request.
 * - 429: `retryAfter` in seconds, fractional allowed. Sent like Discord: `Retry-After` rounded UP to
 *   whole seconds, the exact value in `X-RateLimit-Reset-After` and the body's `retry_after`.
 *   `global` sends only `Retry-After`, `X-RateLimit-Global` and `X-RateLimit-Scope: global`.
 * - 500/502/503: `commit: true` lets the request take effect first (the message IS created), then
 *   fails it: what a client sees when Discord succeeds but the response is lost.
 * - `hang`: never answers (the client's own timeout fires); `commit` as above.
 */
export type DiscordFault =
  | { status: 429; retryAfter: number; global?: boolean; scope?: "user" | "shared" }
  | { status: 500 | 502 | 503; commit?: boolean }
  | { status: 403; code: 50001 | 50013 }
  | { status: 404; code: 10003 | 10008 }
  | { hang: true; commit?: boolean };

const BUCKET_LIMIT = 5;
const BUCKET_WINDOW_S = 5;

const bucketHash = (route: DiscordRoute) => createHash("sha1").update(route).digest("hex").slice(0, 32);
const epochSeconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * Plausible headers for a request that went through: the bucket is never exhausted, so
 * @discordjs/rest never waits on its own (a `Remaining: 0` here would make it sleep until the reset).
 */
export function rateLimitHeaders(route: DiscordRoute, now: number): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(BUCKET_LIMIT),
    "X-RateLimit-Remaining": String(BUCKET_LIMIT - 1),
    "X-RateLimit-Reset": epochSeconds(now + BUCKET_WINDOW_S * 1000),
    "X-RateLimit-Reset-After": BUCKET_WINDOW_S.toFixed(3),
    "X-RateLimit-Bucket": bucketHash(route),
  };
}

/** The response for a status fault (not `hang`), headers and body as Discord sends them. */
export function faultReply(fault: Exclude<DiscordFault, { hang: true }>, route: DiscordRoute, now: number): Reply {
  switch (fault.status) {
    case 429:
      return rateLimited(fault, route, now);
    case 500:
      return { status: 500, body: { message: "500: Internal Server Error", code: 0 } };
    case 502:
    case 503:
      return { status: fault.status, body: cloudflarePage(fault.status), headers: { "Content-Type": "text/html" } };
    case 403:
      return {
        status: 403,
        body: { message: fault.code === 50001 ? "Missing Access" : "Missing Permissions", code: fault.code },
      };
    case 404:
      return {
        status: 404,
        body: { message: fault.code === 10003 ? "Unknown Channel" : "Unknown Message", code: fault.code },
      };
  }
}

function rateLimited(fault: Extract<DiscordFault, { status: 429 }>, route: DiscordRoute, now: number): Reply {
  const retryAfter = fault.retryAfter;
  const headers: Record<string, string> = { "Retry-After": String(Math.ceil(retryAfter)) };
  if (fault.global) {
    headers["X-RateLimit-Global"] = "true";
    headers["X-RateLimit-Scope"] = "global";
  } else {
    const shared = fault.scope === "shared";
    Object.assign(headers, {
      "X-RateLimit-Limit": String(BUCKET_LIMIT),
      "X-RateLimit-Remaining": shared ? String(BUCKET_LIMIT - 1) : "0",
      "X-RateLimit-Reset": epochSeconds(now + retryAfter * 1000),
      "X-RateLimit-Reset-After": retryAfter.toFixed(3),
      "X-RateLimit-Bucket": bucketHash(route),
      "X-RateLimit-Scope": shared ? "shared" : "user",
    });
  }
  const message = fault.scope === "shared" ? "The resource is being rate limited." : "You are being rate limited.";
  return { status: 429, headers, body: { message, retry_after: retryAfter, global: fault.global === true } };
}

function cloudflarePage(status: 502 | 503): string {
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>cloudflare</center></body></html>`;
}

/** Per-route queues of faults, each taken by exactly one request. */
/** A queued place-holder: this request goes through. */
const PASS = { status: 503 } as DiscordFault;

export function createFaultQueue() {
  const queues = new Map<DiscordRoute, DiscordFault[]>();
  return {
    add(route: DiscordRoute, fault: DiscordFault, times: number): void {
      const queue = queues.get(route) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      queues.set(route, queue);
    },
    /** Let the next `count` requests on `route` through before the faults queued after them. */
    pass(route: DiscordRoute, count: number): void {
      const queue = queues.get(route) ?? [];
      for (let i = 0; i < count; i++) queue.push(PASS);
      queues.set(route, queue);
    },
    take: (route: DiscordRoute): DiscordFault | undefined => {
      const fault = queues.get(route)?.shift();
      return fault === PASS ? undefined : fault;
    },
    clear: () => queues.clear(),
  };
}
