import { createHmac } from "node:crypto";

/** Headers Slack puts on a request to the app; a type alias (not an interface) so fetch takes it as `HeadersInit`. */
export type SlackRequestHeaders = {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
  "content-type": "application/x-www-form-urlencoded";
};

/**
 * Signs `body` the way Slack does: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. The content type is
 * exactly `application/x-www-form-urlencoded`: Bolt compares it strictly, so send `body` as a string (a
 * `URLSearchParams` body makes fetch add `;charset=UTF-8`, and Bolt answers 400).
 *
 * @example
 * const body = slashCommandBody({ text: "climate", response_url: fake.responseUrl("r1") });
 * await fetch(`${boltUrl}/slack/events`, { method: "POST", headers: signSlackRequest(SECRET, body), body });
 */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackRequestHeaders {
  const hash = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex");
  return {
    "x-slack-signature": `v0=${hash}`,
    "x-slack-request-timestamp": String(timestamp),
    "content-type": "application/x-www-form-urlencoded",
  };
}

export interface SlashCommandInput {
  command?: string;
  text?: string;
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  user_name?: string;
  api_app_id?: string;
  response_url: string;
  trigger_id?: string;
}

/** A slash command as Slack posts it: flat form fields, every value a string. */
export function slashCommandBody(input: SlashCommandInput): string {
  const fields: Record<string, string> = {
    token: "verification-token-unused",
    team_id: input.team_id ?? "T0001",
    team_domain: input.team_domain ?? "briefbot-test",
    channel_id: input.channel_id ?? "C0001",
    channel_name: input.channel_name ?? "general",
    user_id: input.user_id ?? "U0USER",
    user_name: input.user_name ?? "alice",
    command: input.command ?? "/brief",
    text: input.text ?? "",
    api_app_id: input.api_app_id ?? "A0APP",
    is_enterprise_install: "false",
    response_url: input.response_url,
    trigger_id: input.trigger_id ?? "1337.42.trigger",
  };
  return new URLSearchParams(fields).toString();
}

export interface BlockActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  team_id?: string;
  channel_id?: string;
  user_id?: string;
  response_url: string;
  trigger_id?: string;
  api_app_id?: string;
  /** The message holding the button; its `ts` becomes the container's `message_ts`. */
  message?: { ts: string; text?: string; blocks?: unknown[]; [key: string]: unknown };
}

/**
 * A button click as Slack posts it: one form field, `payload`, holding the `block_actions` JSON. Bolt routes it
 * to `app.action(action_id)`, takes the team from `team.id` and the channel from `channel.id`.
 */
export function blockActionBody(input: BlockActionInput): string {
  const teamId = input.team_id ?? "T0001";
  const channelId = input.channel_id ?? "C0001";
  const userId = input.user_id ?? "U0USER";
  const payload = {
    type: "block_actions",
    user: { id: userId, username: "alice", name: "alice", team_id: teamId },
    api_app_id: input.api_app_id ?? "A0APP",
    token: "verification-token-unused",
    container: input.message
      ? { type: "message", message_ts: input.message.ts, channel_id: channelId, is_ephemeral: false }
      : { type: "message", channel_id: channelId, is_ephemeral: false },
    trigger_id: input.trigger_id ?? "1337.42.trigger",
    team: { id: teamId, domain: "briefbot-test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: "general" },
    ...(input.message ? { message: { type: "message", ...input.message } } : {}),
    state: { values: {} },
    response_url: input.response_url,
    actions: [
      {
        type: "button",
        action_id: input.action_id,
        block_id: input.block_id ?? "actions",
        text: { type: "plain_text", text: input.action_id, emoji: true },
        ...(input.value === undefined ? {} : { value: input.value }),
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
