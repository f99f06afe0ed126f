import { createSnowflakes } from "./defaults.ts";
import { discordErrors } from "./errors.ts";

/** A guild as a test describes it; channel `type` defaults to 0 (GUILD_TEXT). */
export interface GuildSeed {
  id: string;
  name: string;
  channels: Array<{ id: string; name: string; type?: number }>;
}

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
}

/** A guild channel or thread as Discord sends it (threads carry `owner_id` and `thread_metadata`). */
export interface FakeChannel {
  id: string;
  type: number;
  guild_id: string;
  name: string;
  position: number;
  parent_id: string | null;
  permission_overwrites: unknown[];
  nsfw: boolean;
  topic: string | null;
  rate_limit_per_user: number;
  last_message_id: string | null;
  flags: number;
  owner_id?: string;
  thread_metadata?: Record<string, unknown>;
  message_count?: number;
  member_count?: number;
}

/**
 * A stored message. `nonce`, `enforce_nonce` and `allowed_mentions` are what the request carried, kept
 * for assertions: Discord echoes `nonce` once, in the create response, and returns none of them later.
 */
export interface FakeMessage {
  id: string;
  type: number;
  channel_id: string;
  author: FakeUser;
  content: string;
  embeds: Array<Record<string, unknown>>;
  components: unknown[];
  attachments: unknown[];
  mentions: unknown[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  message_reference?: Record<string, unknown>;
  thread?: FakeChannel;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  nonce?: string | number;
  enforce_nonce?: boolean;
  allowed_mentions?: unknown;
}

type Json = Record<string, unknown>;
/** Message flags a client may set; the rest (EPHEMERAL, LOADING, HAS_THREAD, ...) are Discord's to set. */
export const SETTABLE_FLAGS = 4 | 4096 | 32768; // SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2
export const FLAG_HAS_THREAD = 32;
/** Request-only fields; never part of a message Discord returns. */
const REQUEST_ONLY = ["nonce", "enforce_nonce", "allowed_mentions"] as const;

export type DiscordState = ReturnType<typeof createDiscordState>;

export function createDiscordState(options: { guilds: GuildSeed[]; bot: FakeUser; now: () => number }) {
  const { bot, now } = options;
  const nextId = createSnowflakes(now);
  const channels = new Map<string, FakeChannel>();
  const history = new Map<string, FakeMessage[]>();
  const byId = new Map<string, FakeMessage>();
  const threads: FakeChannel[] = [];
  const denied = new Map<string, 50001 | 50013>();

  for (const guild of options.guilds) {
    guild.channels.forEach((c, position) => {
      channels.set(c.id, {
        ...channelDefaults(),
        id: c.id,
        type: c.type ?? 0,
        guild_id: guild.id,
        name: c.name,
        position,
      });
    });
  }

  /** The channel, or the 404/403 Discord would send; `write` is true for sends, edits and thread starts. */
  function channel(id: string, write = false): FakeChannel {
    const found = channels.get(id);
    if (!found) throw discordErrors.unknownChannel();
    for (const cid of [id, found.parent_id]) {
      const code = cid ? denied.get(cid) : undefined;
      if (code === 50001) throw discordErrors.missingAccess();
      if (code === 50013 && write) throw discordErrors.missingPermissions();
    }
    return found;
  }

  /** Builds and stores a message; `listed: false` keeps it out of the channel's history (an ephemeral reply). */
  function createMessage(channelId: string, body: Json, extra: Partial<FakeMessage> = {}, listed = true): FakeMessage {
    const reference = body.message_reference as Json | undefined;
    const message: FakeMessage = {
      id: nextId(),
      type: reference ? 19 : 0,
      channel_id: channelId,
      author: bot,
      content: typeof body.content === "string" ? body.content : "",
      embeds: normalizeEmbeds(body.embeds),
      components: Array.isArray(body.components) ? body.components : [],
      attachments: Array.isArray(body.attachments) ? body.attachments : [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: body.tts === true,
      timestamp: new Date(now()).toISOString(),
      edited_timestamp: null,
      flags: typeof body.flags === "number" ? body.flags & SETTABLE_FLAGS : 0,
      ...(reference ? { message_reference: { type: 0, channel_id: channelId, ...reference } } : {}),
      ...(body.nonce !== undefined ? { nonce: body.nonce as string | number } : {}),
      ...(body.enforce_nonce !== undefined ? { enforce_nonce: body.enforce_nonce === true } : {}),
      ...(body.allowed_mentions !== undefined ? { allowed_mentions: body.allowed_mentions } : {}),
      ...extra,
    };
    byId.set(message.id, message);
    if (listed) {
      const list = history.get(channelId) ?? [];
      list.push(message);
      history.set(channelId, list);
      const target = channels.get(channelId);
      if (target) target.last_message_id = message.id;
      if (target?.message_count !== undefined) target.message_count += 1;
    }
    return message;
  }

  function editMessage(message: FakeMessage, body: Json): FakeMessage {
    if (typeof body.content === "string") message.content = body.content;
    if (body.embeds !== undefined) message.embeds = normalizeEmbeds(body.embeds);
    if (Array.isArray(body.components)) message.components = body.components;
    if (Array.isArray(body.attachments)) message.attachments = body.attachments;
    if (typeof body.flags === "number")
      message.flags = (message.flags & ~SETTABLE_FLAGS) | (body.flags & SETTABLE_FLAGS);
    if (body.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions;
    message.edited_timestamp = new Date(now()).toISOString();
    return message;
  }

  function deleteMessage(message: FakeMessage): void {
    byId.delete(message.id);
    const list = history.get(message.channel_id);
    if (list)
      history.set(
        message.channel_id,
        list.filter((m) => m.id !== message.id),
      );
  }

  function message(channelId: string, messageId: string): FakeMessage {
    const found = byId.get(messageId);
    if (!found || found.channel_id !== channelId) throw discordErrors.unknownMessage();
    return found;
  }

  /** The bot's message in `channelId` created with `nonce` within the last `windowMs`, if any. */
  function findByNonce(channelId: string, nonce: unknown, windowMs: number): FakeMessage | undefined {
    const since = now() - windowMs;
    return (history.get(channelId) ?? []).find(
      (m) =>
        m.author.id === bot.id &&
        m.nonce !== undefined &&
        String(m.nonce) === String(nonce) &&
        Date.parse(m.timestamp) >= since,
    );
  }

  /** Start Thread from Message: the thread's id is the message's id, and a message gets one thread at most. */
  function startThread(parentId: string, starter: FakeMessage, body: Json): FakeChannel {
    const parent = channel(parentId, true);
    if (starter.thread) throw discordErrors.threadAlreadyCreated();
    const at = new Date(now()).toISOString();
    const thread: FakeChannel = {
      ...channelDefaults(),
      id: starter.id,
      type: parent.type === 5 ? 10 : 11,
      guild_id: parent.guild_id,
      name: typeof body.name === "string" ? body.name : "thread",
      position: 0,
      parent_id: parent.id,
      rate_limit_per_user: typeof body.rate_limit_per_user === "number" ? body.rate_limit_per_user : 0,
      owner_id: bot.id,
      thread_metadata: {
        archived: false,
        auto_archive_duration: typeof body.auto_archive_duration === "number" ? body.auto_archive_duration : 4320,
        archive_timestamp: at,
        locked: false,
        create_timestamp: at,
      },
      message_count: 0,
      member_count: 1,
    };
    channels.set(thread.id, thread);
    threads.push(thread);
    starter.thread = thread;
    starter.flags |= FLAG_HAS_THREAD;
    return thread;
  }

  /** What Discord sends for a message: request-only fields dropped, `nonce` kept only when asked. */
  function wire(m: FakeMessage, withNonce = false): Json {
    const out: Json = { ...m };
    for (const key of REQUEST_ONLY) delete out[key];
    if (withNonce && m.nonce !== undefined) out.nonce = m.nonce;
    return out;
  }

  return {
    bot,
    nextId,
    now,
    channels,
    threads,
    channel,
    message,
    createMessage,
    editMessage,
    deleteMessage,
    findByNonce,
    startThread,
    wire,
    byId: (id: string) => byId.get(id),
    history: (channelId: string) => history.get(channelId) ?? [],
    deny: (channelId: string, code: 50001 | 50013) => denied.set(channelId, code),
    allow: (channelId: string) => denied.delete(channelId),
  };
}

function channelDefaults() {
  return {
    parent_id: null,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
}

/** Discord fills in `type: "rich"` and drops nothing else a client sent. */
function normalizeEmbeds(embeds: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((e) => ({ type: "rich", ...(e as Record<string, unknown>) }));
}
