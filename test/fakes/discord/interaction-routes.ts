import { discordErrors, formError } from "./errors.ts";
import { noContent, ok, type Route, type RouteRequest } from "./http.ts";
import { type DiscordState, type FakeMessage, SETTABLE_FLAGS } from "./state.ts";
import { validateMessageBody } from "./validate.ts";

/** One accepted `POST /interactions/{id}/{token}/callback`. */
export interface InteractionCallbackRecord {
  interactionId: string;
  token: string;
  /** 1 pong, 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
  type: number;
  data: Record<string, unknown> | undefined;
  /** Milliseconds from the INTERACTION_CREATE dispatch to this callback; Discord gives up after 3000. */
  elapsedMs: number;
  at: number;
}

/** An interaction the fake dispatched, and what the bot has done with it so far. */
interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  user: unknown;
  owners: unknown;
  dispatchedAt: number;
  responded: boolean;
  /** The message a component sat on (types 3 and 5 carry `message`). */
  componentMessageId?: string;
  /** What `@original` names: the reply, the deferred "thinking" message, or the component's message. */
  originalId?: string;
  followupIds: string[];
}

/** Discord's deadline for the initial response, and how long the token works for webhooks after it. */
export const INTERACTION_RESPONSE_MS = 3000;
const INTERACTION_TOKEN_MS = 15 * 60_000;
const EPHEMERAL = 64;
const LOADING = 128;

type Json = Record<string, unknown>;
const asJson = (body: unknown): Json => (typeof body === "object" && body !== null ? (body as Json) : {});
const p = (req: RouteRequest, i: number) => req.params[i] ?? "";

export function createInteractionRegistry() {
  const byToken = new Map<string, InteractionRecord>();
  return {
    register(payload: Json, dispatchedAt: number): void {
      const member = asJson(payload.member);
      byToken.set(String(payload.token), {
        id: String(payload.id),
        token: String(payload.token),
        type: Number(payload.type),
        channelId: String(payload.channel_id ?? asJson(payload.channel).id ?? ""),
        user: payload.user ?? member.user,
        owners: payload.authorizing_integration_owners ?? {},
        dispatchedAt,
        responded: false,
        ...(payload.message ? { componentMessageId: String(asJson(payload.message).id) } : {}),
        followupIds: [],
      });
    },
    get: (token: string) => byToken.get(token),
    /** The reply, then the followups, of one interaction. */
    messages(token: string, state: DiscordState): FakeMessage[] {
      const rec = byToken.get(token);
      if (!rec) return [];
      const ids = [rec.originalId, ...rec.followupIds].filter((id): id is string => id !== undefined);
      return [...new Set(ids)].flatMap((id) => state.byId(id) ?? []);
    },
  };
}
export type InteractionRegistry = ReturnType<typeof createInteractionRegistry>;

export interface InteractionRouteOptions {
  state: DiscordState;
  registry: InteractionRegistry;
  applicationId: string;
  callbacks: InteractionCallbackRecord[];
}

/** Interaction callbacks and the interaction webhook (`@original`, followups); neither needs the bot token. */
export function interactionRoutes(o: InteractionRouteOptions): Route[] {
  const { state, registry, applicationId } = o;

  function responseMessage(rec: InteractionRecord, data: Json, loading: boolean): FakeMessage {
    const flags = Number(data.flags ?? 0);
    const ephemeral = (flags & EPHEMERAL) !== 0;
    const message = state.createMessage(
      rec.channelId,
      data,
      {
        type: rec.type === 2 ? 20 : 0,
        webhook_id: applicationId,
        application_id: applicationId,
        interaction_metadata: {
          id: rec.id,
          type: rec.type,
          user: rec.user,
          authorizing_integration_owners: rec.owners,
          ...(rec.componentMessageId ? { interacted_message_id: rec.componentMessageId } : {}),
        },
        flags: (flags & SETTABLE_FLAGS) | (ephemeral ? EPHEMERAL : 0) | (loading ? LOADING : 0),
      },
      !ephemeral,
    );
    return message;
  }

  function webhookInteraction(req: RouteRequest): InteractionRecord {
    const rec = registry.get(p(req, 1));
    if (p(req, 0) !== applicationId || !rec) throw discordErrors.unknownWebhook();
    if (state.now() - rec.dispatchedAt > INTERACTION_TOKEN_MS) throw discordErrors.invalidWebhookToken();
    if (!rec.responded) throw discordErrors.unknownWebhook();
    return rec;
  }

  function webhookMessage(rec: InteractionRecord, messageId: string): FakeMessage {
    const id = messageId === "@original" ? rec.originalId : messageId;
    const mine = id !== undefined && (id === rec.originalId || rec.followupIds.includes(id));
    const message = mine ? state.byId(id) : undefined;
    if (!message) throw discordErrors.unknownMessage();
    return message;
  }

  return [
    {
      route: "POST /interactions/:id/:token/callback",
      auth: false,
      handle: (req) => {
        const rec = registry.get(p(req, 1));
        if (!rec || rec.id !== p(req, 0)) throw discordErrors.unknownInteraction();
        if (rec.responded) throw discordErrors.alreadyAcknowledged();
        const elapsedMs = state.now() - rec.dispatchedAt;
        if (elapsedMs > INTERACTION_RESPONSE_MS) throw discordErrors.unknownInteraction();
        const body = asJson(req.body);
        const type = Number(body.type);
        const data = body.data === undefined ? undefined : asJson(body.data);
        let message: FakeMessage | undefined;
        if (type === 4) {
          validateMessageBody(data ?? {}, true);
          message = responseMessage(rec, data ?? {}, false);
        } else if (type === 5) {
          message = responseMessage(rec, { flags: data?.flags ?? 0 }, true);
        } else if (type === 6 || type === 7) {
          message = rec.componentMessageId ? state.byId(rec.componentMessageId) : undefined;
          if (type === 7 && message) {
            validateMessageBody(data ?? {}, false);
            state.editMessage(message, data ?? {});
          }
        } else if (![1, 8, 9].includes(type)) {
          throw discordErrors.invalidForm({
            type: formError("BASE_TYPE_CHOICES", "Value must be one of {1, 4, 5, 6, 7, 8, 9}."),
          });
        }
        rec.originalId = message?.id ?? rec.componentMessageId;
        rec.responded = true;
        o.callbacks.push({ interactionId: rec.id, token: rec.token, type, data, elapsedMs, at: state.now() });
        if (req.query.get("with_response") !== "true") return noContent();
        return ok({
          interaction: {
            id: rec.id,
            type: rec.type,
            response_message_id: message?.id,
            response_message_loading: type === 5,
            response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : false,
          },
          resource: { type, ...(message ? { message: state.wire(message) } : {}) },
        });
      },
    },
    {
      route: "POST /webhooks/:id/:token",
      auth: false,
      handle: (req) => {
        const rec = webhookInteraction(req);
        const body = asJson(req.body);
        validateMessageBody(body, true);
        const original = rec.originalId ? state.byId(rec.originalId) : undefined;
        let message: FakeMessage;
        if (original && (original.flags & LOADING) !== 0) {
          // The first followup after a deferral fills in the "thinking" message; its own flags are ignored.
          message = state.editMessage(original, body);
          message.flags &= ~LOADING;
        } else {
          message = responseMessage(rec, body, false);
          rec.followupIds.push(message.id);
        }
        return req.query.get("wait") === "true" ? ok(state.wire(message)) : noContent();
      },
    },
    {
      route: "GET /webhooks/:id/:token/messages/:id",
      auth: false,
      handle: (req) => ok(state.wire(webhookMessage(webhookInteraction(req), p(req, 2)))),
    },
    {
      route: "PATCH /webhooks/:id/:token/messages/:id",
      auth: false,
      handle: (req) => {
        const message = webhookMessage(webhookInteraction(req), p(req, 2));
        const body = asJson(req.body);
        validateMessageBody(body, false);
        state.editMessage(message, body);
        message.flags &= ~LOADING;
        return ok(state.wire(message));
      },
    },
    {
      route: "DELETE /webhooks/:id/:token/messages/:id",
      auth: false,
      handle: (req) => {
        state.deleteMessage(webhookMessage(webhookInteraction(req), p(req, 2)));
        return noContent();
      },
    },
  ];
}
