import { randomBytes } from "node:crypto";
import {
  createSnowflakes,
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_USER_ID,
} from "./defaults.ts";
import { EVERYONE_PERMISSIONS } from "./guild.ts";

/**
 * An INTERACTION_CREATE `d` as Discord sends it to a bot. discord.js throws (and emits nothing) without
 * `entitlements` and `authorizing_integration_owners`; `application_id` is filled in on dispatch.
 */
export interface InteractionPayload {
  id: string;
  token: string;
  /** 2 application command, 3 message component, 4 autocomplete, 5 modal submit. */
  type: number;
  application_id?: string;
  version: 1;
  guild_id?: string;
  channel_id: string;
  channel: Record<string, unknown>;
  data?: Record<string, unknown>;
  member?: Record<string, unknown>;
  user?: Record<string, unknown>;
  message?: Record<string, unknown>;
  app_permissions: string;
  locale: string;
  guild_locale?: string;
  entitlements: unknown[];
  authorizing_integration_owners: Record<string, string>;
  context: number;
  [key: string]: unknown;
}

/** Where an interaction happens. `guildId: null` makes it a DM (a `user` instead of a `member`). */
export interface InteractionPlace {
  guildId?: string | null;
  channelId?: string;
  userId?: string;
  locale?: string;
}

/** A command option as it arrives: type 3 string, 4 integer, 5 boolean, 10 number; 1 is a subcommand. */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

const nextId = createSnowflakes(Date.now);
/** Interaction tokens are long opaque strings; these start like real ones ("interaction:" in base64). */
export const newInteractionToken = () => `aW50ZXJhY3Rpb246${randomBytes(48).toString("base64url")}`;

function base(type: number, place: InteractionPlace, data: Record<string, unknown>): InteractionPayload {
  const guildId = place.guildId === undefined ? DEFAULT_GUILD_ID : place.guildId;
  const channelId = place.channelId ?? DEFAULT_CHANNEL_ID;
  const locale = place.locale ?? "en-US";
  const user = {
    id: place.userId ?? DEFAULT_USER_ID,
    username: "reader",
    discriminator: "0",
    global_name: "Reader",
    avatar: null,
    public_flags: 0,
  };
  const common = {
    id: nextId(),
    token: newInteractionToken(),
    type,
    version: 1 as const,
    channel_id: channelId,
    data,
    app_permissions: EVERYONE_PERMISSIONS,
    locale,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (guildId === null) {
    return {
      ...common,
      channel: { id: channelId, type: 1, recipients: [user], last_message_id: null, flags: 0 },
      user,
      authorizing_integration_owners: { "1": user.id },
      context: 1,
    };
  }
  return {
    ...common,
    guild_id: guildId,
    guild: { id: guildId, locale: "en-US", features: [] },
    guild_locale: "en-US",
    channel: { id: channelId, type: 0, guild_id: guildId, name: "general", position: 0, permission_overwrites: [] },
    member: {
      user,
      roles: [],
      joined_at: "2024-01-01T00:00:00.000000+00:00",
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
      communication_disabled_until: null,
      permissions: EVERYONE_PERMISSIONS,
    },
    authorizing_integration_owners: { "0": guildId },
    context: 0,
  };
}

const withSubcommand = (subcommand: string | undefined, options: CommandOption[]): CommandOption[] =>
  subcommand ? [{ name: subcommand, type: 1, options }] : options;

/**
 * A chat-input command (`/name`), as a user in a guild channel sends it.
 *
 * @example
 * const { token } = fake.dispatchInteraction(
 *   slashCommandInteraction({ name: "brief", options: [{ name: "topic", type: 3, value: "energy" }] }),
 * );
 */
export function slashCommandInteraction(
  input: InteractionPlace & { name: string; options?: CommandOption[]; subcommand?: string; commandId?: string },
): InteractionPayload {
  return base(2, input, {
    id: input.commandId ?? nextId(),
    name: input.name,
    type: 1,
    options: withSubcommand(input.subcommand, input.options ?? []),
  });
}

/** Typing in an option of `/name`: `focused` is the option being typed, `options` any already filled. */
export function autocompleteInteraction(
  input: InteractionPlace & {
    name: string;
    focused: { name: string; value: string; type?: number };
    options?: CommandOption[];
    subcommand?: string;
    commandId?: string;
  },
): InteractionPayload {
  const focused = {
    name: input.focused.name,
    type: input.focused.type ?? 3,
    value: input.focused.value,
    focused: true,
  };
  return base(4, input, {
    id: input.commandId ?? nextId(),
    name: input.name,
    type: 1,
    options: withSubcommand(input.subcommand, [...(input.options ?? []), focused]),
  });
}

/**
 * A click on a button (`customId`) of `message`. Pass a stored message (`fake.messages(id)[0]`) or
 * at least `{ id }`: on dispatch the fake swaps in the stored message with that id, as Discord would.
 */
export function buttonInteraction(
  input: InteractionPlace & { customId: string; message: { id: string } & Record<string, unknown> },
): InteractionPayload {
  const payload = base(3, input, { custom_id: input.customId, component_type: 2 });
  payload.message = {
    type: 0,
    channel_id: payload.channel_id,
    author: {
      id: DEFAULT_APPLICATION_ID,
      username: "briefbot",
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
    },
    content: "",
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    ...input.message,
  };
  return payload;
}
