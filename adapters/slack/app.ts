import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type Installation, type InstallationQuery, type RespondFn } from "@slack/bolt";
import type { KnownBlock, WebClient } from "@slack/web-api";
import { answerBrief, type CommandAnswer, describeAnswer } from "../../src/commands/slash.ts";
import type { SlackConfig } from "../../src/config.ts";
import type { DeliveryLogger } from "../../src/delivery/engine.ts";
import { PublishError } from "../../src/delivery/port.ts";
import type { Store } from "../../src/store/store.ts";
import {
  cardsToSlackAnswer,
  cardToSlackBlocks,
  escapeSlack,
  quotesToSlackMessages,
  type SlackBlock,
} from "./blocks.ts";
import { slackLogger } from "./logger.ts";
import { createPublishingClient, createSlackPublisher, toPublishError } from "./publisher.ts";

/** The scopes the app asks for; the manifest lists the same. */
export const SLACK_SCOPES = [
  "commands",
  "chat:write",
  "channels:history",
  "groups:history",
  "im:history",
  "mpim:history",
];
/** The slash command; the manifest registers it. */
export const SLACK_COMMAND = "/brief";

export interface SlackAdapterOptions {
  config: SlackConfig;
  store: Store;
  log: DeliveryLogger;
  now?: () => Date;
  /** Test and benchmark knob: the Bolt client's retries (Slack's default is 10 over ~30 minutes). */
  clientRetries?: { retries: number; minTimeout?: number; maxTimeout?: number };
}

export interface SlackAdapter {
  app: App;
  publisher: ReturnType<typeof createSlackPublisher>;
  /** Listen (HTTP receiver) or connect (Socket Mode); resolves with the HTTP port when listening. */
  start(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * The Slack adapter: a Bolt app answering `/brief` (lookups, subscriptions) with an ephemeral answer
 * and a button that posts the card to the channel with its quotes in the thread, and the Slack
 * publisher for scheduled briefings. A single workspace runs on `SLACK_BOT_TOKEN`; several through
 * Bolt's OAuth installation store, kept in briefbot's store.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, store, log } = options;
  const now = options.now ?? (() => new Date());
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    ...(options.clientRetries ? { retryConfig: options.clientRetries } : {}),
  };
  const installationStore = {
    storeInstallation: async (installation: Installation) => {
      store.installations.put(
        "slack",
        installationKey(installation.enterprise?.id, installation.team?.id),
        installation,
      );
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = store.installations.get<Installation>("slack", installationKey(query.enterpriseId, query.teamId));
      if (!found) throw new Error(`no Slack installation for ${query.teamId ?? query.enterpriseId}`);
      return found;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => {
      store.installations.delete("slack", installationKey(query.enterpriseId, query.teamId));
    },
  };

  const app = new App({
    signingSecret: config.signingSecret,
    logger: slackLogger(log, "slack-bolt"),
    clientOptions,
    ...(config.appToken ? { socketMode: true, appToken: config.appToken } : {}),
    ...(config.oauth
      ? {
          clientId: config.oauth.clientId,
          clientSecret: config.oauth.clientSecret,
          stateSecret: config.oauth.stateSecret,
          scopes: SLACK_SCOPES,
          installationStore,
          installerOptions: { directInstall: true },
        }
      : { token: config.botToken, deferInitialization: true }),
  });

  const clients = new Map<string, WebClient>();
  const clientFor = async (workspace?: string): Promise<WebClient> => {
    const token = workspace && config.oauth ? installationToken(store, workspace) : config.botToken;
    if (!token)
      throw new PublishError("slack", `no installation for workspace ${workspace ?? "(none)"}`, { retryable: false });
    let client = clients.get(token);
    if (!client) {
      client = createPublishingClient(token, config.apiUrl, slackLogger(log, "slack-web-api"));
      clients.set(token, client);
    }
    return client;
  };
  const publisher = createSlackPublisher({ clientFor });

  // Answers wait their turn behind acknowledgements: under load, acking the next command within
  // Slack's 3 seconds matters more than answering the last one a few milliseconds sooner.
  const answers = createQueue(ANSWERS_IN_FLIGHT);

  app.command(SLACK_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const place = { platform: "slack" as const, workspace: command.team_id, channel: command.channel_id };
    answers.push(async () => {
      let answer: CommandAnswer;
      try {
        answer = answerBrief(store, place, command.text ?? "", now());
      } catch (error) {
        log.error({ platform: "slack", command: SLACK_COMMAND, error: String(error) }, "slash command failed");
        answer = { kind: "error", message: "Something went wrong on briefbot's side; try again." };
      }
      try {
        await respondWith(respond, answer);
      } catch (error) {
        log.error(
          { platform: "slack", command: SLACK_COMMAND, error: String((error as Error).message ?? error) },
          "answering a command failed",
        );
      }
    });
  });

  app.action("brief_post", async ({ ack, body, action, respond, client }) => {
    await ack();
    const articleId = (action as { value?: string }).value ?? "";
    const channel = (body as { channel?: { id?: string } }).channel?.id;
    const card = store.getCard(articleId);
    if (!card || !channel) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: "That card is no longer in the library.",
      });
      return;
    }
    try {
      const message = cardToSlackBlocks(card);
      const posted = await client.chat.postMessage({
        channel,
        blocks: message.blocks as unknown as KnownBlock[],
        text: message.text,
        unfurl_links: false,
        unfurl_media: false,
      });
      for (const reply of quotesToSlackMessages([card])) {
        await client.chat.postMessage({
          channel,
          thread_ts: posted.ts as string,
          blocks: reply.blocks as unknown as KnownBlock[],
          text: reply.text,
          unfurl_links: false,
          unfurl_media: false,
        });
      }
      await respond({ response_type: "ephemeral", replace_original: true, text: "Posted to the channel." });
    } catch (error) {
      const failure = toPublishError(error);
      log.error({ platform: "slack", channel, error: failure.message }, "posting a card failed");
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: `Could not post: ${escapeSlack(failure.message)}`,
      });
    }
  });

  app.error(async (error) => {
    log.error({ platform: "slack", error: String((error as Error).message ?? error) }, "slack adapter error");
    // An event from a workspace we have no installation for gets Bolt's 401, not a silent 200.
    if ((error as { code?: string }).code === "slack_bolt_authorization_error") throw error;
  });

  let server: Server | undefined;
  return {
    app,
    publisher,
    async start() {
      if (!config.oauth) await app.init();
      if (config.appToken) {
        await app.start();
        return undefined;
      }
      server = (await app.start({ port: config.port, host: config.host })) as Server;
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      await app.stop();
    },
  };

  async function respondWith(respond: RespondFn, answer: CommandAnswer): Promise<void> {
    if (answer.kind === "cards" || answer.kind === "briefing") {
      const cards = answer.kind === "cards" ? answer.cards : answer.briefing.cards;
      if (cards.length === 0) {
        await respond({ response_type: "ephemeral", text: escapeSlack(describeAnswer(answer)) });
        return;
      }
      const m = cardsToSlackAnswer(cards);
      await respond({
        response_type: "ephemeral",
        blocks: m.blocks as SlackBlock[],
        text: m.text,
      } as Parameters<RespondFn>[0]);
      return;
    }
    await respond({ response_type: "ephemeral", text: escapeSlack(describeAnswer(answer)) });
  }
}

/** Answers being worked on at once; the rest wait in order. */
const ANSWERS_IN_FLIGHT = 2;

function createQueue(limit: number) {
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  const pump = () => {
    while (running < limit && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<void>;
      running++;
      // A macrotask later: the acks already in the event queue go out first.
      setImmediate(() => {
        task().finally(() => {
          running--;
          pump();
        });
      });
    }
  };
  return {
    push(task: () => Promise<void>) {
      waiting.push(task);
      pump();
    },
  };
}

function installationKey(enterpriseId?: string, teamId?: string): string {
  return enterpriseId && !teamId ? `E:${enterpriseId}` : `T:${teamId ?? ""}`;
}

function installationToken(store: Store, teamId: string): string | undefined {
  return store.installations.get<Installation>("slack", installationKey(undefined, teamId))?.bot?.token;
}
