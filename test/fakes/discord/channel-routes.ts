import { discordErrors, formError } from "./errors.ts";
import type { Gateway } from "./gateway.ts";
import { INTENT_GUILDS } from "./gateway.ts";
import { guildObject } from "./guild.ts";
import { noContent, ok, type Route, type RouteRequest } from "./http.ts";
import type { DiscordState, GuildSeed } from "./state.ts";
import { validateMessageBody } from "./validate.ts";

/** GatewayIntentBits.GuildMessages: MESSAGE_CREATE in guild channels. */
const INTENT_GUILD_MESSAGES = 1 << 9;

export interface ChannelRouteOptions {
  state: DiscordState;
  gateway: Gateway;
  guilds: GuildSeed[];
  applicationId: string;
  gatewayUrl: () => string;
  /** How long an `enforce_nonce` nonce stays unique; Discord documents only "the past few minutes". */
  nonceWindowMs: number;
}

type Json = Record<string, unknown>;
const asJson = (body: unknown): Json => (typeof body === "object" && body !== null ? (body as Json) : {});
const p = (req: RouteRequest, i: number) => req.params[i] ?? "";

/** Gateway discovery, the bot's user, channels and their messages and threads, guilds. */
export function channelRoutes(o: ChannelRouteOptions): Route[] {
  const { state, gateway } = o;
  const guild = (id: string) => {
    const seed = o.guilds.find((g) => g.id === id);
    if (!seed) throw discordErrors.unknownGuild();
    return seed;
  };

  return [
    { route: "GET /gateway", auth: false, handle: () => ok({ url: o.gatewayUrl() }) },
    {
      route: "GET /gateway/bot",
      auth: true,
      handle: () =>
        ok({
          url: o.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        }),
    },
    { route: "GET /users/@me", auth: true, handle: () => ok(state.bot) },
    {
      route: "GET /applications/@me",
      auth: true,
      handle: () => ok({ id: o.applicationId, name: state.bot.username, bot: state.bot, flags: 0, description: "" }),
    },
    { route: "GET /channels/:id", auth: true, handle: (req) => ok(state.channel(p(req, 0))) },
    {
      route: "GET /channels/:id/messages",
      auth: true,
      handle: (req) => {
        state.channel(p(req, 0));
        return ok(page(state.history(p(req, 0)), req.query).map((m) => state.wire(m)));
      },
    },
    {
      route: "POST /channels/:id/messages",
      auth: true,
      handle: (req) => {
        const channelId = p(req, 0);
        const target = state.channel(channelId, true);
        const body = asJson(req.body);
        validateMessageBody(body, true);
        if (body.enforce_nonce === true && body.nonce !== undefined) {
          const existing = state.findByNonce(channelId, body.nonce, o.nonceWindowMs);
          if (existing) return ok(state.wire(existing, true));
        }
        const message = state.createMessage(channelId, { ...body, attachments: attachmentsFor(req) });
        gateway.dispatch(
          "MESSAGE_CREATE",
          { ...state.wire(message, true), guild_id: target.guild_id, mentions: [] },
          INTENT_GUILD_MESSAGES,
        );
        return ok(state.wire(message, true));
      },
    },
    {
      route: "GET /channels/:id/messages/:id",
      auth: true,
      handle: (req) => {
        state.channel(p(req, 0));
        return ok(state.wire(state.message(p(req, 0), p(req, 1))));
      },
    },
    {
      route: "PATCH /channels/:id/messages/:id",
      auth: true,
      handle: (req) => {
        state.channel(p(req, 0), true);
        const message = state.message(p(req, 0), p(req, 1));
        if (message.author.id !== state.bot.id) throw discordErrors.cannotEditOthers();
        const body = asJson(req.body);
        validateMessageBody(body, false);
        return ok(state.wire(state.editMessage(message, body)));
      },
    },
    {
      route: "DELETE /channels/:id/messages/:id",
      auth: true,
      handle: (req) => {
        state.channel(p(req, 0), true);
        state.deleteMessage(state.message(p(req, 0), p(req, 1)));
        return noContent();
      },
    },
    {
      route: "POST /channels/:id/messages/:id/threads",
      auth: true,
      handle: (req) => {
        const starter = state.message(p(req, 0), p(req, 1));
        const thread = state.startThread(p(req, 0), starter, asJson(req.body));
        gateway.dispatch("THREAD_CREATE", { ...thread, newly_created: true }, INTENT_GUILDS);
        return ok(thread, 201);
      },
    },
    { route: "GET /guilds/:id", auth: true, handle: (req) => ok(guildObject(guild(p(req, 0)))) },
    {
      route: "GET /guilds/:id/channels",
      auth: true,
      handle: (req) => {
        const id = guild(p(req, 0)).id;
        return ok([...state.channels.values()].filter((c) => c.guild_id === id && c.thread_metadata === undefined));
      },
    },
  ];
}

/** `limit` (1-100, default 50) with `before`/`after`/`around`, newest first, as Get Channel Messages pages. */
function page<T extends { id: string }>(oldestFirst: T[], query: URLSearchParams): T[] {
  const limit = Number(query.get("limit") ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw discordErrors.invalidForm({
      limit: formError("NUMBER_TYPE_MAX", "int value should be less than or equal to 100."),
    });
  }
  const newestFirst = [...oldestFirst].reverse();
  const before = query.get("before");
  const after = query.get("after");
  const around = query.get("around");
  const cmp = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
  if (before) return newestFirst.filter((m) => cmp(m.id, before) < 0).slice(0, limit);
  if (after) return newestFirst.filter((m) => cmp(m.id, after) > 0).slice(-limit);
  if (around) {
    const older = newestFirst.filter((m) => cmp(m.id, around) <= 0).slice(0, Math.ceil(limit / 2));
    const newer = newestFirst.filter((m) => cmp(m.id, around) > 0).slice(-Math.floor(limit / 2));
    return [...newer, ...older];
  }
  return newestFirst.slice(0, limit);
}

/** Attachment objects for uploaded files, as Discord returns them (without a real CDN behind the URL). */
function attachmentsFor(req: RouteRequest): Json[] {
  return req.files.map((f, i) => ({
    id: String(i),
    filename: f.name,
    size: f.size,
    content_type: f.contentType,
    url: `https://cdn.discordapp.invalid/attachments/${f.name}`,
    proxy_url: `https://media.discordapp.invalid/attachments/${f.name}`,
  }));
}
