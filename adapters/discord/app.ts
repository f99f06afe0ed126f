import { DiscordAPIError, type REST, REST as RESTClient } from "@discordjs/rest";
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  Routes,
} from "discord.js";
import {
  type CommandAnswer,
  type CommandPlace,
  describeAnswer,
  latest,
  list,
  lookup,
  subscribe,
  unsubscribe,
} from "../../src/commands/slash.ts";
import type { DiscordConfig } from "../../src/config.ts";
import { connectWithRetries } from "../../src/connect.ts";
import type { DeliveryLogger, PostOutcome } from "../../src/delivery/engine.ts";
import { BriefbotError } from "../../src/errors.ts";
import type { BriefingCard } from "../../src/schemas.ts";
import type { Store } from "../../src/store/index.ts";
import { DISCORD_COMMANDS } from "./commands.ts";
import { cardToDiscordEmbed, DISCORD_LIMITS, inertDiscord } from "./embed.ts";
import { createDiscordPublisher, DISCORD_ERROR_HINTS } from "./publisher.ts";

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  store: Store;
  log: DeliveryLogger;
  now?: () => Date;
  /** The REST client's retries on 5xx and timeouts (429s are always waited out). */
  restRetries?: number;
}

export interface DiscordStart {
  /** Posts a card from its button: the delivery engine's `postCard`. */
  postCard?: (articleId: string, destination: string) => Promise<PostOutcome>;
  /** Start-up stops when this aborts (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

export interface DiscordAdapter {
  client: Client;
  publisher: ReturnType<typeof createDiscordPublisher>;
  /** Log in through the gateway and resolve once the client is ready (retrying while Discord is unreachable). */
  start(options?: DiscordStart): Promise<void>;
  stop(): Promise<void>;
  /** `ok` once the gateway is ready, else what it waits for: for `/readyz`. */
  readiness(): string;
}

const POST_BUTTON = "brief_post:";
const AUTOCOMPLETE_CHOICES = 25;

/**
 * The Discord adapter: a discord.js client on the gateway with the one intent it needs (Guilds),
 * answering `/brief` and `/briefing` ephemerally within Discord's 3-second deadline, posting a card
 * publicly from its button with the quotes in a thread, and the publisher for scheduled briefings.
 * No message it sends can ping anyone: `allowedMentions: { parse: [] }` is set on the client.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { config, store, log } = options;
  const now = options.now ?? (() => new Date());
  const rest = { api: config.apiUrl, ...(options.restRetries !== undefined ? { retries: options.restRetries } : {}) };
  /** A gateway client; a new one each time the gateway is connected again (a destroyed one stays down). */
  const makeClient = () => {
    const made = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest,
      allowedMentions: { parse: [], repliedUser: false },
    });
    // discord.js reports through events, never the console: its warnings and errors become our lines.
    made.on(Events.Warn, (message) => log.warn({ platform: "discord", component: "discord.js" }, message));
    made.on(Events.Error, (error) =>
      log.error({ platform: "discord", component: "discord.js", error: error.message }, "discord.js error"),
    );
    made.on(Events.InteractionCreate, (interaction: Interaction) => {
      handle(interaction).catch((error) => {
        log.error({ platform: "discord", error: String((error as Error).message ?? error) }, "interaction failed");
      });
    });
    return made;
  };
  let client = makeClient();
  let connectedOnce = false;
  // Posting has a REST client of its own, with the token from the start: a replica on standby
  // (another holds the gateway), or one that gave its gateway up, still posts.
  const publisher = createDiscordPublisher(new RESTClient(rest).setToken(config.token));

  async function handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (interaction.isChatInputCommand()) return command(interaction);
    if (interaction.isButton() && interaction.customId.startsWith(POST_BUTTON)) return postCard(interaction);
  }

  async function command(interaction: ChatInputCommandInteraction): Promise<void> {
    const place: CommandPlace = {
      platform: "discord",
      workspace: interaction.guildId ?? "dm",
      channel: interaction.channelId,
    };
    const lang = interaction.locale?.startsWith("nl") ? "nl" : "en";
    let answer: CommandAnswer;
    if (interaction.commandName === "brief") {
      const topic = interaction.options.getString("topic")?.trim();
      answer = topic ? await lookup(store, topic, now()) : await latest(store, now());
    } else {
      const sub = interaction.options.getSubcommand();
      if (sub === "subscribe") {
        const args = [interaction.options.getString("time", true), interaction.options.getString("timezone", true)];
        const topic = interaction.options.getString("topic");
        answer = await subscribe(store, place, topic ? [...args, ...topic.split(/\s+/)] : args, now());
      } else if (sub === "unsubscribe") {
        answer = await unsubscribe(store, place, now());
      } else {
        answer = await list(store, place);
      }
    }
    const cards =
      answer.kind === "cards" ? answer.cards : answer.kind === "briefing" ? answer.briefing.cards : undefined;
    if (cards && cards.length > 0) {
      const { embeds, components } = answerMessage(cards);
      await interaction.reply({ embeds, components, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({ content: inertDiscord(describeAnswer(answer, lang)), flags: MessageFlags.Ephemeral });
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const typed = fold(String(focused.value));
    let choices: string[];
    if (focused.name === "timezone") {
      choices = Intl.supportedValuesOf("timeZone").filter((tz) => fold(tz).includes(typed));
    } else {
      const names = new Set<string>();
      for (const card of await store.recentCards({ limit: 200 })) for (const n of card.names) names.add(n);
      choices = [...names].filter((n) => fold(n).startsWith(typed) || fold(n).includes(` ${typed}`));
    }
    await interaction.respond(
      choices.slice(0, AUTOCOMPLETE_CHOICES).map((c) => ({ name: c.slice(0, 100), value: c.slice(0, 100) })),
    );
  }

  async function postCard(interaction: ButtonInteraction): Promise<void> {
    const articleId = interaction.customId.slice(POST_BUTTON.length);
    if (!(await store.getCard(articleId)) || !poster) {
      await interaction.reply({ content: "That card is no longer in the library.", flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // The same path as a scheduled post: the ledger, the pacer, the retries; two clicks, one post.
    const outcome = await poster(articleId, `discord:${interaction.channelId}`);
    if (outcome.status === "failed")
      log.error({ platform: "discord", channel: interaction.channelId, error: outcome.error }, "posting a card failed");
    const content =
      outcome.status === "posted"
        ? "Posted to the channel."
        : outcome.status === "already"
          ? "This card is in the channel already."
          : outcome.status === "no-card"
            ? "That card is no longer in the library."
            : `Could not post: ${inertDiscord(outcome.error)}`;
    await interaction.editReply({ content });
  }

  let poster: DiscordStart["postCard"];
  let state = "not started";
  return {
    get client() {
      return client;
    },
    publisher,
    readiness: () => (state === "ok" && !client.isReady() ? "gateway disconnected" : state),
    async start(start = {}) {
      poster = start.postCard;
      if (connectedOnce) client = makeClient();
      connectedOnce = true;
      state = "connecting";
      await connectWithRetries({
        name: "discord",
        log,
        ...(start.signal ? { signal: start.signal } : {}),
        attempt: async (signal) => {
          const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
          signal.addEventListener("abort", () => void client.destroy(), { once: true });
          await client.login(config.token);
          await ready;
        },
        fatal: (error) => {
          const e = error as { code?: string | number; status?: number };
          if (
            e.code === "TokenInvalid" ||
            e.status === 401 ||
            (error instanceof DiscordAPIError && error.status === 401)
          )
            return "DISCORD_TOKEN is not valid: Discord answered 401 (Bot → Reset Token in the Developer Portal, then set DISCORD_TOKEN)";
          if (e.code === "DisallowedIntents")
            return "the bot may not use the Guilds intent: enable it under Bot → Privileged Gateway Intents";
          return undefined;
        },
      });
      state = "ok";
    },
    async stop() {
      state = "stopped";
      await client.destroy();
    },
  };
}

/** Up to three cards as embeds within Discord's 6,000 characters, each with a button to post it. */
function answerMessage(cards: readonly BriefingCard[]): {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
} {
  let shown = cards.slice(0, 3);
  let embeds = shown.map((c) => cardToDiscordEmbed(c, { quotes: true }));
  const size = (list: APIEmbed[]) =>
    JSON.stringify(list.map((e) => [e.title, e.description, e.footer?.text, e.fields])).length;
  while (shown.length > 1 && size(embeds) > DISCORD_LIMITS.totalCharacters) {
    shown = shown.slice(0, -1);
    embeds = shown.map((c) => cardToDiscordEmbed(c, { quotes: shown.length === 1 }));
  }
  const row: APIActionRowComponent<APIButtonComponent> = {
    type: ComponentType.ActionRow,
    components: shown.map((c, i) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: `${POST_BUTTON}${c.articleId}`.slice(0, 100),
      label: shown.length === 1 ? "Post publicly" : `Post #${i + 1} publicly`,
    })),
  };
  return { embeds, components: [row] };
}

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** A publisher that only needs REST: for `serve` when the gateway runs in shard processes. */
export function createRestPublisher(config: DiscordConfig) {
  return createDiscordPublisher(new RESTClient({ api: config.apiUrl }).setToken(config.token));
}

/** Register the slash commands with a bot token: what `briefbot discord register` runs. */
/**
 * `briefbot discord register`: the commands put in place with the configured token and
 * application, a refusal or an unreachable API as one line naming what to fix.
 */
export async function registerCommandsWith(config: DiscordConfig, guildId?: string): Promise<number> {
  const rest = new RESTClient({ api: config.apiUrl, retries: 1, timeout: 15_000 }).setToken(config.token);
  try {
    return await registerCommands(rest, config.applicationId, guildId);
  } catch (error) {
    throw new BriefbotError("CONFIG", registerFailure(error, config, guildId));
  }
}

function registerFailure(error: unknown, config: DiscordConfig, guildId?: string): string {
  if (error instanceof DiscordAPIError || (error as { status?: number }).status) {
    const status = (error as { status: number }).status;
    const said = `Discord answered ${status} ${(error as Error).message}`;
    if (status === 401) return `DISCORD_TOKEN is not valid: ${said}`;
    if (status === 403)
      return guildId
        ? `the bot may not register commands in guild ${guildId} (is it in that server, invited with applications.commands?): ${said}`
        : `DISCORD_TOKEN may not register commands for application ${config.applicationId}: ${said}`;
    if (status === 404 || status === 400)
      return guildId
        ? `no guild ${guildId} or no application ${config.applicationId} (check --guild and DISCORD_APPLICATION_ID): ${said}`
        : `no application ${config.applicationId} (check DISCORD_APPLICATION_ID): ${said}`;
    return `registering the commands failed: ${said}`;
  }
  const e = error as { code?: string; cause?: { code?: string }; message?: string };
  const cause = e.code ?? e.cause?.code ?? e.message ?? String(error);
  return `could not reach Discord at ${config.apiUrl} (${cause}): check DISCORD_API_URL and the network`;
}

/** Put the slash commands in place: in one guild (development, instant) or globally (production). */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<number> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: DISCORD_COMMANDS })) as unknown[];
  return registered.length;
}

export { DISCORD_ERROR_HINTS, DiscordAPIError };
