import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { DiscordFailure, discordErrors } from "./errors.ts";
import { type createFaultQueue, faultReply, rateLimitHeaders } from "./faults.ts";
import { type compileRoutes, type DiscordRoute, parseBody, type RecordedFile, type Reply } from "./http.ts";

/** One HTTP request as the fake received it, in arrival order (rejected ones included). */
export interface RecordedCall {
  method: string;
  /** The path after `/api/v10`, decoded, without the query: `/webhooks/{app}/{token}/messages/@original`. */
  path: string;
  /** The route it matched, `null` for none (a 404). */
  route: DiscordRoute | null;
  query: Record<string, string>;
  /** Lower-cased names, as node:http gives them: `headers.authorization`. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON; for multipart, the parsed `payload_json` part. */
  body: unknown;
  files: RecordedFile[];
  /** The status sent; 0 while a `hang` fault holds the response. */
  status: number;
  at: number;
}

export interface RequestHandlerOptions {
  match: ReturnType<typeof compileRoutes>;
  token: string;
  faults: ReturnType<typeof createFaultQueue>;
  now: () => number;
  /** Every request is appended here. */
  calls: RecordedCall[];
  /** Responses a `hang` fault holds open, for `close()` to destroy. */
  held: Set<ServerResponse>;
}

/** Records the request, checks the bot token, applies a queued fault or runs the route, and answers. */
export function createRequestHandler(o: RequestHandlerOptions) {
  const { match, token, faults, now, calls, held } = o;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const versioned = /^\/api\/v\d+(\/.*)$/.exec(url.pathname);
    // discord.js percent-encodes some segments (`@original` arrives as `%40original`).
    const path = safeDecode(versioned?.[1] ?? url.pathname);
    const method = req.method ?? "GET";
    const found = versioned ? match(method, path) : undefined;
    const call: RecordedCall = {
      method,
      path,
      route: found?.route.route ?? null,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: undefined,
      files: [],
      status: 0,
      at: now(),
    };
    calls.push(call);
    let reply: Reply | "hang";
    try {
      const { body, files } = await parseBody(Buffer.concat(chunks), req.headers["content-type"]);
      call.body = body;
      call.files = files;
      if (!found) throw discordErrors.notFound();
      if (found.route.auth && req.headers.authorization !== `Bot ${token}`) throw discordErrors.unauthorized();
      const routeRequest = { params: found.params, query: url.searchParams, body, files };
      const fault = faults.take(found.route.route);
      if (fault && "commit" in fault && fault.commit) found.route.handle(routeRequest);
      if (!fault) reply = found.route.handle(routeRequest);
      else reply = "hang" in fault ? "hang" : faultReply(fault, found.route.route, now());
    } catch (error) {
      reply = toReply(error);
    }
    if (reply === "hang") {
      held.add(res);
      res.on("close", () => held.delete(res));
      return;
    }
    call.status = reply.status;
    const text =
      reply.body === undefined ? undefined : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    // No Content-Type on a 204: @discordjs/rest JSON-parses any application/json response and chokes on "".
    const headers: Record<string, string> = {
      ...(found && reply.status !== 429 ? rateLimitHeaders(found.route.route, now()) : {}),
      ...(text === undefined ? {} : { "Content-Type": "application/json" }),
      ...reply.headers,
    };
    res.writeHead(reply.status, headers).end(text);
  };
}

function toReply(error: unknown): Reply {
  if (error instanceof DiscordFailure) return { status: error.status, body: error.body };
  if (error instanceof SyntaxError)
    return { status: 400, body: { message: "The request body contains invalid JSON.", code: 50109 } };
  // A bug in the fake: @discordjs/rest never reads a 5xx body, so say it here.
  console.error("fake discord: route handler failed", error);
  return {
    status: 500,
    body: { message: `fake discord: ${error instanceof Error ? error.stack : String(error)}`, code: 0 },
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
