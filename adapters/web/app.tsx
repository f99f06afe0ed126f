import type { RequestListener } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import { cardToSlackBlocks } from "../slack/blocks.ts";
import {
  checkCredential,
  isLoopbackHostHeader,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sameSecret,
  sessionValue,
} from "./access.ts";
import { createTtlCache } from "./cache.ts";
import type { ConsoleData, PreviewView } from "./data.ts";
import { CardPageView, NotFoundView, ProblemView } from "./pages/card.tsx";
import { DeliveriesPageView } from "./pages/deliveries.tsx";
import { FeedsPageView } from "./pages/feeds.tsx";
import { LibraryPageView } from "./pages/library.tsx";
import { LoginPageView } from "./pages/login.tsx";
import { PreviewPageView, SchedulePageView } from "./pages/schedule.tsx";
import { WhyPageView } from "./pages/why.tsx";
import { deliveryFilterOf, libraryQueryOf, paramsOf, safeNext } from "./params.ts";
import { staticFile } from "./static.ts";
import { assemblePage, drawnCard } from "./views/card.tsx";
import { blockKitBuilderUrl } from "./views/slack.tsx";

/**
 * What every answer carries: a policy that lets the page load only this origin's stylesheet and
 * script (nothing inline, no eval, no frames, no plugins), forms that post only here, and no
 * caching or referrer leaks.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'; font-src 'none'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

export interface ConsoleOptions {
  data: ConsoleData;
  /** `BRIEFBOT_CONSOLE_TOKEN`: when set, every page asks for it (bearer header or the login's cookie). */
  token?: string;
  /** Where a failure to read the library is told (the page says only that it failed). */
  log?: { error(fields: object, message: string): void };
}

/** Previews the schedule page computes at most; beyond them, each destination links to its own. */
const PREVIEWS = 50;

/** Pages a person may open without logging in: the form itself and the files it loads. */
const OPEN = new Set(["/login", "/favicon.ico", "/static/console.css", "/static/cards.css", "/static/console.js"]);

/**
 * The web console: read only, server-rendered HTML (hono/jsx escapes every text and attribute),
 * the library, schedule, deliveries, "why not?" and feeds pages.
 */
export function createConsoleApp(options: ConsoleOptions): Hono {
  const { data, token } = options;
  const app = new Hono();
  const page = (c: Context, element: Child, status: 200 | 401 | 404 | 500 = 200) =>
    c.html(`<!doctype html>${String(element)}`, status);
  const loggedIn = Boolean(token);

  app.use(async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  });

  app.use(async (c, next) => {
    const path = c.req.path;
    const method = c.req.method;
    const writes = method === "POST" && (path === "/login" || path === "/logout");
    if (method !== "GET" && method !== "HEAD" && !writes) return c.text("read only: GET and HEAD", 405);
    if (writes) {
      // A form posted from another site is refused, whatever cookie came with it.
      if (!sameOrigin(c.req.header("origin"), c.req.header("host"))) return c.text("cross-site", 403);
    }
    if (!token) {
      // Without a token the console listens on loopback only; a page elsewhere must not reach it by a rebound name.
      if (!isLoopbackHostHeader(c.req.header("host"))) return c.text("this console answers only on loopback", 403);
      return next();
    }
    if (OPEN.has(path)) return next();
    const credential = checkCredential(token, c.req.header("authorization"), getCookie(c, SESSION_COOKIE));
    if (credential === "valid") return next();
    c.header("www-authenticate", 'Bearer realm="briefbot console"');
    if (credential === "wrong") deleteCookie(c, SESSION_COOKIE, { path: "/" });
    const problem = credential === "wrong" ? "That token is not this console's." : undefined;
    return page(c, <LoginPageView next={safeNext(path)} {...(problem ? { problem } : {})} />, 401);
  });

  app.get("/static/:file", (c) => {
    const file = staticFile(c.req.param("file"));
    if (!file) return c.notFound();
    c.header("cache-control", "public, max-age=300");
    return c.body(file.body, 200, { "content-type": file.type });
  });

  // Browsers ask for it on every page; there is none, and a 404 would fill their consoles.
  app.get("/favicon.ico", (c) => c.body(null, 204));

  app.get("/login", (c) =>
    token ? page(c, <LoginPageView next={safeNext(c.req.query("next"))} />) : c.redirect("/", 303),
  );
  app.post("/login", async (c) => {
    if (!token) return c.redirect("/", 303);
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    if (typeof form.token !== "string" || !sameSecret(form.token, token))
      return page(c, <LoginPageView next={next} problem="That token is not this console's." />, 401);
    setCookie(c, SESSION_COOKIE, sessionValue(token, Date.now()), {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      maxAge: SESSION_SECONDS,
      secure: new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https",
    });
    return c.redirect(next, 303);
  });
  app.post("/logout", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });

  // A library page asked again within a few seconds is the same bytes: no query, no drawing.
  const libraryPages = createTtlCache<Uint8Array<ArrayBuffer>>();
  app.get("/", async (c) => {
    const params = paramsOf(c.req.url);
    const body = await libraryPages.get(params.toString(), async () => {
      const { query, notes } = libraryQueryOf(params);
      const [result, feeds] = await Promise.all([data.library(query), data.feedNames()]);
      const html = `<!doctype html>${String(<LibraryPageView {...{ query, params, result, feeds, notes, loggedIn }} />)}`;
      return assemblePage(
        html,
        result.entries.map((e) => drawnCard(e.card, e.revision)),
      );
    });
    return c.body(body, 200, { "content-type": "text/html; charset=utf-8" });
  });

  app.get("/cards/:id", async (c) => {
    const view = await data.article(c.req.param("id"));
    if (!view) return page(c, <NotFoundView what="The library holds no such article." loggedIn={loggedIn} />, 404);
    return page(c, <CardPageView view={view} loggedIn={loggedIn} />);
  });

  app.get("/cards/:id/block-kit-builder", async (c) => {
    const view = await data.article(c.req.param("id"));
    if (!view) return page(c, <NotFoundView what="The library holds no such article." loggedIn={loggedIn} />, 404);
    return c.redirect(blockKitBuilderUrl(cardToSlackBlocks(view.entry.card)), 302);
  });

  app.get("/schedule", async (c) => {
    const [subscriptions, problems] = await Promise.all([data.subscriptions(), data.problems()]);
    // Each preview is a query over the library: the page runs at most PREVIEWS of them, active
    // subscriptions first; the others link to their own preview.
    let budget = PREVIEWS;
    const ordered = [...subscriptions].sort((a, b) => Number(b.active) - Number(a.active));
    const previews = new Map<string, PreviewView[]>();
    for (const sub of ordered) {
      const wanted = sub.destinations.slice(0, Math.max(0, budget));
      budget -= wanted.length;
      const found = await Promise.all(wanted.map((d) => data.preview(sub.id, d)));
      previews.set(
        sub.id,
        found.filter((p): p is PreviewView => p !== undefined),
      );
    }
    const subs = subscriptions.map((sub) => ({ sub, previews: previews.get(sub.id) ?? [] }));
    return page(c, <SchedulePageView subs={subs} problems={problems} loggedIn={loggedIn} />);
  });

  app.get("/schedule/preview", async (c) => {
    const preview = await data.preview(c.req.query("subscription") ?? "", c.req.query("destination") ?? "");
    if (!preview) return page(c, <NotFoundView what="No such subscription or destination." loggedIn={loggedIn} />, 404);
    return page(c, <PreviewPageView preview={preview} loggedIn={loggedIn} />);
  });

  app.get("/deliveries", async (c) => {
    const params = paramsOf(c.req.url);
    const filter = deliveryFilterOf(params);
    const result = await data.deliveries(filter);
    return page(c, <DeliveriesPageView {...{ filter, params, result, loggedIn }} />);
  });

  app.get("/why", async (c) => {
    const params = paramsOf(c.req.url);
    const articleId = params.get("article")?.trim() ?? "";
    const subscription = params.get("subscription") ?? "";
    const [subs, article] = await Promise.all([
      data.subscriptions(),
      articleId ? data.article(articleId) : Promise.resolve(undefined),
    ]);
    const answers = article ? await data.whyNot(articleId, subscription || undefined) : undefined;
    return page(
      c,
      <WhyPageView
        {...{ articleId, subscription, subs, loggedIn }}
        {...(article ? { article } : {})}
        {...(answers ? { answers } : {})}
      />,
    );
  });

  app.get("/feeds", async (c) => page(c, <FeedsPageView feeds={await data.feeds()} loggedIn={loggedIn} />));

  app.notFound((c) => page(c, <NotFoundView what="No such page." loggedIn={loggedIn} />, 404));
  app.onError((error, c) => {
    options.log?.error({ path: c.req.path, error: error instanceof Error ? error.message : String(error) }, "console");
    return page(
      c,
      <ProblemView
        title="Something went wrong"
        what="The page could not be read from the library."
        loggedIn={loggedIn}
      />,
      500,
    );
  });
  return app;
}

/** A form may be posted from this console's own pages only; a request without an Origin header is a person's. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The console as a Node request listener, to mount on briefbot's HTTP server. */
export function createConsoleListener(options: ConsoleOptions): RequestListener {
  const app = createConsoleApp(options);
  // The adapter's own Request and Response (transparent to `instanceof` and to every other client
  // in the process) write a page's string straight to the socket: half the cost of a big page.
  return getRequestListener(app.fetch) as RequestListener;
}
