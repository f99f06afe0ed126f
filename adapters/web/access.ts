import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isLoopback } from "../../src/listen.ts";

/** The cookie the login form sets: when it ends, signed with the token (HMAC), never the token itself. */
export const SESSION_COOKIE = "briefbot_console";
/** How long a login lasts. */
export const SESSION_SECONDS = 12 * 3600;

/** Equal strings in time that depends on neither their content nor their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

const sign = (token: string, until: number) =>
  createHmac("sha256", token).update(`briefbot console session v1 ${until}`).digest("base64url");

/**
 * The session cookie's value for a login made at `now`: when the session ends, and that instant
 * signed with the token. It proves a login without carrying the token, and ends by itself.
 */
export function sessionValue(token: string, now: number): string {
  const until = Math.floor(now / 1000) + SESSION_SECONDS;
  return `${until}.${sign(token, until)}`;
}

/** Whether a session cookie was signed with the token and has not ended by `now`. */
function validSession(token: string, cookie: string, now: number): boolean {
  const dot = cookie.indexOf(".");
  const until = Number(cookie.slice(0, dot));
  if (dot < 1 || !Number.isInteger(until)) return false;
  // Compared before the time is looked at, so a forged cookie and an old one take the same time.
  const signed = sameSecret(cookie.slice(dot + 1), sign(token, until));
  return signed && until * 1000 > now;
}

/** What a request carries: nothing, the right token or session, or a wrong one. */
export type Credential = "none" | "valid" | "wrong";

/** Judge a request's `Authorization: Bearer …` header or session cookie against the token. */
export function checkCredential(
  token: string,
  authorization: string | undefined,
  cookie: string | undefined,
  now = Date.now(),
): Credential {
  if (authorization !== undefined) {
    const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return m && sameSecret(m[1] as string, token) ? "valid" : "wrong";
  }
  if (cookie !== undefined) return validSession(token, cookie, now) ? "valid" : "wrong";
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
