import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { channelRoutes } from "./channel-routes.ts";
import { commandRoutes, type RegisteredCommand } from "./command-routes.ts";
import {
  createSnowflakes,
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_TOKEN,
} from "./defaults.ts";
import { createFaultQueue, type DiscordFault } from "./faults.ts";
import { createGateway, type IdentifyRecord, type ResumeRecord } from "./gateway.ts";
import { EVERYONE_PERMISSIONS, guildCreatePayload } from "./guild.ts";
import { compileRoutes, type DiscordRoute } from "./http.ts";
import { createInteractionRegistry, type InteractionCallbackRecord, interactionRoutes } from "./interaction-routes.ts";
import { type InteractionPayload, newInteractionToken } from "./interactions.ts";
import { createRequestHandler, type RecordedCall } from "./request-handler.ts";
import { createDiscordState, type FakeChannel, type FakeMessage, type FakeUser, type GuildSeed } from "./state.ts";

export type { RegisteredCommand } from "./command-routes.ts";
export {
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_TOKEN,
  DEFAULT_USER_ID,
} from "./defaults.ts";
export type { DiscordFault } from "./faults.ts";
export type { IdentifyRecord, ResumeRecord } from "./gateway.ts";
export type { DiscordRoute, RecordedFile } from "./http.ts";
export type { InteractionCallbackRecord } from "./interaction-routes.ts";
export {
  autocompleteInteraction,
  buttonInteraction,
  type CommandOption,
  type InteractionPayload,
  type InteractionPlace,
  slashCommandInteraction,
} from "./interactions.ts";
export type { RecordedCall } from "./request-handler.ts";
export type { FakeChannel, FakeMessage, FakeUser, GuildSeed } from "./state.ts";

export interface FakeDiscordOptions {
  /** The bot token every authenticated route and IDENTIFY must carry. Default `"test-bot-token"`. */
  token?: string;
  /** Default `"100000000000000001"`. */
  applicationId?: string;
  /** The bot user's id; default: the application id, as for real bots. */
  botUserId?: string;
  /** Default: one guild `200000000000000001` with one text channel `300000000000000001` ("general"). */
  guilds?: GuildSeed[];
  /** HELLO's heartbeat_interval. Default 41250 (Discord's); lower it to see heartbeats in a test. */
  heartbeatIntervalMs?: number;
  /** How long `enforce_nonce` keeps a nonce unique. Default 2 minutes (Discord: "the past few minutes"). */
  nonceWindowMs?: number;
  /** Intent bits IDENTIFY may not ask for (privileged intents not granted): the gateway closes with 4014. */
  disallowedIntents?: number;
  /** The clock for timestamps, snowflakes, the nonce window and interaction deadlines. Default `Date.now`. */
  now?: () => number;
}

export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api`: pass as `new Client({ rest: { api } })`. */
  apiUrl: string;
  /** `ws://127.0.0.1:PORT`: what `GET /gateway/bot` and READY's `resume_gateway_url` name. */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUser: FakeUser;
  readonly calls: RecordedCall[];
  readonly callbacks: InteractionCallbackRecord[];
  readonly identifies: IdentifyRecord[];
  readonly resumes: ResumeRecord[];
  /** Every WebSocket connection, with its URL (`/?v=10&encoding=json`). */
  readonly gatewayConnections: Array<{ url: string; at: number }>;
  /** Threads started so far, oldest first. */
  readonly threads: FakeChannel[];
  /** HEARTBEATs received. */
  readonly heartbeats: number;
  /** The channel's (or thread's) messages, OLDEST first; ephemeral interaction replies are not here. */
  messages(channelId: string): FakeMessage[];
  /** An interaction's `@original` and followups (ephemeral ones included), by interaction token. */
  interactionMessages(token: string): FakeMessage[];
  /** Commands registered by bulk overwrite: global ones, or one guild's. */
  commands(guildId?: string): RegisteredCommand[];
  /** Puts a message into a channel as if someone (default: another user) had posted it earlier. */
  seedMessage(channelId: string, message: Partial<FakeMessage>): FakeMessage;
  /** Sends a dispatch (`op 0`, event `t`) to every gateway session. */
  dispatch(event: string, data: unknown): void;
  /**
   * Sends INTERACTION_CREATE; missing fields get defaults (`application_id`, `entitlements`, ...), a
   * known `channel_id` gets the stored channel and a known `message.id` the stored message.
   * Throws if no client has identified. Returns what `callbacks` and webhooks are matched by.
   */
  dispatchInteraction(interaction: Partial<InteractionPayload>): { id: string; token: string };
  /** The next `times` requests on `route` fail with `fault` (see DiscordFault). */
  failNext(route: DiscordRoute, fault: DiscordFault, times?: number): void;
  /** The next `count` requests on `route` go through; faults queued after them wait their turn. */
  passNext(route: DiscordRoute, count: number): void;
  /** Until `allowChannel`: 50001 refuses every request on the channel (and its threads), 50013 only writes. */
  denyChannel(channelId: string, code: 50001 | 50013): void;
  allowChannel(channelId: string): void;
  /** Gateway op 7 RECONNECT: discord.js reconnects and RESUMEs. */
  requestReconnect(): void;
  /** Closes every gateway socket with `code` (default 4000, after which discord.js RESUMEs). */
  disconnect(code?: number): void;
  /** Closes sockets, held responses and the listener. Destroy the discord.js client first, or it reconnects. */
  close(): Promise<void>;
}

const DEFAULT_GUILDS: GuildSeed[] = [
  { id: DEFAULT_GUILD_ID, name: "Briefbot Test Guild", channels: [{ id: DEFAULT_CHANNEL_ID, name: "general" }] },
];
const SEEDED_AUTHOR: FakeUser = {
  id: "600000000000000001",
  username: "someone",
  discriminator: "0",
  global_name: "Someone",
  avatar: null,
};

/**
 * Starts a fake Discord (REST API and gateway on one port of 127.0.0.1) that the real discord.js
 * logs in to. Routes, faults and traps: README.md beside this file.
 *
 * @example
 * const fake = await startFakeDiscord();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 * await client.login(fake.token);
 * const channel = await client.channels.fetch(DEFAULT_CHANNEL_ID);
 * // ... then: await client.destroy(); await fake.close();
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const now = options.now ?? Date.now;
  const token = options.token ?? DEFAULT_TOKEN;
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const guilds = options.guilds ?? DEFAULT_GUILDS;
  const bot: FakeUser = {
    id: options.botUserId ?? applicationId,
    username: "briefbot",
    discriminator: "0",
    global_name: null,
    avatar: null,
    bot: true,
  };
  const state = createDiscordState({ guilds, bot, now });
  const registry = createInteractionRegistry();
  const faults = createFaultQueue();
  const calls: RecordedCall[] = [];
  const callbacks: InteractionCallbackRecord[] = [];
  const registered = new Map<string, RegisteredCommand[]>();
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => void handle(req, res));
  let handle: ReturnType<typeof createRequestHandler>;
  let gatewayUrl = "";

  const gateway = createGateway({
    server,
    token,
    now,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    disallowedIntents: options.disallowedIntents ?? 0,
    ready: (sessionId) => ({
      v: 10,
      user: { ...bot, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      session_type: "normal",
      resume_gateway_url: gatewayUrl,
      shard: [0, 1],
      application: { id: applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    }),
    guildCreates: () => guilds.map((g) => guildCreatePayload(g, state)),
  });

  const match = compileRoutes([
    ...channelRoutes({
      state,
      gateway,
      guilds,
      applicationId,
      gatewayUrl: () => gatewayUrl,
      nonceWindowMs: options.nonceWindowMs ?? 120_000,
    }),
    ...interactionRoutes({ state, registry, applicationId, callbacks }),
    ...commandRoutes({ applicationId, guilds, nextId: state.nextId, registered }),
  ]);
  handle = createRequestHandler({ match, token, faults, now, calls, held });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://127.0.0.1:${port}`;
  const newId = createSnowflakes(now);
  let closing: Promise<void> | undefined;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    token,
    applicationId,
    botUser: bot,
    calls,
    callbacks,
    identifies: gateway.identifies,
    resumes: gateway.resumes,
    gatewayConnections: gateway.connections,
    threads: state.threads,
    get heartbeats() {
      return gateway.heartbeats;
    },
    messages: (channelId) => [...state.history(channelId)],
    interactionMessages: (interactionToken) => registry.messages(interactionToken, state),
    commands: (guildId) => [...(registered.get(guildId ?? "") ?? [])],
    seedMessage: (channelId, message) =>
      state.createMessage(channelId, message as Record<string, unknown>, { author: SEEDED_AUTHOR, ...message }),
    dispatch: (event, data) => void gateway.dispatch(event, data),
    dispatchInteraction(interaction) {
      if (gateway.sessionCount() === 0)
        throw new Error("dispatchInteraction: no client has identified to the fake gateway");
      const payload: Record<string, unknown> = {
        id: newId(),
        token: newInteractionToken(),
        version: 1,
        app_permissions: EVERYONE_PERMISSIONS,
        locale: "en-US",
        entitlements: [],
        authorizing_integration_owners: {},
        ...interaction,
        application_id: interaction.application_id ?? applicationId,
      };
      const channelId = String(payload.channel_id ?? (payload.channel as { id?: string } | undefined)?.id ?? "");
      const channel = state.channels.get(channelId);
      if (channel) Object.assign(payload, { channel, channel_id: channel.id });
      const stored = state.byId(String((payload.message as { id?: string } | undefined)?.id ?? ""));
      if (stored) payload.message = state.wire(stored);
      registry.register(payload, now());
      gateway.dispatch("INTERACTION_CREATE", payload);
      return { id: String(payload.id), token: String(payload.token) };
    },
    failNext: (route, fault, times = 1) => faults.add(route, fault, times),
    passNext: (route, count) => faults.pass(route, count),
    denyChannel: (channelId, code) => void state.deny(channelId, code),
    allowChannel: (channelId) => void state.allow(channelId),
    requestReconnect: () => gateway.requestReconnect(),
    disconnect: (code = 4000) => gateway.disconnect(code),
    close() {
      closing ??= (async () => {
        for (const res of held) res.destroy();
        await gateway.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
