import type { PlatformConfig, Settings } from "../config.ts";
import type { DeliveryEngine, DeliveryLogger, PostOutcome } from "../delivery/engine.ts";
import type { Publisher } from "../delivery/port.ts";
import type { BriefingCard, Subscription } from "../schemas.ts";
import type { Store } from "../store/index.ts";
import type { StoredSubscription } from "../store/port.ts";
import type { Summarizer } from "../summarize/port.ts";

/** A progress display for bulk ingests, when the terminal can show one. */
export interface ProgressDisplay {
  start(total: number): void;
  update(done: number, label: string): void;
  stop(): void;
}

/** The terminal side of the console adapter. */
export interface Terminal {
  renderCard: (card: BriefingCard) => string;
  renderCardLine: (card: BriefingCard) => string;
  progress: () => ProgressDisplay | undefined;
}

/** What the composition root wires in for `serve`. */
export interface Platforms {
  publishers: Partial<Record<Publisher["platform"], Publisher>>;
  /** Open briefbot's HTTP server on `PORT` (`/healthz`, `/readyz`, Slack's receiver); resolves to the port. */
  listen(): Promise<number>;
  /**
   * Connect the platforms (Slack's token or socket, Discord's gateway), retrying while they are
   * unreachable; rejects with one line for a wrong credential, with `ConnectAborted` on `signal`.
   */
  start(options: {
    postCard: (articleId: string, destination: string) => Promise<PostOutcome>;
    signal: AbortSignal;
  }): Promise<void>;
  stop(): Promise<void>;
  /** The platforms configured besides the console, for `status` and the logs. */
  configured: string[];
}

/** Wakes the delivery engine (node-cron); stopped when `serve` stops. */
export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * What every command gets from the composition root (`src/main.ts`). Everything costly is made on
 * first use, so that a command loads only what it needs: `--help` loads no configuration, `brief`
 * no database and no platform library.
 */
export interface CommandContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  now: () => Date;
  /** The shared settings, validated on first use; rejects with a configuration error naming each bad variable. */
  settings(): Promise<Settings>;
  /** Slack's and Discord's settings, validated only by the commands that talk to them. */
  platformConfig(): Promise<PlatformConfig>;
  /** The briefing folder that ships with briefbot. */
  bundledBriefings: string;
  summarizer(): Promise<Summarizer>;
  terminal(): Promise<Terminal>;
  logger(): Promise<DeliveryLogger>;
  /**
   * For long-running commands: a signal aborted on SIGINT or SIGTERM, after which they finish what
   * is in flight and return. Only those commands ask, so a short one still stops at once.
   */
  untilStopped(): AbortSignal;
  /**
   * The web console alone on briefbot's HTTP server (`briefbot console`), with the definitions of
   * the briefings folder and what was wrong loading them.
   */
  consoleServer(
    store: Store,
    options: { definitions: Subscription[]; problems: string[]; log: DeliveryLogger },
  ): Promise<{ listen(): Promise<number>; stop(): Promise<void> }>;
  /** The platforms to serve on the store: their publishers and what listens for their commands. */
  platforms(
    store: Store,
    options: { json: boolean; transcript: string; log: DeliveryLogger; dataDir: string; leaseMs: number },
  ): Promise<Platforms>;
  /** Open the library, applying its migrations: what `briefbot migrate` reports. */
  migrate(place: { dataDir: string; databaseUrl?: string }): Promise<MigrateReport>;
  startScheduler(
    engine: DeliveryEngine,
    subscriptions: readonly StoredSubscription[],
    log: DeliveryLogger,
  ): Promise<Scheduler>;
  /** Register the Discord slash commands (in one guild, or globally); resolves to how many. */
  registerDiscordCommands(guildId?: string): Promise<number>;
  /** The OAuth2 URL that invites the bot, with its scopes and permissions (needs DISCORD_APPLICATION_ID). */
  discordInvite(): Promise<{ url: string; scopes: string[]; permissions: string[]; permissionBits: string }>;
  /**
   * Run one Discord shard's gateway client until SIGTERM (started by the ShardingManager), while
   * it holds the shard's lease; on standby otherwise.
   */
  runDiscordShard(place: { dataDir: string; databaseUrl?: string }): Promise<void>;
}

/** What `briefbot migrate --json` prints. */
export interface MigrateReport {
  engine: "sqlite" | "postgres";
  /** The SQLite file, or the PostgreSQL URL without its password. */
  library: string;
  /** The schema version found (0 for a new library). */
  from: number;
  /** The schema version the library is at now. */
  version: number;
}

/** Where the briefing folder came from, as `serve` and `status` report it. */
export type BriefingsSource = "--briefings-dir" | "BRIEFBOT_BRIEFINGS_DIR" | "./briefings" | "bundled";

/** The paths a command works on, after the global options and the environment. */
export interface Paths {
  /** `--data-dir` → `BRIEFBOT_DATA_DIR` → `./data`. */
  dataDir: string;
  /** `BRIEFBOT_DATABASE_URL`: the library is in PostgreSQL, not in the data folder's SQLite file. */
  databaseUrl?: string;
  /** `--briefings-dir` → `BRIEFBOT_BRIEFINGS_DIR` → `./briefings` when it exists → the bundled folder. */
  briefingsDir: string;
  briefingsFrom: BriefingsSource;
}
