import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

/**
 * The slash commands, as Discord registers them. `/briefing` is its own command because Discord
 * allows no top-level option beside subcommands, and because its default member permission
 * (Manage Channels) applies to a whole command.
 */
export const DISCORD_COMMANDS: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  {
    name: "brief",
    description: "The latest briefing, or the cards about a topic",
    description_localizations: { nl: "De laatste briefing, of de kaarten over een onderwerp" },
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "topic",
        name_localizations: { nl: "onderwerp" },
        description: "Words to look for: a name, a place, a subject",
        description_localizations: { nl: "Waar je naar zoekt: een naam, een plaats, een onderwerp" },
        required: false,
        autocomplete: true,
        max_length: 100,
      },
    ],
  },
  {
    name: "briefing",
    description: "This channel's scheduled briefing",
    description_localizations: { nl: "De geplande briefing van dit kanaal" },
    default_member_permissions: String(PermissionFlagsBits.ManageChannels),
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "subscribe",
        description: "Post a briefing here every day at a time of day",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "time",
            description: "HH:MM, such as 07:30",
            required: true,
            max_length: 5,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "timezone",
            description: "An IANA time zone, such as Europe/Amsterdam",
            required: true,
            autocomplete: true,
            max_length: 64,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "topic",
            description: "Only cards about this",
            required: false,
            max_length: 100,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "unsubscribe",
        description: "Stop this channel's briefing",
      },
      { type: ApplicationCommandOptionType.Subcommand, name: "list", description: "Show this channel's briefings" },
    ],
  },
];
