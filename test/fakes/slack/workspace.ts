import { randomBytes } from "node:crypto";

/** A channel the fake knows; posting needs `member: true` (the bot was invited). */
export interface FakeSlackChannel {
  id: string;
  name: string;
  member: boolean;
}

/** A message as the fake stored it: form fields decoded (JSON parsed, "true"/"false" as booleans). */
export interface FakeSlackMessage {
  type: "message";
  subtype?: "thread_broadcast";
  channel: string;
  ts: string;
  team: string;
  user: string;
  bot_id: string;
  app_id: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reply_count?: number;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  reply_broadcast?: boolean;
  mrkdwn?: boolean;
  edited?: { user: string; ts: string };
}

export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
}

/** Who a token speaks for. */
export interface FakeSlackIdentity {
  token: string;
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export type Params = Record<string, unknown>;
export type ApiResult = { ok: boolean; error?: string; [key: string]: unknown };
type Method = (params: Params, who: FakeSlackIdentity) => ApiResult;

/** Slack truncates longer text; the fake refuses it so a renderer that forgets the limit fails loudly. */
const MAX_TEXT = 40_000;
const MAX_BLOCKS = 50;

const fail = (error: string): ApiResult => ({ ok: false, error });
const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
const bool = (v: unknown): boolean | undefined =>
  v === true || v === "true" || v === "1" ? true : v === false || v === "false" || v === "0" ? false : undefined;

/** `"1700000000.000100"` → microseconds; an exact order for ts values (a double loses the last digits). */
export function tsToMicros(ts: string): bigint {
  const [sec = "0", frac = ""] = ts.split(".");
  return BigInt(sec || "0") * 1_000_000n + BigInt((frac.slice(0, 6) || "0").padEnd(6, "0"));
}

const isMetadata = (v: unknown): v is FakeSlackMessage["metadata"] =>
  typeof v === "object" && v !== null && "event_type" in v && "event_payload" in v;

/** Opaque to the client, like Slack's: base64 of the offset into the filtered list. */
const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64");
const decodeCursor = (cursor: string | undefined) =>
  Number(/^offset:(\d+)$/.exec(Buffer.from(cursor ?? "", "base64").toString())?.[1] ?? 0);

const microsToTs = (us: bigint) => `${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, "0")}`;

/** Message text, blocks and metadata as the API sends them back (no `channel` field, metadata on request). */
function wire(message: FakeSlackMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel: _channel, metadata, unfurl_links: _ul, unfurl_media: _um, mrkdwn: _m, ...rest } = message;
  return withMetadata && metadata ? { ...rest, metadata } : rest;
}

/** A person in the fake workspace: `users.info` answers with these flags. */
export interface FakeSlackUser {
  id: string;
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
}

export interface Workspace {
  channels: Map<string, FakeSlackChannel>;
  users: Map<string, FakeSlackUser>;
  /** User group id (`S…`) → its members. */
  usergroups: Map<string, string[]>;
  messages: FakeSlackMessage[];
  ephemerals: FakeSlackEphemeral[];
  identities: Map<string, FakeSlackIdentity>;
  methods: Record<string, Method>;
  /** Methods that take client credentials instead of a token. */
  unauthenticated: Set<string>;
  addChannel(id: string, options?: { member?: boolean; name?: string }): FakeSlackChannel;
  issueCode(team?: { id: string; name: string }): string;
}

export function createWorkspace(
  bot: FakeSlackIdentity,
  options: { now: () => number; clientId?: string; clientSecret?: string },
): Workspace {
  const channels = new Map<string, FakeSlackChannel>();
  const users = new Map<string, FakeSlackUser>();
  const usergroups = new Map<string, string[]>();
  const messages: FakeSlackMessage[] = [];
  const ephemerals: FakeSlackEphemeral[] = [];
  const identities = new Map([[bot.token, bot]]);
  const codes = new Map<string, { id: string; name: string } | null>();
  let lastTs = 0n;

  /** Clock-based (so `oldest` computed from the real time works) and strictly increasing. */
  const nextTs = () => {
    const now = BigInt(Math.floor(options.now())) * 1000n;
    lastTs = now > lastTs ? now : lastTs + 100n;
    return microsToTs(lastTs);
  };

  const decodeJson = (value: unknown): unknown => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  };

  /** Channel checks every write and read shares: exists, and the bot is in it. */
  const reach = (params: Params): FakeSlackChannel | ApiResult => {
    const channel = channels.get(str(params.channel) ?? "");
    if (!channel) return fail("channel_not_found");
    if (!channel.member) return fail("not_in_channel");
    return channel;
  };

  /** Validates and decodes text/blocks/attachments/metadata; an error result when Slack would refuse them. */
  const content = (params: Params, requireSome: boolean) => {
    const text = str(params.text);
    const blocks = params.blocks === undefined ? undefined : decodeJson(params.blocks);
    const attachments = params.attachments === undefined ? undefined : decodeJson(params.attachments);
    const metadata = params.metadata === undefined ? undefined : decodeJson(params.metadata);
    if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS)) return fail("invalid_blocks");
    if (attachments !== undefined && !Array.isArray(attachments)) return fail("invalid_attachments");
    if (metadata !== undefined && !isMetadata(metadata)) return fail("invalid_metadata_format");
    if (requireSome && !text && !blocks && !attachments) return fail("no_text");
    if (text && text.length > MAX_TEXT) return fail("msg_too_long");
    return {
      ...(text === undefined ? {} : { text }),
      ...(blocks === undefined ? {} : { blocks: blocks as unknown[] }),
      ...(attachments === undefined ? {} : { attachments: attachments as unknown[] }),
      ...(metadata === undefined ? {} : { metadata }),
    };
  };

  const isError = (v: object): v is ApiResult => "ok" in v && v.ok === false;

  /** `oldest`/`latest` (exclusive unless `inclusive`), newest or oldest first, `limit` + cursor paging. */
  const page = (list: FakeSlackMessage[], params: Params, newestFirst: boolean) => {
    const inclusive = bool(params.inclusive) ?? false;
    const oldest = str(params.oldest);
    const latest = str(params.latest);
    const limit = Math.min(Number(str(params.limit) ?? 100) || 100, 999);
    let found = list.filter((m) => {
      const t = tsToMicros(m.ts);
      if (oldest !== undefined && (inclusive ? t < tsToMicros(oldest) : t <= tsToMicros(oldest))) return false;
      if (latest !== undefined && (inclusive ? t > tsToMicros(latest) : t >= tsToMicros(latest))) return false;
      return true;
    });
    if (newestFirst) found = found.reverse();
    const start = decodeCursor(str(params.cursor));
    const items = found.slice(start, start + limit);
    const hasMore = start + limit < found.length;
    const withMetadata = bool(params.include_all_metadata) ?? false;
    return {
      ok: true,
      messages: items.map((m) => wire(m, withMetadata)),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? encodeCursor(start + limit) : "" },
    };
  };

  const methods: Record<string, Method> = {
    "auth.test": (_params, who) => ({
      ok: true,
      url: `https://${who.teamName.toLowerCase().replace(/\W+/g, "-")}.slack.com/`,
      team: who.teamName,
      user: "briefbot",
      team_id: who.teamId,
      user_id: who.botUserId,
      bot_id: who.botId,
      is_enterprise_install: false,
    }),

    "chat.postMessage": (params, who) => {
      const channel = reach(params);
      if (isError(channel)) return channel;
      const body = content(params, true);
      if (isError(body)) return body;
      const threadTs = str(params.thread_ts);
      const parent = threadTs ? messages.find((m) => m.channel === channel.id && m.ts === threadTs) : undefined;
      if (threadTs && !parent) return fail("thread_not_found");
      const broadcast = threadTs ? bool(params.reply_broadcast) : undefined;
      const message: FakeSlackMessage = {
        type: "message",
        ...(broadcast ? { subtype: "thread_broadcast" as const } : {}),
        channel: channel.id,
        ts: nextTs(),
        team: who.teamId,
        user: who.botUserId,
        bot_id: who.botId,
        app_id: who.appId,
        ...body,
        ...(parent ? { thread_ts: parent.thread_ts ?? parent.ts } : {}),
      };
      for (const flag of ["unfurl_links", "unfurl_media", "reply_broadcast", "mrkdwn"] as const) {
        const value = bool(params[flag]);
        if (value !== undefined) message[flag] = value;
      }
      if (parent) {
        const root = messages.find((m) => m.channel === channel.id && m.ts === (parent.thread_ts ?? parent.ts))!;
        root.thread_ts = root.ts;
        root.reply_count = (root.reply_count ?? 0) + 1;
      }
      messages.push(message);
      return { ok: true, channel: channel.id, ts: message.ts, message: wire(message, false) };
    },

    "chat.postEphemeral": (params) => {
      const channel = reach(params);
      if (isError(channel)) return channel;
      const user = str(params.user);
      if (!user) return fail("user_not_in_channel");
      const body = content(params, true);
      if (isError(body)) return body;
      const threadTs = str(params.thread_ts);
      const ephemeral: FakeSlackEphemeral = {
        channel: channel.id,
        user,
        message_ts: nextTs(),
        ...(body.text === undefined ? {} : { text: body.text }),
        ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      ephemerals.push(ephemeral);
      return { ok: true, message_ts: ephemeral.message_ts };
    },

    "chat.update": (params, who) => {
      const channel = reach(params);
      if (isError(channel)) return channel;
      const message = messages.find((m) => m.channel === channel.id && m.ts === str(params.ts));
      if (!message) return fail("message_not_found");
      const body = content(params, false);
      if (isError(body)) return body;
      // Text without blocks drops the old blocks (Slack renders the new text instead).
      if (body.text !== undefined && body.blocks === undefined) delete message.blocks;
      Object.assign(message, body, { edited: { user: who.botUserId, ts: nextTs() } });
      return { ok: true, channel: channel.id, ts: message.ts, text: message.text ?? "", message: wire(message, false) };
    },

    "conversations.history": (params) => {
      const channel = reach(params);
      if (isError(channel)) return channel;
      const top = messages.filter(
        (m) => m.channel === channel.id && (!m.thread_ts || m.thread_ts === m.ts || m.subtype),
      );
      return page(top, params, true);
    },

    "conversations.replies": (params) => {
      const channel = reach(params);
      if (isError(channel)) return channel;
      const anchor = messages.find((m) => m.channel === channel.id && m.ts === str(params.ts));
      if (!anchor) return fail("thread_not_found");
      const root = anchor.thread_ts ?? anchor.ts;
      const thread = messages.filter((m) => m.channel === channel.id && (m.ts === root || m.thread_ts === root));
      return page(thread, params, false);
    },

    "views.open": (params) => {
      if (!str(params.trigger_id)) return fail("invalid_trigger_id");
      const view = decodeJson(params.view);
      if (typeof view !== "object" || view === null) return fail("invalid_arguments");
      return { ok: true, view: { id: `V${randomBytes(4).toString("hex").toUpperCase()}`, ...view } };
    },

    /** Exchanges an install `code` (single use) for a new bot token that the fake then accepts. */
    "users.info": (params) => {
      const user = users.get(str(params.user) ?? "");
      if (!user) return fail("user_not_found");
      return {
        ok: true,
        user: {
          id: user.id,
          name: user.name ?? user.id,
          is_admin: Boolean(user.is_admin),
          is_owner: Boolean(user.is_owner),
        },
      };
    },
    "usergroups.users.list": (params) => {
      const members = usergroups.get(str(params.usergroup) ?? "");
      if (!members) return fail("no_such_subteam");
      return { ok: true, users: members };
    },
    "oauth.v2.access": (params) => {
      const code = str(params.code);
      if (!code || codes.get(code) === null) return fail("invalid_code");
      if (options.clientId !== undefined && str(params.client_id) !== options.clientId)
        return fail("invalid_client_id");
      if (options.clientSecret !== undefined && str(params.client_secret) !== options.clientSecret)
        return fail("bad_client_secret");
      const team = codes.get(code) ?? { id: bot.teamId, name: bot.teamName };
      codes.set(code, null);
      const token = `xoxb-${team.id}-${randomBytes(8).toString("hex")}`;
      const identity = { ...bot, token, teamId: team.id, teamName: team.name };
      identities.set(token, identity);
      return {
        ok: true,
        access_token: token,
        token_type: "bot",
        scope: "chat:write,commands,channels:history",
        bot_user_id: identity.botUserId,
        app_id: identity.appId,
        team: { id: team.id, name: team.name },
        enterprise: null,
        is_enterprise_install: false,
        authed_user: { id: "U0INSTALLER" },
      };
    },
  };

  return {
    channels,
    users,
    usergroups,
    messages,
    ephemerals,
    identities,
    methods,
    unauthenticated: new Set(["oauth.v2.access"]),
    addChannel(id, opts = {}) {
      const channel = { id, name: opts.name ?? id.toLowerCase(), member: opts.member ?? true };
      channels.set(id, channel);
      return channel;
    },
    issueCode(team) {
      const code = `code-${randomBytes(6).toString("hex")}`;
      codes.set(code, team ?? { id: bot.teamId, name: bot.teamName });
      return code;
    },
  };
}
