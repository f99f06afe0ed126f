import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import {
  createWorkspace,
  type FakeSlackChannel,
  type FakeSlackEphemeral,
  type FakeSlackMessage,
  type FakeSlackUser,
  type Params,
} from "./workspace.ts";

export type { FakeSlackChannel, FakeSlackEphemeral, FakeSlackMessage, FakeSlackUser } from "./workspace.ts";
export { tsToMicros } from "./workspace.ts";

export interface FakeSlackOptions {
  /** Socket Mode's app-level token (default `"xapp-test-token"`). */
  appToken?: string;
  /** Default `"xoxb-test-token"`. */
  botToken?: string;
  /** Default `"T0001"`. */
  teamId?: string;
  /** Default `"Briefbot Test"`. */
  teamName?: string;
  /** Default `"U0BOT"`. */
  botUserId?: string;
  /** Default `"B0BOT"`. */
  botId?: string;
  /** Default `"A0APP"`. */
  appId?: string;
  /** Channels the fake knows; a bare id is one the bot is in. Default `["C0001"]`. */
  channels?: Array<string | { id: string; member?: boolean; name?: string }>;
  /** When set, `oauth.v2.access` checks them (`invalid_client_id`, `bad_client_secret`); otherwise any are taken. */
  clientId?: string;
  clientSecret?: string;
  /** Clock in ms for message `ts` values and `at` stamps. Default `Date.now`. */
  now?: () => number;
}

/** One Web API call as received: form fields, with the JSON ones (`blocks`, `metadata`, …) parsed. */
export interface FakeSlackCall {
  method: string;
  token?: string;
  body: Record<string, unknown>;
  at: number;
}

/** One POST to a `response_url` the fake handed out (Bolt's `respond()`). */
export interface FakeSlackResponse {
  id: string;
  body: unknown;
  at: number;
}

/**
 * What the next call of a method meets instead of an answer. A 429 with `retryAfter` (seconds, `0` allowed) is
 * retried by web-api after that pause; a 429 without it is not retried; 5xx is retried per `retryConfig`;
 * `{ error }` is a 200 `{ ok: false, error }` that web-api throws as a platform error.
 */
export type FakeSlackFault = { status: 429; retryAfter?: number } | { status: 500 | 502 | 503 } | { error: string };

export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/api/`: give it to Bolt as `clientOptions.slackApiUrl`. */
  apiUrl: string;
  botToken: string;
  teamId: string;
  botUserId: string;
  calls: FakeSlackCall[];
  responses: FakeSlackResponse[];
  ephemerals: FakeSlackEphemeral[];
  /** Stored messages, thread replies included, oldest first. */
  messages(channel?: string): FakeSlackMessage[];
  addChannel(id: string, options?: { member?: boolean; name?: string }): FakeSlackChannel;
  /** A person `users.info` knows, with their admin and owner flags. */
  addUser(user: FakeSlackUser): void;
  /** A user group (`S…`) `usergroups.users.list` knows. */
  addUsergroup(id: string, members: string[]): void;
  /** Queues a fault for the next call of `method` (or `"response_url"`); several queue in order. */
  failNext(method: string, fault: FakeSlackFault): void;
  /** The next `count` calls of `method` go through; faults queued after them wait their turn. */
  passNext(method: string, count: number): void;
  /** A `response_url` pointing back at the fake: `${url}/respond/${id}`. */
  responseUrl(id?: string): string;
  /** An install code for `oauth.v2.access`, optionally for another team. Unknown codes work too, once each. */
  issueCode(team?: { id: string; name: string }): string;
  /** Socket Mode: the app-level token `apps.connections.open` accepts. */
  appToken: string;
  /** Socket Mode: send an envelope to the connected app and resolve with its acknowledgement. */
  socketEnvelope(
    type: "slash_commands" | "interactive" | "events_api",
    payload: Record<string, unknown>,
  ): Promise<unknown>;
  /** Socket Mode: how many apps are connected. */
  socketConnections(): number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });

/** Form fields that carry JSON (web-api serializes every object argument); `text` and the rest stay strings. */
const JSON_FIELDS = new Set(["blocks", "attachments", "metadata", "view", "unfurls", "user_auth_blocks"]);

/** Form fields, or a JSON object; the JSON-carrying form fields are parsed. */
function parseParams(raw: string, contentType: string): Params | undefined {
  if (contentType.startsWith("application/json")) {
    try {
      const parsed: unknown = raw === "" ? {} : JSON.parse(raw);
      return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Params) : undefined;
    } catch {
      return undefined;
    }
  }
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = value;
    if (JSON_FIELDS.has(key)) {
      try {
        params[key] = JSON.parse(value);
      } catch {
        // Not JSON after all: keep the string, the method decides whether that is an error.
      }
    }
  }
  return params;
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res
    .writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
    .end(typeof body === "string" ? body : JSON.stringify(body));
};

/**
 * A Slack Web API on 127.0.0.1 for the real `@slack/bolt` / `@slack/web-api`: stores messages per channel,
 * answers `conversations.history` from them, issues tokens via `oauth.v2.access`, records every call and every
 * `response_url` POST, and fails on demand.
 *
 * @example
 * const fake = await startFakeSlack({ channels: ["C0001"] });
 * const app = new App({ token: fake.botToken, signingSecret: "s", clientOptions: { slackApiUrl: fake.apiUrl } });
 * await app.client.chat.postMessage({ channel: "C0001", text: "hi" });
 * fake.messages("C0001")[0]?.text; // "hi"
 * await fake.close();
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const now = options.now ?? Date.now;
  const bot = {
    token: options.botToken ?? "xoxb-test-token",
    teamId: options.teamId ?? "T0001",
    teamName: options.teamName ?? "Briefbot Test",
    botUserId: options.botUserId ?? "U0BOT",
    botId: options.botId ?? "B0BOT",
    appId: options.appId ?? "A0APP",
  };
  const workspace = createWorkspace(bot, { now, clientId: options.clientId, clientSecret: options.clientSecret });
  for (const channel of options.channels ?? ["C0001"]) {
    if (typeof channel === "string") workspace.addChannel(channel);
    else workspace.addChannel(channel.id, channel);
  }
  const calls: FakeSlackCall[] = [];
  const responses: FakeSlackResponse[] = [];
  const faults = new Map<string, Array<FakeSlackFault | { pass: true }>>();

  // Socket Mode: `apps.connections.open` with the app-level token hands out a WebSocket URL on this
  // server; envelopes go down it and the app acknowledges each by its envelope_id.
  const appToken = options.appToken ?? "xapp-test-token";
  workspace.identities.set(appToken, { ...bot, token: appToken });
  const sockets = new WebSocketServer({ noServer: true });
  const pendingAcks = new Map<string, (payload: unknown) => void>();
  let socketUrl = "";
  workspace.methods["apps.connections.open"] = (_params, who) =>
    who.token === appToken ? { ok: true, url: socketUrl } : { ok: false, error: "invalid_auth" };
  sockets.on("connection", (ws) => {
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: sockets.clients.size,
        connection_info: { app_id: bot.appId },
        debug_info: { host: "fake" },
      }),
    );
    ws.on("message", (data) => {
      try {
        const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (ack.envelope_id) pendingAcks.get(ack.envelope_id)?.(ack.payload ?? null);
      } catch {
        // Not an acknowledgement.
      }
    });
  });

  /** Answers with the queued fault, if any; true when it did. */
  const injectFault = (key: string, res: ServerResponse): boolean => {
    const fault = faults.get(key)?.shift();
    if (!fault || "pass" in fault) return false;
    if ("error" in fault) send(res, 200, { ok: false, error: fault.error });
    else if (fault.status === 429)
      send(
        res,
        429,
        { ok: false, error: "ratelimited" },
        "retryAfter" in fault && fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {},
      );
    else send(res, fault.status, "upstream error", { "content-type": "text/plain" });
    return true;
  };

  const handleApi = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    const params = parseParams(await readBody(req), req.headers["content-type"] ?? "");
    if (!params) return send(res, 200, { ok: false, error: "invalid_json" });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof params.token === "string" ? params.token : undefined);
    delete params.token;
    calls.push({ method, ...(token === undefined ? {} : { token }), body: params, at: now() });
    if (injectFault(method, res)) return;
    const handler = workspace.methods[method];
    if (!handler) return send(res, 200, { ok: false, error: "unknown_method", req_method: method });
    if (workspace.unauthenticated.has(method)) return send(res, 200, handler(params, bot));
    if (token === undefined) return send(res, 200, { ok: false, error: "not_authed" });
    const who = workspace.identities.get(token);
    if (!who) return send(res, 200, { ok: false, error: "invalid_auth" });
    send(res, 200, handler(params, who));
  };

  const handleRespond = async (id: string, req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Kept as text: the test sees exactly what arrived.
    }
    responses.push({ id, body, at: now() });
    if (injectFault("response_url", res)) return;
    send(res, 200, { ok: true });
  };

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://fake");
    const api = /^\/api\/([\w.]+)$/.exec(pathname);
    const respond = /^\/respond\/([^/]+)$/.exec(pathname);
    const route =
      req.method === "POST" && api?.[1]
        ? handleApi(api[1], req, res)
        : req.method === "POST" && respond?.[1]
          ? handleRespond(decodeURIComponent(respond[1]), req, res)
          : undefined;
    if (!route) return send(res, 404, { ok: false, error: "not_found" });
    route.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: String(error) });
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (!(req.url ?? "").startsWith("/link/")) return socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit("connection", ws, req));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  socketUrl = `${url.replace("http:", "ws:")}/link/?ticket=fake`;

  return {
    url,
    apiUrl: `${url}/api/`,
    botToken: bot.token,
    teamId: bot.teamId,
    botUserId: bot.botUserId,
    calls,
    responses,
    ephemerals: workspace.ephemerals,
    messages: (channel) => workspace.messages.filter((m) => channel === undefined || m.channel === channel),
    addChannel: (id, channelOptions) => workspace.addChannel(id, channelOptions),
    addUser: (user) => void workspace.users.set(user.id, user),
    addUsergroup: (id, members) => void workspace.usergroups.set(id, members),
    failNext(method, fault) {
      const queue = faults.get(method) ?? [];
      queue.push(fault);
      faults.set(method, queue);
    },
    passNext(method, count) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < count; i++) queue.push({ pass: true });
      faults.set(method, queue);
    },
    responseUrl: (id = randomBytes(6).toString("hex")) => `${url}/respond/${encodeURIComponent(id)}`,
    issueCode: (team) => workspace.issueCode(team),
    appToken,
    socketEnvelope(type, payload) {
      const envelopeId = randomBytes(8).toString("hex");
      return new Promise((resolve) => {
        pendingAcks.set(envelopeId, resolve);
        const envelope = JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== "events_api",
        });
        for (const ws of sockets.clients) ws.send(envelope);
      });
    },
    socketConnections: () => sockets.clients.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const ws of sockets.clients) ws.terminate();
        sockets.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
