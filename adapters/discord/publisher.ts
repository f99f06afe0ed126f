import { DiscordAPIError, HTTPError, RateLimitError, type REST } from "@discordjs/rest";
import { type APIEmbed, type APIMessage, Routes } from "discord.js";
import { type MessageRef, PublishError, type Publisher } from "../../src/delivery/port.ts";
import { labelsFor, quoteThreadName } from "../../src/labels.ts";
import type { Briefing, BriefingCard, Destination } from "../../src/schemas.ts";
import { briefingToDiscordEmbeds, DISCORD_LIMITS, quotesToDiscordMessages } from "./embed.ts";

/** Mentions never ping: not `@everyone`, not a role, not a user, not the replied-to author. */
export const NO_MENTIONS = { parse: [] as never[], replied_user: false };
/** Messages per page of history searched for a delivery (the most Discord gives at once). */
const FIND_PAGE = 100;
/** Pages read at most: past 10,000 messages since its slot, a channel cannot be searched for a post. */
const FIND_PAGES = 100;

/** The Discord errors that mean: not this channel, ask someone to fix access. */
export const DISCORD_ERROR_HINTS: Record<number, string> = {
  10003: "Unknown Channel: the channel was deleted or the id is wrong",
  50001: "Missing Access: the bot cannot see this channel",
  50013: "Missing Permissions: the bot needs Send Messages, Embed Links and Create Public Threads here",
};

/** The reference a posted briefing carries in its footer, so that `find` can see it in history. */
export function deliveryFooter(deliveryId: string): string {
  return `briefbot · ref ${deliveryId}`;
}

/**
 * The Discord publisher, on discord.js's REST client (its queue waits out rate limits, so a 429
 * never loses a post): a briefing is one message of embeds sent with the delivery id as its nonce
 * (`enforce_nonce`, so a retry within Discord's window returns the first message) and in its
 * footer (so `find` sees it in the channel's history after a crash); its quotes go into a thread
 * started on the message.
 */
export function createDiscordPublisher(rest: REST): Publisher {
  return {
    platform: "discord",
    limits: { concurrency: 4, perSecond: 40 },
    async publish(destination: Destination, briefing: Briefing, deliveryId: string): Promise<MessageRef> {
      const embeds: APIEmbed[] = briefingToDiscordEmbeds(briefing);
      const last = embeds[embeds.length - 1] as APIEmbed;
      // The reference ends the footer whole, whatever gives way before it.
      const ref = deliveryFooter(deliveryId);
      const before = last.footer?.text ? `${last.footer.text.slice(0, DISCORD_LIMITS.footer - ref.length - 3)} · ` : "";
      last.footer = { text: `${before}${ref}` };
      try {
        const message = (await rest.post(Routes.channelMessages(destination.channel), {
          body: { embeds, nonce: deliveryId, enforce_nonce: true, allowed_mentions: NO_MENTIONS },
        })) as APIMessage;
        return { platform: "discord", channel: destination.channel, id: message.id };
      } catch (error) {
        throw toPublishError(error);
      }
    },
    async reply(ref: MessageRef, cards: readonly BriefingCard[]): Promise<void> {
      const contents = quotesToDiscordMessages(cards);
      if (contents.length === 0) return;
      try {
        const [first] = cards;
        const name = first && cards.length === 1 ? quoteThreadName(first) : labelsFor(first?.lang ?? "en").quotes;
        const thread = await startThread(rest, ref, name);
        // A retry after a partial failure: what the thread has already is not posted again.
        const there = (await rest.get(Routes.channelMessages(thread.id), {
          query: new URLSearchParams({ limit: "100" }),
        })) as APIMessage[];
        const posted = new Set(there.map((m) => m.content));
        for (const content of contents) {
          if (posted.has(content)) continue;
          await rest.post(Routes.channelMessages(thread.id), { body: { content, allowed_mentions: NO_MENTIONS } });
        }
      } catch (error) {
        throw toPublishError(error);
      }
    },
    async find(destination: Destination, deliveryId: string, since: Date): Promise<MessageRef | undefined> {
      const footer = deliveryFooter(deliveryId);
      try {
        // Pages of 100 after a snowflake made from `since`, oldest first: as far back as the slot.
        let after = snowflakeAt(since);
        for (let page = 0; page < FIND_PAGES; page++) {
          const messages = (await rest.get(Routes.channelMessages(destination.channel), {
            query: new URLSearchParams({ limit: String(FIND_PAGE), after }),
          })) as APIMessage[];
          const hit = messages.find(
            (m) => m.nonce === deliveryId || m.embeds?.some((e) => e.footer?.text?.endsWith(footer)),
          );
          if (hit) return { platform: "discord", channel: destination.channel, id: hit.id };
          if (messages.length < FIND_PAGE) return undefined;
          after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
        }
      } catch (error) {
        throw toPublishError(error);
      }
      throw new PublishError(
        "discord",
        `more than ${FIND_PAGE * FIND_PAGES} messages since the slot: cannot tell whether it was posted`,
        {
          retryable: false,
        },
      );
    },
  };
}

/** Discord's epoch (2015-01-01), from which snowflakes count milliseconds. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** The smallest snowflake of an instant: `after` it are the messages posted since. */
export function snowflakeAt(at: Date): string {
  const ms = BigInt(Math.max(0, at.getTime())) - DISCORD_EPOCH;
  return String((ms > 0n ? ms : 0n) << 22n);
}

/**
 * Start the thread on a posted message. A retry after a thread was made (Discord answers 160004)
 * finds it under the message's own id, which is what a thread started from a message is given.
 */
async function startThread(rest: REST, ref: MessageRef, name: string): Promise<{ id: string }> {
  try {
    return (await rest.post(Routes.threads(ref.channel, ref.id), {
      body: { name: name.slice(0, 100), auto_archive_duration: 1440 },
    })) as { id: string };
  } catch (error) {
    if (error instanceof DiscordAPIError && Number(error.code) === 160004) return { id: ref.id };
    throw error;
  }
}

/** Map discord.js REST errors onto the port: 5xx retryable, access and unknown-channel errors final. */
export function toPublishError(error: unknown): PublishError {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === "number" ? error.code : Number(error.code);
    const hint = DISCORD_ERROR_HINTS[code] ?? error.message;
    return new PublishError("discord", `${hint} (${error.status})`, {
      retryable: error.status >= 500,
      platformCode: String(code),
      cause: error,
    });
  }
  if (error instanceof RateLimitError) {
    return new PublishError("discord", "rate limited", {
      retryable: true,
      retryAfterMs: error.retryAfter,
      platformCode: "429",
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    return new PublishError("discord", `HTTP ${error.status}`, {
      retryable: error.status >= 500,
      platformCode: String(error.status),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  // Timeouts and connection resets from the REST client: try again.
  return new PublishError("discord", message, { retryable: /abort|timeout|ECONN|socket/i.test(message), cause: error });
}
