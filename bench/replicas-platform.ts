import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A post the platform took. */
export interface TakenPost {
  channel: string;
  deliveryId: string;
  at: number;
}

/**
 * A chat platform on 127.0.0.1 with a rate ceiling shared by every client (a platform's limit is
 * per bot token, whichever replica posts): a token bucket of `ceiling` a second, a 429 with
 * Retry-After past it. `POST /post` takes a message after `latencyMs`; `GET /find` finds one by its
 * delivery id, as Slack metadata or a Discord nonce let a bot find its own post after a crash.
 */
export async function startCeilingPlatform(ceiling: number, latencyMs: number) {
  const posts: TakenPost[] = [];
  let tokens = ceiling / 10;
  let last = performance.now();
  let rejected = 0;
  const take = (): number => {
    const t = performance.now();
    // A burst of a tenth of a second's worth: pacing, not bursts, is what keeps a client under it.
    tokens = Math.min(ceiling / 10, tokens + ((t - last) / 1000) * ceiling);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / ceiling) * 1000);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/find") {
      const id = url.searchParams.get("deliveryId");
      const found = posts.find((p) => p.deliveryId === id);
      res.writeHead(found ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(found ?? {}));
      return;
    }
    if (req.method === "POST" && url.pathname === "/post") {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        const wait = take();
        if (wait > 0) {
          rejected++;
          res.writeHead(429, { "retry-after-ms": String(wait) }).end();
          return;
        }
        setTimeout(() => {
          const { channel, deliveryId } = JSON.parse(body) as { channel: string; deliveryId: string };
          posts.push({ channel, deliveryId, at: performance.now() });
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: String(posts.length) }));
        }, latencyMs);
      });
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    get rejected() {
      return rejected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
