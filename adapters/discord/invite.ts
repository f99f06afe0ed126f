import { OAuth2Scopes, PermissionFlagsBits } from "discord.js";

/** What the bot needs in a channel: to see it, post embeds, read back its posts (crash recovery), and thread quotes. */
export const DISCORD_PERMISSIONS = [
  ["View Channels", PermissionFlagsBits.ViewChannel],
  ["Send Messages", PermissionFlagsBits.SendMessages],
  ["Embed Links", PermissionFlagsBits.EmbedLinks],
  ["Read Message History", PermissionFlagsBits.ReadMessageHistory],
  ["Create Public Threads", PermissionFlagsBits.CreatePublicThreads],
  ["Send Messages in Threads", PermissionFlagsBits.SendMessagesInThreads],
] as const;

export const DISCORD_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/**
 * The OAuth2 URL that adds the bot to a server with exactly the scopes and permissions it needs.
 *
 * @example
 * discordInvite("100000000000000001").url; // https://discord.com/oauth2/authorize?client_id=…&scope=bot+applications.commands&permissions=…
 */
export function discordInvite(applicationId: string) {
  const permissions = DISCORD_PERMISSIONS.reduce((bits, [, bit]) => bits | bit, 0n);
  const url = new URL("https://discord.com/oauth2/authorize");
  url.searchParams.set("client_id", applicationId);
  url.searchParams.set("scope", DISCORD_SCOPES.join(" "));
  url.searchParams.set("permissions", permissions.toString());
  return {
    url: url.toString(),
    scopes: [...DISCORD_SCOPES],
    permissions: DISCORD_PERMISSIONS.map(([name]) => name),
    permissionBits: permissions.toString(),
  };
}
