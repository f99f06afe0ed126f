/** Every REST route the fake serves, as `METHOD /path` with `:id`/`:token` for the variable parts. */
export type DiscordRoute =
  | "GET /gateway"
  | "GET /gateway/bot"
  | "GET /users/@me"
  | "GET /applications/@me"
  | "GET /channels/:id"
  | "GET /channels/:id/messages"
  | "POST /channels/:id/messages"
  | "GET /channels/:id/messages/:id"
  | "PATCH /channels/:id/messages/:id"
  | "DELETE /channels/:id/messages/:id"
  | "POST /channels/:id/messages/:id/threads"
  | "GET /guilds/:id"
  | "GET /guilds/:id/channels"
  | "POST /interactions/:id/:token/callback"
  | "POST /webhooks/:id/:token"
  | "GET /webhooks/:id/:token/messages/:id"
  | "PATCH /webhooks/:id/:token/messages/:id"
  | "DELETE /webhooks/:id/:token/messages/:id"
  | "GET /applications/:id/commands"
  | "PUT /applications/:id/commands"
  | "GET /applications/:id/guilds/:id/commands"
  | "PUT /applications/:id/guilds/:id/commands";

/** A file part of a multipart request (`files[n]`); its bytes are not kept. */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
}

export interface RouteRequest {
  /** The `:id`/`:token` parts of the path, in order. */
  params: string[];
  query: URLSearchParams;
  /** Parsed JSON; for multipart, the parsed `payload_json` part. */
  body: unknown;
  files: RecordedFile[];
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  route: DiscordRoute;
  /** Whether `Authorization: Bot <token>` is required; false for interaction callbacks and webhooks. */
  auth: boolean;
  handle(req: RouteRequest): Reply;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

/** Matches `METHOD /path` (the decoded path after `/api/v10`) against the routes. */
export function compileRoutes(routes: Route[]) {
  const compiled = routes.map((r) => {
    const [method, template] = r.route.split(" ") as [string, string];
    const source = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:(id|token)/g, "([^/]+)");
    return { method, pattern: new RegExp(`^${source}$`), route: r };
  });
  return (method: string, path: string): { route: Route; params: string[] } | undefined => {
    for (const c of compiled) {
      const match = c.method === method ? c.pattern.exec(path) : null;
      if (match) return { route: c.route, params: match.slice(1) };
    }
    return undefined;
  };
}

/** JSON as JSON; multipart (discord.js sends it when files are attached) as `payload_json` plus file records. */
export async function parseBody(raw: Buffer, contentType = ""): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, contentType: value.type, size: value.size });
      }
    }
    return { body, files };
  }
  const text = raw.toString("utf8");
  if (contentType.startsWith("application/json")) return { body: JSON.parse(text), files: [] };
  return { body: text, files: [] };
}
