import { discordErrors, formError } from "./errors.ts";
import { ok, type Route, type RouteRequest } from "./http.ts";
import type { GuildSeed } from "./state.ts";

/** A command as Discord stores it after a bulk overwrite. */
export interface RegisteredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: unknown[];
  default_member_permissions: string | null;
  nsfw: boolean;
  [key: string]: unknown;
}

/** Chat-input command and option names: 1-32 lowercase letters, digits, `-`, `_`, `'` (Discord's regex). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_DESCRIPTION = 100;

type Json = Record<string, unknown>;
const p = (req: RouteRequest, i: number) => req.params[i] ?? "";

export interface CommandRouteOptions {
  applicationId: string;
  guilds: GuildSeed[];
  nextId: () => string;
  /** Registered commands per scope: `""` for global, else the guild id. */
  registered: Map<string, RegisteredCommand[]>;
}

/** Bulk overwrite (PUT) and list (GET) of global and guild application commands. */
export function commandRoutes(o: CommandRouteOptions): Route[] {
  const scope = (req: RouteRequest, guild: boolean): string => {
    if (p(req, 0) !== o.applicationId) throw discordErrors.unknownApplication();
    if (!guild) return "";
    // A guild the app was not added to with the applications.commands scope.
    if (!o.guilds.some((g) => g.id === p(req, 1))) throw discordErrors.missingAccess();
    return p(req, 1);
  };
  const list = (key: string) => o.registered.get(key) ?? [];
  const overwrite = (key: string, body: unknown) => {
    if (!Array.isArray(body))
      throw discordErrors.invalidForm({ _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }] });
    validateCommands(body as Json[]);
    const previous = list(key);
    const commands = (body as Json[]).map((c): RegisteredCommand => {
      const type = Number(c.type ?? 1);
      const kept = previous.find((old) => old.name === c.name && old.type === type);
      return {
        ...c,
        id: kept?.id ?? o.nextId(),
        application_id: o.applicationId,
        ...(key ? { guild_id: key } : {}),
        version: o.nextId(),
        type,
        name: String(c.name),
        description: String(c.description ?? ""),
        default_member_permissions: (c.default_member_permissions as string | null | undefined) ?? null,
        nsfw: c.nsfw === true,
      };
    });
    o.registered.set(key, commands);
    return ok(commands);
  };

  return [
    { route: "GET /applications/:id/commands", auth: true, handle: (req) => ok(list(scope(req, false))) },
    { route: "PUT /applications/:id/commands", auth: true, handle: (req) => overwrite(scope(req, false), req.body) },
    { route: "GET /applications/:id/guilds/:id/commands", auth: true, handle: (req) => ok(list(scope(req, true))) },
    {
      route: "PUT /applications/:id/guilds/:id/commands",
      auth: true,
      handle: (req) => overwrite(scope(req, true), req.body),
    },
  ];
}

function validateCommands(commands: Json[]): void {
  const errors: Json = {};
  const seen = new Set<string>();
  commands.forEach((c, i) => {
    const e: Json = {};
    const chatInput = Number(c.type ?? 1) === 1;
    const name = String(c.name ?? "");
    if (chatInput ? !NAME.test(name) || name !== name.toLowerCase() : name.length < 1 || name.length > 32) {
      e.name = formError("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    } else if (seen.has(`${c.type ?? 1}:${name}`)) {
      e.name = formError("APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
    }
    seen.add(`${c.type ?? 1}:${name}`);
    const description = String(c.description ?? "");
    if (chatInput && (description.length < 1 || description.length > MAX_DESCRIPTION)) {
      e.description = formError("BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${MAX_DESCRIPTION} in length.`);
    }
    const options = optionErrors(c.options);
    if (options) e.options = options;
    if (Object.keys(e).length > 0) errors[i] = e;
  });
  if (Object.keys(errors).length > 0) throw discordErrors.invalidForm(errors);
}

/** Option names and descriptions follow the command rules, recursively through subcommands. */
function optionErrors(options: unknown): Json | undefined {
  if (!Array.isArray(options)) return undefined;
  if (options.length > 25) return formError("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  const errors: Json = {};
  (options as Json[]).forEach((opt, i) => {
    const e: Json = {};
    const name = String(opt.name ?? "");
    if (!NAME.test(name) || name !== name.toLowerCase()) {
      e.name = formError("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    }
    const description = String(opt.description ?? "");
    if (description.length < 1 || description.length > MAX_DESCRIPTION) {
      e.description = formError("BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${MAX_DESCRIPTION} in length.`);
    }
    const nested = optionErrors(opt.options);
    if (nested) e.options = nested;
    if (Object.keys(e).length > 0) errors[i] = e;
  });
  return Object.keys(errors).length > 0 ? errors : undefined;
}
