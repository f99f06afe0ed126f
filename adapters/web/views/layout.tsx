import type { Child } from "hono/jsx";
import { isoInZone } from "../../../src/briefing/clock.ts";

export type Section = "library" | "schedule" | "deliveries" | "why" | "feeds" | "none";

const NAV: Array<[Section, string, string]> = [
  ["library", "/", "Library"],
  ["schedule", "/schedule", "Schedule"],
  ["deliveries", "/deliveries", "Deliveries"],
  ["why", "/why", "Why not?"],
  ["feeds", "/feeds", "Feeds"],
];

/**
 * Every page's frame: one stylesheet and one script, both files of this origin (the policy allows
 * nothing inline), and the navigation.
 */
export function Layout(props: { title: string; section: Section; loggedIn?: boolean; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · briefbot console`}</title>
        <link rel="stylesheet" href="/static/console.css" />
        <link rel="stylesheet" href="/static/cards.css" />
        <script src="/static/console.js" defer />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            briefbot
          </a>
          <nav>
            {NAV.map(([section, href, label]) => (
              <a href={href} class={section === props.section ? "current" : ""}>
                {label}
              </a>
            ))}
          </nav>
          {props.loggedIn ? (
            <form method="post" action="/logout" class="logout">
              <button type="submit">Log out</button>
            </form>
          ) : null}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/**
 * An instant on a zone's clock, with the viewer's own clock beside it once the page's script
 * has run (UTC without it).
 */
export function Instant(props: { at: string; zone?: string; viewer?: boolean }) {
  const zone = props.zone ?? "UTC";
  return (
    <>
      <time datetime={props.at} title={props.at}>
        {zone === "UTC" ? props.at.replace(/\.\d{3}Z$/, "Z") : `${isoInZone(new Date(props.at), zone)} ${zone}`}
      </time>
      {props.viewer ? (
        <span class="viewer-time" data-instant={props.at}>
          {` (UTC ${props.at.slice(0, 16).replace("T", " ")})`}
        </span>
      ) : null}
    </>
  );
}

/** A page's links to the previous and next page, keeping the other parameters. */
export function Pager(props: { path: string; params: URLSearchParams; page: number; hasMore: boolean }) {
  const at = (page: number) => {
    const p = new URLSearchParams(props.params);
    if (page > 0) p.set("page", String(page));
    else p.delete("page");
    const s = p.toString();
    return s ? `${props.path}?${s}` : props.path;
  };
  if (props.page === 0 && !props.hasMore) return null;
  return (
    <nav class="pager" aria-label="pages">
      {props.page > 0 ? <a href={at(props.page - 1)}>← previous</a> : null}
      <span>page {props.page + 1}</span>
      {props.hasMore ? <a href={at(props.page + 1)}>next →</a> : null}
    </nav>
  );
}
