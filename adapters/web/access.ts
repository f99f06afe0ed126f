import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isLoopback } from "../../src/listen.ts";

/** The cookie the login form sets: an HMAC of the token, never the token itself. */
export const SESSION_COOKIE = "briefbot_console";
/** How long a login lasts. */
export const SESSION_SECONDS = 12 * 3600;

/** Equal strings in time that depends on neither their content nor their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The session cookie's value for a token: it proves a login without carrying the token. */
export function sessionValue(token: string): string {
  return createHmac("sha256", token).update("briefbot console session v1").digest("base64url");
}

/** What a request carries: nothing, the right token or session, or a wrong one. */
export type Credential = "none" | "valid" | "wrong";

/** Judge a request's `Authorization: Bearer …` header or session cookie against the token. */
export function checkCredential(
  token: string,
  authorization: string | undefined,
  cookie: string | undefined,
): Credential {
  if (authorization !== undefined) {
    const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return m && sameSecret(m[1] as string, token) ? "valid" : "wrong";
  }
  if (cookie !== undefined) return sameSecret(cookie, sessionValue(token)) ? "valid" : "wrong";
  return "none";
}

/**
 * Whether a `Host` header names this machine: without a token, the console answers only requests
 * addressed to loopback, so that a web page cannot reach it through a name it rebinds to 127.0.0.1.
 */
export function isLoopbackHostHeader(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const h = hostHeader.trim();
  const name = h.startsWith("[") ? h.slice(0, h.indexOf("]") + 1) : h.replace(/:\d+$/, "");
  return isLoopback(name);
}
