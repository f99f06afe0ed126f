import { type ChatPostMessageArguments, ErrorCode, type Logger, type WebAPICallError, WebClient } from "@slack/web-api";
import { type MessageRef, PublishError, type Publisher } from "../../src/delivery/port.ts";
import type { Briefing, BriefingCard, Destination } from "../../src/schemas.ts";
import { briefingToSlackBlocks, quotesToSlackMessages, type SlackMessage } from "./blocks.ts";

/** Message metadata that lets a delivery be found again after a crash. */
export const DELIVERY_EVENT = "briefbot_delivery";
/** Metadata of each quote message in a delivery's thread: a retry posts only the parts missing. */
export const QUOTE_EVENT = "briefbot_quotes";
/** Messages per page of history searched for a delivery's metadata (Slack keeps it with the message). */
const FIND_PAGE = 200;
/** Pages read at most: past 10,000 messages since its slot, a channel cannot be searched for a post. */
const FIND_PAGES = 50;

/**
 * Slack allows chat.postMessage about once a second per channel (short bursts allowed) and several
 * hundred a minute per workspace; fan-out goes to different channels, so the pace is per workspace
 * and a channel that pushes back answers 429, which the engine waits out.
 */
export const SLACK_LIMITS_PER_WORKSPACE = { concurrency: 4, perSecond: 10 } as const;

/** The Slack errors that no retry can mend. */
const FINAL = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "missing_scope",
  "restricted_action",
  "invalid_blocks",
  "msg_too_long",
]);

/** What a Slack error means to the person who asked, and to the log. */
export const SLACK_ERROR_HINTS: Record<string, string> = {
  channel_not_found: "the channel does not exist or the bot cannot see it",
  not_in_channel: "the bot is not in this channel: invite it with /invite @briefbot",
  invalid_auth: "the bot token is not valid: check SLACK_BOT_TOKEN or reinstall the app",
  is_archived: "the channel is archived",
  missing_scope: "the app lacks a scope it needs: reinstall it from its manifest",
};

export interface SlackPublisherOptions {
  /** The client for a workspace: one bot token, or a team's token from the installation store. */
  clientFor: (workspace?: string) => Promise<WebClient>;
}

/**
 * The Slack publisher: a briefing is one message (Block Kit, no unfurls) carrying the delivery's id
 * as message metadata; its quotes follow in the thread; `find` looks the metadata up in the
 * channel's history. Rate limits come back to the engine as retryable errors with Retry-After, so
 * the engine pauses every post to Slack, not just one.
 */
export function createSlackPublisher(options: SlackPublisherOptions): Publisher {
  const post = async (destination: Destination, args: Omit<ChatPostMessageArguments, "channel">): Promise<string> => {
    const client = await options.clientFor(destination.workspace);
    try {
      const res = await client.chat.postMessage({ channel: destination.channel, ...args } as ChatPostMessageArguments);
      return String(res.ts);
    } catch (error) {
      throw toPublishError(error);
    }
  };
  const message = (m: SlackMessage) => ({ blocks: m.blocks, text: m.text, unfurl_links: false, unfurl_media: false });

  const metadataOf = (m: unknown) =>
    (m as { metadata?: { event_type?: string; event_payload?: { delivery_id?: string; part?: number } } }).metadata;

  return {
    platform: "slack",
    limits: SLACK_LIMITS_PER_WORKSPACE,
    async publish(destination: Destination, briefing: Briefing, deliveryId: string): Promise<MessageRef> {
      const ts = await post(destination, {
        ...message(briefingToSlackBlocks(briefing)),
        metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery_id: deliveryId } },
      } as Omit<ChatPostMessageArguments, "channel">);
      return { platform: "slack", channel: refChannel(destination), id: ts };
    },
    async reply(ref: MessageRef, cards: readonly BriefingCard[], deliveryId: string): Promise<void> {
      const destination = destinationOf(ref);
      // What the thread has already (a retry after a partial failure): each part carries its number.
      const client = await options.clientFor(destination.workspace);
      let posted: Set<number>;
      try {
        const res = await client.conversations.replies({
          channel: destination.channel,
          ts: ref.id,
          limit: FIND_PAGE,
          include_all_metadata: true,
        });
        posted = new Set(
          (res.messages ?? [])
            .map(metadataOf)
            .filter((m) => m?.event_type === QUOTE_EVENT && m.event_payload?.delivery_id === deliveryId)
            .map((m) => Number(m?.event_payload?.part)),
        );
      } catch (error) {
        throw toPublishError(error);
      }
      const parts = quotesToSlackMessages(cards);
      for (const [part, m] of parts.entries()) {
        if (posted.has(part)) continue;
        await post(destination, {
          ...message(m),
          thread_ts: ref.id,
          metadata: { event_type: QUOTE_EVENT, event_payload: { delivery_id: deliveryId, part } },
        } as Omit<ChatPostMessageArguments, "channel">);
      }
    },
    async find(destination: Destination, deliveryId: string, since: Date): Promise<MessageRef | undefined> {
      const client = await options.clientFor(destination.workspace);
      try {
        let cursor: string | undefined;
        for (let page = 0; page < FIND_PAGES; page++) {
          const res = await client.conversations.history({
            channel: destination.channel,
            oldest: (since.getTime() / 1000).toFixed(6),
            limit: FIND_PAGE,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          });
          const hit = (res.messages ?? []).find((m) => {
            const meta = metadataOf(m);
            return meta?.event_type === DELIVERY_EVENT && meta.event_payload?.delivery_id === deliveryId;
          });
          if (hit?.ts) return { platform: "slack", channel: refChannel(destination), id: hit.ts };
          cursor = res.response_metadata?.next_cursor || undefined;
          if (!res.has_more || !cursor) return undefined;
        }
      } catch (error) {
        throw toPublishError(error);
      }
      // Not knowing is not "not posted": the engine leaves the claim rather than post twice.
      throw new PublishError(
        "slack",
        `more than ${FIND_PAGE * FIND_PAGES} messages since the slot: cannot tell whether it was posted`,
        {
          retryable: false,
        },
      );
    },
  };
}

/** A message's channel as a reference names it: `T…/C…` when the workspace is known, so a reply finds its token. */
function refChannel(destination: Destination): string {
  return destination.workspace ? `${destination.workspace}/${destination.channel}` : destination.channel;
}

function destinationOf(ref: MessageRef): Destination {
  const [workspace, channel] = ref.channel.includes("/") ? ref.channel.split("/") : [undefined, ref.channel];
  return { platform: "slack", channel: channel as string, ...(workspace ? { workspace } : {}) };
}

/** Map `@slack/web-api` errors onto the port: rate limits with their wait, 5xx and timeouts retryable, the rest final. */
export function toPublishError(error: unknown): PublishError {
  const e = error as WebAPICallError & { retryAfter?: number; statusCode?: number; data?: { error?: string } };
  if (e?.code === ErrorCode.RateLimitedError) {
    return new PublishError("slack", "rate limited", {
      retryable: true,
      retryAfterMs: (e.retryAfter ?? 1) * 1000,
      platformCode: "ratelimited",
      cause: error,
    });
  }
  if (e?.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? "unknown_error";
    const hint = SLACK_ERROR_HINTS[code];
    return new PublishError("slack", hint ? `${code} (${hint})` : code, {
      retryable: !FINAL.has(code) && /internal_error|fatal_error|service_unavailable|request_timeout/.test(code),
      platformCode: code,
      cause: error,
    });
  }
  if (e?.code === ErrorCode.HTTPError) {
    const status = e.statusCode ?? 0;
    return new PublishError("slack", `HTTP ${status}`, {
      retryable: status >= 500 || status === 408,
      platformCode: String(status),
      cause: error,
    });
  }
  if (e?.code === ErrorCode.RequestError) {
    return new PublishError("slack", `request failed: ${(e.original as Error | undefined)?.message ?? e.message}`, {
      retryable: true,
      cause: error,
    });
  }
  return new PublishError("slack", error instanceof Error ? error.message : String(error), {
    retryable: false,
    cause: error,
  });
}

/** A WebClient for publishing: the engine owns retries and rate limits, so the client does neither. */
export function createPublishingClient(token: string, apiUrl: string, logger?: Logger): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    ...(logger ? { logger } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 15_000,
  });
}
