/** What kind of failure an error is; commands map codes to exit statuses and chat answers. */
export type ErrorCode = "BAD_INPUT" | "FETCH" | "NOT_FOUND" | "CONFIG" | "USAGE" | "INTERNAL";

/**
 * The one base error: a code, a message that says what failed and how to fix it, and the cause.
 *
 * @example
 * throw new InputError("article.txt: not UTF-8 text (invalid byte at offset 12); save it as UTF-8");
 */
export class BriefbotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input that cannot become an article: empty, binary, not UTF-8, too big, no text. */
export class InputError extends BriefbotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("BAD_INPUT", message, options);
  }
}

/** A command line that does not fit the command's grammar. */
export class UsageError extends BriefbotError {
  constructor(message: string) {
    super("USAGE", message);
  }
}

/** A source on the network that could not be read: HTTP errors, timeouts, oversized or undecodable bodies. */
export class FetchError extends BriefbotError {
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** A passing failure (timeout, network, 408/429/5xx) that trying again later may mend. */
  readonly transient: boolean;
  constructor(message: string, options?: { cause?: unknown; status?: number; transient?: boolean }) {
    super("FETCH", message, options);
    this.status = options?.status;
    const s = options?.status;
    this.transient = options?.transient ?? (s !== undefined && (s === 408 || s === 429 || s >= 500));
  }
}
