import type { DiscordState, GuildSeed } from "./state.ts";

/** Someone other than the bot (and other than the default interaction user) owns every fake guild. */
const GUILD_OWNER_ID = "500000000000000001";

/**
 * What @everyone (and so the bot) may do: view, send, embed links, attach files, read history, add
 * reactions, use external emoji, use application commands, create public threads, send in threads.
 */
export const EVERYONE_PERMISSIONS = [6n, 10n, 11n, 14n, 15n, 16n, 18n, 31n, 35n, 38n]
  .reduce((bits, bit) => bits | (1n << bit), 0n)
  .toString();

/** A guild as `GET /guilds/{id}` returns it: roles and settings, no channels or members. */
export function guildObject(seed: GuildSeed) {
  return {
    id: seed.id,
    name: seed.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: GUILD_OWNER_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    preferred_locale: "en-US",
    vanity_url_code: null,
    features: [],
    roles: [
      {
        id: seed.id,
        name: "@everyone",
        permissions: EVERYONE_PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        icon: null,
        unicode_emoji: null,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
  };
}

/**
 * GUILD_CREATE for the ready sequence: the guild, its channels and active threads, and the bot as its
 * only cached member. discord.js marks the client ready once each guild in READY has had one.
 */
export function guildCreatePayload(seed: GuildSeed, state: DiscordState) {
  const joinedAt = new Date(state.now()).toISOString();
  const inGuild = [...state.channels.values()].filter((c) => c.guild_id === seed.id);
  return {
    ...guildObject(seed),
    unavailable: false,
    large: false,
    member_count: 2,
    joined_at: joinedAt,
    channels: inGuild.filter((c) => c.thread_metadata === undefined),
    threads: inGuild.filter((c) => c.thread_metadata !== undefined),
    members: [{ user: state.bot, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0, nick: null }],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
