import { discordErrors, formError } from "./errors.ts";

/** Message limits Discord enforces server-side (docs: resources/message, "Embed Limits"). */
const LIMITS = {
  content: 2000,
  nonce: 25,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
} as const;

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const tooLong = (max: number) => formError("BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);

/**
 * Rejects a message body the way Discord does: 50035 with a nested `errors` tree for limits,
 * 50006 for a new message with nothing in it. `creating` is false for edits, which may clear fields.
 */
export function validateMessageBody(body: Json, creating: boolean): void {
  const errors: Json = {};
  if (str(body.content).length > LIMITS.content) errors.content = tooLong(LIMITS.content);
  if (typeof body.nonce === "string" && body.nonce.length > LIMITS.nonce) errors.nonce = tooLong(LIMITS.nonce);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
  if (embeds.length > LIMITS.embeds) errors.embeds = tooLong(LIMITS.embeds);
  else {
    const perEmbed = embeds.map(embedErrors);
    const total = embeds.reduce((sum, e) => sum + embedCharacters(e), 0);
    if (perEmbed.some((e) => e)) errors.embeds = Object.fromEntries(perEmbed.flatMap((e, i) => (e ? [[i, e]] : [])));
    else if (total > LIMITS.embedTotal) {
      errors.embeds = formError("MAX_EMBED_SIZE_EXCEEDED", `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
    }
  }
  if (Object.keys(errors).length > 0) throw discordErrors.invalidForm(errors);
  if (creating && isEmpty(body, embeds)) throw discordErrors.emptyMessage();
}

function isEmpty(body: Json, embeds: Json[]): boolean {
  const has = (key: string) => Array.isArray(body[key]) && (body[key] as unknown[]).length > 0;
  return (
    str(body.content).trim() === "" &&
    embeds.length === 0 &&
    !has("components") &&
    !has("attachments") &&
    !has("sticker_ids") &&
    body.poll === undefined
  );
}

function embedErrors(embed: Json): Json | undefined {
  const errors: Json = {};
  const check = (key: string, value: unknown, max: number) => {
    if (str(value).length > max) errors[key] = tooLong(max);
  };
  check("title", embed.title, LIMITS.title);
  check("description", embed.description, LIMITS.description);
  const footer = (embed.footer ?? {}) as Json;
  if (str(footer.text).length > LIMITS.footer) errors.footer = { text: tooLong(LIMITS.footer) };
  const author = (embed.author ?? {}) as Json;
  if (str(author.name).length > LIMITS.authorName) errors.author = { name: tooLong(LIMITS.authorName) };
  const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
  if (fields.length > LIMITS.fields) errors.fields = tooLong(LIMITS.fields);
  else {
    const bad = fields.flatMap((f, i) => {
      const e: Json = {};
      if (str(f.name).length > LIMITS.fieldName) e.name = tooLong(LIMITS.fieldName);
      if (str(f.value).length > LIMITS.fieldValue) e.value = tooLong(LIMITS.fieldValue);
      return Object.keys(e).length > 0 ? [[i, e] as const] : [];
    });
    if (bad.length > 0) errors.fields = Object.fromEntries(bad);
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** Characters counted toward the 6000 total: title, description, field names and values, footer, author. */
function embedCharacters(embed: Json): number {
  const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
  return (
    str(embed.title).length +
    str(embed.description).length +
    str(((embed.footer ?? {}) as Json).text).length +
    str(((embed.author ?? {}) as Json).name).length +
    fields.reduce((n, f) => n + str(f.name).length + str(f.value).length, 0)
  );
}
