import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BriefbotError } from "../../src/errors.ts";

/** A part of the service that `/readyz` asks: the store, each platform. */
export interface ReadinessCheck {
  name: string;
  /** `ok` when ready; otherwise what it is waiting for or what is wrong. */
  check(): Promise<string> | string;
}

/**
 * briefbot's one HTTP server, on `PORT`: `/healthz` (alive), `/readyz` (every check ok, with the
 * detail as JSON), and the listeners mounted under a prefix (Bolt's receiver under `/slack/`, the
 * web console at `/`).
 *
 * @example
 * const http = createHttpServer();
 * http.mount("/slack/", receiver.requestListener);
 * http.ready({ name: "store", check: () => "ok" });
 * await http.listen(3000, "0.0.0.0");
 */
export function createHttpServer() {
  const mounts: Array<{ prefix: string; listener: RequestListener }> = [];
  const checks: ReadinessCheck[] = [];
  let server: Server | undefined;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(text);
  };

  const readiness = async () => {
    const detail: Record<string, string> = {};
    for (const c of checks) {
      try {
        detail[c.name] = await c.check();
      } catch (error) {
        detail[c.name] = error instanceof Error ? error.message : String(error);
      }
    }
    return { ready: Object.values(detail).every((v) => v === "ok"), checks: detail };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] as string;
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) return json(res, 200, { status: "ok" });
    if (path === "/readyz" && (req.method === "GET" || req.method === "HEAD")) {
      readiness().then(
        (r) => json(res, r.ready ? 200 : 503, r),
        (error) => json(res, 500, { ready: false, error: String(error) }),
      );
      return;
    }
    const mount = mounts.find((m) => path.startsWith(m.prefix) || `${path}/` === m.prefix);
    if (mount) return mount.listener(req, res);
    json(res, 404, { error: "not found" });
  };

  return {
    /** Hand every request under `prefix` to `listener` (longest prefix first). */
    mount(prefix: string, listener: RequestListener) {
      mounts.push({ prefix, listener });
      mounts.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    /** Add a check to `/readyz`. */
    ready(check: ReadinessCheck) {
      checks.push(check);
    },
    readiness,
    /**
     * Listen on `port` and `host`; resolves to the port (a free one for `0`).
     * @throws {BriefbotError} naming PORT or HOST when the address is taken or not allowed.
     */
    async listen(port: number, host: string): Promise<number> {
      const s = createServer((req, res) => {
        try {
          handle(req, res);
        } catch {
          if (!res.headersSent) json(res, 500, { error: "internal error" });
        }
      });
      await new Promise<void>((resolve, reject) => {
        s.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
        s.listen(port, host, () => resolve());
      });
      server = s;
      return (s.address() as AddressInfo).port;
    },
    async close(): Promise<void> {
      const s = server;
      server = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}

export type HttpServer = ReturnType<typeof createHttpServer>;

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === "EADDRINUSE")
    return new BriefbotError(
      "CONFIG",
      `PORT ${port} is in use on ${host}: stop what listens there, or set PORT to a free port`,
    );
  if (error.code === "EACCES")
    return new BriefbotError("CONFIG", `PORT ${port} needs privileges on ${host}: set PORT to 1024 or above`);
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
    return new BriefbotError("CONFIG", `HOST ${host} is not an address of this machine: set HOST (0.0.0.0 for all)`);
  return error;
}
