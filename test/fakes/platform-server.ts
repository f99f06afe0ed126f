import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake chat platform received: one entry per post it accepted. */
export interface PlatformPost {
  channel: string;
  deliveryId: string;
  title: string;
  at: number;
}

export interface PlatformServer {
  url: string;
  posts: PlatformPost[];
  close(): Promise<void>;
}

/**
 * A minimal chat platform on 127.0.0.1 for crash tests: `POST /post` stores a message (after
 * `latencyMs`), `GET /find?channel=&deliveryId=` looks one up, the way Slack metadata or a
 * Discord nonce lets a bot find its own post after a crash.
 */
export async function startPlatformServer(latencyMs = 0): Promise<PlatformServer> {
  const posts: PlatformPost[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/find") {
      const found = posts.find(
        (p) => p.channel === url.searchParams.get("channel") && p.deliveryId === url.searchParams.get("deliveryId"),
      );
      res.writeHead(found ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(found ?? {}));
      return;
    }
    if (req.method === "POST" && url.pathname === "/post") {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        setTimeout(() => {
          const { channel, deliveryId, title } = JSON.parse(body);
          const post = { channel, deliveryId, title, at: Date.now() };
          posts.push(post);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: String(posts.length) }));
        }, latencyMs);
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
