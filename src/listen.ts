import { isIP } from "node:net";

/**
 * Where briefbot's HTTP server listens (`HOST`), and what its web console then needs. On loopback
 * only this machine reaches it; anywhere else the console is open to the network and asks for
 * `BRIEFBOT_CONSOLE_TOKEN`.
 */

/** Whether `host` is a loopback address or name, reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Why the server may not start on `host`, in one line, or undefined when it may: off the loopback
 * the web console needs its token (or to be turned off).
 *
 * @example
 * consoleAccessProblem("0.0.0.0", { enabled: true }); // "BRIEFBOT_CONSOLE_TOKEN is required: HOST 0.0.0.0 is not …"
 * consoleAccessProblem("127.0.0.1", { enabled: true }); // undefined
 */
export function consoleAccessProblem(host: string, console: { enabled: boolean; token?: string }): string | undefined {
  if (!console.enabled || console.token || isLoopback(host)) return undefined;
  return `BRIEFBOT_CONSOLE_TOKEN is required: HOST ${host} is not a loopback address, so the web console would be open to the network (set BRIEFBOT_CONSOLE_TOKEN, e.g. openssl rand -hex 32; or HOST=127.0.0.1; or BRIEFBOT_CONSOLE=off)`;
}
