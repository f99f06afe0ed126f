import type { IncomingMessage, ServerResponse } from "node:http";
import { App, HTTPReceiver, type Installation, type InstallationQuery } from "@slack/bolt";
import { InstallProvider } from "@slack/oauth";
import type { WebClient } from "@slack/web-api";
import { answerBrief, type CommandAnswer, describeAnswer } from "../../src/commands/slash.ts";
import type { SlackConfig } from "../../src/config.ts";
import { connectWithRetries } from "../../src/connect.ts";
import type { DeliveryLogger, PostOutcome } from "../../src/delivery/engine.ts";
import { PublishError } from "../../src/delivery/port.ts";
import type { Store } from "../../src/store/index.ts";
import { createHttpServer, type HttpServer } from "../http/server.ts";
import { type AnswerQueueOptions, createAnswerQueue } from "./answers.ts";
import { cardsToSlackAnswer, escapeSlack, type SlackBlock } from "./blocks.ts";
import { slackLogger } from "./logger.ts";
import { mayManage, whoMay } from "./managers.ts";
import { createPublishingClient, createSlackPublisher, SLACK_ERROR_HINTS } from "./publisher.ts";

/** The scopes the app asks for; the manifest lists the same. */
export const SLACK_SCOPES = [
  "commands",
  "chat:write",
  "users:read",
  "usergroups:read",
  "channels:history",
  "groups:history",
  "im:history",
  "mpim:history",
];
/** The slash command; the manifest registers it. */
export const SLACK_COMMAND = "/brief";
/** Bolt's own paths, under which the shared HTTP server hands requests to it. */
const SLACK_PATHS = "/slack/";
/** Where a workspace is installed from, and where Slack sends it back (Bolt's defaults; the manifest's). */
const INSTALL_PATH = "/slack/install";
const REDIRECT_PATH = "/slack/oauth_redirect";

export interface SlackAdapterOptions {
  config: SlackConfig;
  store: Store;
  log: DeliveryLogger;
  now?: () => Date;
  /** Test and benchmark knob: the Bolt client's retries (none by default: start-up retries itself). */
  clientRetries?: { retries: number; minTimeout?: number; maxTimeout?: number };
  /** Start-up's deadline for one try of `auth.test` (default 15 s). */
  connectDeadlineMs?: number;
  /** How commands are answered: lookups at once, the waiting bound, the answer's deadline. */
  answers?: AnswerQueueOptions;
}

export interface SlackStart {
  /** The shared HTTP server; without one the adapter listens on its own, on `config.port`. */
  http?: HttpServer;
  /** Posts a card from a "Post to channel" button: the delivery engine's `postCard`. */
  postCard?: (articleId: string, destination: string) => Promise<PostOutcome>;
  /** Start-up stops when this aborts (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

export interface SlackAdapter {
  app: App;
  publisher: ReturnType<typeof createSlackPublisher>;
  /** Connect (check the token, or open Socket Mode) and take requests; resolves with the HTTP port, if any. */
  start(options?: SlackStart): Promise<number | undefined>;
  stop(): Promise<void>;
  /** `ok` once connected, else what it waits for: for `/readyz`. */
  readiness(): string;
}

/**
 * The Slack adapter: a Bolt app answering `/brief` (lookups, subscriptions) with an ephemeral answer
 * and a button that posts the card to the channel (through the delivery engine, like a scheduled
 * post) with its quotes in the thread, and the Slack publisher for scheduled briefings. A single
 * workspace runs on `SLACK_BOT_TOKEN`; several through Bolt's OAuth installation store, kept in
 * briefbot's store. Over HTTP, Bolt's receiver is mounted on briefbot's one server (`PORT`).
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, store, log } = options;
  const now = options.now ?? (() => new Date());
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    timeout: options.connectDeadlineMs ?? 15_000,
    retryConfig: options.clientRetries ?? { retries: 0 },
  };
  const installationStore = {
    storeInstallation: async (installation: Installation) => {
      await store.installations.put(
        "slack",
        installationKey(installation.enterprise?.id, installation.team?.id, installation.isEnterpriseInstall),
        installation,
      );
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = await store.installations.get<Installation>(
        "slack",
        installationKey(query.enterpriseId, query.teamId, query.isEnterpriseInstall),
      );
      if (!found) throw new Error(`no Slack installation for ${query.teamId ?? query.enterpriseId}`);
      return found;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => {
      await store.installations.delete(
        "slack",
        installationKey(query.enterpriseId, query.teamId, query.isEnterpriseInstall),
      );
    },
  };
  const oauth = config.oauth
    ? {
        clientId: config.oauth.clientId,
        clientSecret: config.oauth.clientSecret,
        stateSecret: config.oauth.stateSecret,
        scopes: SLACK_SCOPES,
        installationStore,
        // The install flow's own client (oauth.v2.access) goes to the same Web API base.
        installerOptions: { directInstall: true, clientOptions },
      }
    : undefined;
  const logger = slackLogger(log, "slack-bolt");
  const socketMode = Boolean(config.appToken) || !config.signingSecret;
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({ signingSecret: config.signingSecret as string, logger, ...(oauth ?? {}) });
  // In Socket Mode, Bolt's receiver would open a second HTTP server of its own (port 3000, every
  // interface) for the install pages; instead the installer is ours, on briefbot's one server.
  const installer =
    socketMode && oauth
      ? new InstallProvider({
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          stateSecret: oauth.stateSecret,
          installationStore,
          directInstall: true,
          clientOptions,
          logger,
        })
      : undefined;
  const app = new App({
    logger,
    clientOptions,
    // Over HTTP the receiver carries the OAuth settings, and Bolt takes its installer's authorize.
    ...(receiver
      ? { receiver }
      : {
          socketMode: true,
          appToken: config.appToken,
          ...(installer ? { authorize: (source) => installer.authorize(source) } : {}),
        }),
    ...(oauth ? {} : { token: config.botToken, deferInitialization: true }),
  });
  const listener =
    receiver?.requestListener ??
    (installer
      ? (req: IncomingMessage, res: ServerResponse) => {
          const path = (req.url ?? "").split("?")[0];
          const done = (error: unknown) => {
            log.error({ platform: "slack", error: String((error as Error).message ?? error) }, "slack install failed");
            if (!res.headersSent) res.writeHead(500).end();
          };
          if (path === INSTALL_PATH)
            return void installer.handleInstallPath(req, res, undefined, { scopes: SLACK_SCOPES }).catch(done);
          if (path === REDIRECT_PATH) return void installer.handleCallback(req, res).catch(done);
          res.writeHead(404).end();
        }
      : undefined);

  const clients = new Map<string, WebClient>();
  const clientFor = async (workspace?: string): Promise<WebClient> => {
    const token = workspace && config.oauth ? await installationToken(store, workspace) : config.botToken;
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
  let postCard: SlackStart["postCard"];
  let state = "not started";

  // Answers wait their turn behind acknowledgements: under load, acking the next command within
  // Slack's 3 seconds matters more than answering the last one a few milliseconds sooner.
  const answers = createAnswerQueue(options.answers);
  const rule = { managers: config.managers ?? [] };

  app.command(SLACK_COMMAND, async ({ command, ack, client }) => {
    const queued = answers.push(async () => {
      const place = { platform: "slack" as const, workspace: command.team_id, channel: command.channel_id };
      const verb = (command.text ?? "").trim().split(/\s+/)[0]?.toLowerCase();
      let body: Record<string, unknown>;
      try {
        if ((verb === "subscribe" || verb === "unsubscribe") && !(await mayManage(client, command.user_id, rule))) {
          // A refusal names who may, as mentions (from configuration, not from anyone's text),
          // in an answer only the asker sees.
          body = { response_type: "ephemeral", text: `Only ${whoMay(rule)} may change this channel's briefing.` };
        } else {
          body = answerBody(await answerBrief(store, place, command.text ?? "", now()));
        }
      } catch (error) {
        log.error({ platform: "slack", command: SLACK_COMMAND, error: String(error) }, "slash command failed");
        body = answerBody({ kind: "error", message: "Something went wrong on briefbot's side; try again." });
      }
      // The answer goes on its own, with its deadline: a slow response_url holds no lookup's place.
      answers.respond(command.response_url, body).catch((error) => {
        log.error(
          { platform: "slack", command: SLACK_COMMAND, error: String((error as Error).message ?? error) },
          "answering a command failed",
        );
      });
    });
    await ack(queued ? undefined : { response_type: "ephemeral", text: BUSY });
  });

  app.action("brief_post", async ({ ack, body, action, respond }) => {
    await ack();
    const articleId = (action as { value?: string }).value ?? "";
    const channel = (body as { channel?: { id?: string } }).channel?.id;
    const team = (body as { team?: { id?: string } }).team?.id;
    const responseUrl = (body as { response_url?: string }).response_url;
    // The answer has the same deadline as a command's: a dead response_url holds nothing up.
    const answer = async (text: string, replace = false) => {
      const reply = { response_type: "ephemeral" as const, replace_original: replace, text: escapeSlack(text) };
      await (responseUrl ? answers.respond(responseUrl, reply) : respond(reply)).catch((error) =>
        log.error({ platform: "slack", error: String((error as Error).message ?? error) }, "answering a button failed"),
      );
    };
    if (!channel || !postCard) return void (await answer("That card cannot be posted from here."));
    // The same path as a scheduled post: the ledger, the pacer, the retries; two clicks, one post.
    const outcome = await postCard(articleId, `slack:${team ? `${team}/` : ""}${channel}`);
    if (outcome.status === "posted") return void (await answer("Posted to the channel.", true));
    if (outcome.status === "already") return void (await answer("This card is in the channel already.", true));
    if (outcome.status === "no-card") return void (await answer("That card is no longer in the library."));
    log.error({ platform: "slack", channel, error: outcome.error }, "posting a card failed");
    await answer(`Could not post: ${outcome.error}`);
  });

  app.error(async (error) => {
    log.error({ platform: "slack", error: String((error as Error).message ?? error) }, "slack adapter error");
    // An event from a workspace we have no installation for gets Bolt's 401, not a silent 200.
    if ((error as { code?: string }).code === "slack_bolt_authorization_error") throw error;
  });

  let ownServer: HttpServer | undefined;
  return {
    app,
    publisher,
    readiness: () => state,
    async start(start = {}) {
      postCard = start.postCard;
      state = "connecting";
      await connectWithRetries({
        name: "slack",
        log,
        ...(start.signal ? { signal: start.signal } : {}),
        ...(options.connectDeadlineMs ? { deadlineMs: options.connectDeadlineMs } : {}),
        attempt: async () => {
          // A single workspace's token is checked at once (auth.test); Socket Mode opens its socket.
          if (!config.oauth) await app.init();
          if (!receiver) await app.start();
        },
        fatal: (error) => startupFailure(error, config),
      });
      state = "ok";
      if (!listener) return undefined;
      let http = start.http;
      if (!http) {
        ownServer = createHttpServer();
        http = ownServer;
      }
      http.mount(SLACK_PATHS, listener);
      return ownServer ? ownServer.listen(config.port, config.host) : undefined;
    },
    async stop() {
      state = "stopped";
      // Answers still under way get a few seconds; then they are dropped, before the store closes.
      await answers.stop();
      if (!receiver) await app.stop().catch(() => {});
      await ownServer?.close();
    },
  };
}

/** An answer as the JSON a `response_url` takes: ephemeral, cards as Block Kit. */
function answerBody(answer: CommandAnswer): Record<string, unknown> {
  const cards = answer.kind === "cards" ? answer.cards : answer.kind === "briefing" ? answer.briefing.cards : [];
  if (cards.length > 0) {
    const m = cardsToSlackAnswer(cards);
    return { response_type: "ephemeral", blocks: m.blocks as SlackBlock[], text: m.text };
  }
  return { response_type: "ephemeral", text: escapeSlack(describeAnswer(answer)) };
}

/** What a command is told when too many are waiting. */
const BUSY = "briefbot is busy answering others; try again in a moment.";

/** A start-up failure no retry mends, as the one line naming what to fix. */
function startupFailure(error: unknown, config: SlackConfig): string | undefined {
  const code = (error as { data?: { error?: string } }).data?.error ?? (error as { code?: string }).code;
  const token = config.appToken && !config.botToken ? "SLACK_APP_TOKEN" : "SLACK_BOT_TOKEN";
  if (code === "invalid_auth" || code === "not_authed" || code === "token_revoked" || code === "account_inactive")
    return `${token} is not valid: Slack answered ${code} (${SLACK_ERROR_HINTS.invalid_auth})`;
  if (code === "not_allowed_token_type" || code === "invalid_token_type")
    return `SLACK_APP_TOKEN is not an app-level token with connections:write: Slack answered ${code}`;
  return undefined;
}

/** An org-wide (Enterprise Grid) install is kept under its enterprise, any other under its workspace. */
function installationKey(enterpriseId?: string, teamId?: string, enterpriseInstall?: boolean): string {
  return enterpriseId && (enterpriseInstall || !teamId) ? `E:${enterpriseId}` : `T:${teamId ?? ""}`;
}

async function installationToken(store: Store, teamId: string): Promise<string | undefined> {
  return (await store.installations.get<Installation>("slack", installationKey(undefined, teamId)))?.bot?.token;
}
