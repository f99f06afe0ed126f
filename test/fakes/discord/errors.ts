/** A Discord JSON error: thrown by a route handler, sent as `status` with `body`. */
export class DiscordFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string; code: number; errors?: unknown },
  ) {
    super(`${status} ${body.message} (${body.code})`);
  }
}

const fail = (status: number, code: number, message: string) => new DiscordFailure(status, { message, code });

/** The errors the fake sends, with the status, code and message text real Discord uses. */
export const discordErrors = {
  notFound: () => fail(404, 0, "404: Not Found"),
  unauthorized: () => fail(401, 0, "401: Unauthorized"),
  unknownApplication: () => fail(404, 10002, "Unknown Application"),
  unknownChannel: () => fail(404, 10003, "Unknown Channel"),
  unknownGuild: () => fail(404, 10004, "Unknown Guild"),
  unknownMessage: () => fail(404, 10008, "Unknown Message"),
  unknownWebhook: () => fail(404, 10015, "Unknown Webhook"),
  unknownInteraction: () => fail(404, 10062, "Unknown interaction"),
  missingAccess: () => fail(403, 50001, "Missing Access"),
  cannotEditOthers: () => fail(403, 50005, "Cannot edit a message authored by another user"),
  emptyMessage: () => fail(400, 50006, "Cannot send an empty message"),
  missingPermissions: () => fail(403, 50013, "Missing Permissions"),
  invalidWebhookToken: () => fail(401, 50027, "Invalid Webhook Token"),
  alreadyAcknowledged: () => fail(400, 40060, "Interaction has already been acknowledged."),
  threadAlreadyCreated: () => fail(400, 160004, "A thread has already been created for this message"),
  /** 50035 with Discord's nested `errors` tree, e.g. `{ nonce: { _errors: [{ code, message }] } }`. */
  invalidForm: (errors: unknown) => new DiscordFailure(400, { message: "Invalid Form Body", code: 50035, errors }),
};

/** One leaf of a 50035 `errors` tree. */
export const formError = (code: string, message: string) => ({ _errors: [{ code, message }] });
