import type { CardEntry, LibraryPage, LibraryQuery } from "../data.ts";

type FeedName = { id: number; url: string; title?: string };

import { CardSlot } from "../views/card.tsx";
import { Instant, Layout, Pager } from "../views/layout.tsx";
import { safeHref } from "../views/markup.tsx";

/** Where a card came from, and when: the line above its three renderings. */
export function Provenance(props: { entry: CardEntry }) {
  const { entry } = props;
  const href = safeHref(entry.card.url);
  return (
    <p class="provenance">
      added <Instant at={entry.addedAt} />
      {entry.feed ? <> · feed {entry.feed.title ?? entry.feed.url}</> : null}
      {entry.backlog ? <span class="badge badge-backlog">backlog: never posted</span> : null} ·{" "}
      {href ? (
        <a href={href} rel="noopener noreferrer nofollow" target="_blank">
          {entry.origin}
        </a>
      ) : (
        <span class="origin">{entry.origin}</span>
      )}{" "}
      · <code>{entry.card.articleId}</code>
    </p>
  );
}

/** One card in the list: headline, provenance, its three renderings (drawn apart, in `slot`), and where to go next. */
function CardItem(props: { entry: CardEntry; slot: number }) {
  const { card } = props.entry;
  const id = encodeURIComponent(card.articleId);
  return (
    <article class="card-item" id={`card-${card.articleId}`}>
      <h2 class="card-headline">
        <a href={`/cards/${id}`}>{card.headline}</a>
      </h2>
      <Provenance entry={props.entry} />
      <CardSlot index={props.slot} />
      <p class="card-actions">
        <a href={`/cards/${id}#article`}>Article text with every quote and figure marked</a> ·{" "}
        <a href={`/why?article=${id}`}>Why not? (per subscription and destination)</a>
      </p>
    </article>
  );
}

/** The search and filter form; its values stay as they were submitted. */
function Filters(props: { query: LibraryQuery; params: URLSearchParams; feeds: FeedName[] }) {
  const p = props.params;
  const lang = p.get("lang") ?? "";
  const feed = p.get("feed") ?? "";
  return (
    <form class="filters" method="get" action="/" aria-label="search the library">
      <label>
        Search <input type="search" name="q" value={p.get("q") ?? ""} placeholder="oekraine, haven, …" />
      </label>
      <label>
        Language{" "}
        <select name="lang">
          {["", "nl", "en", ...(lang && lang !== "nl" && lang !== "en" ? [lang] : [])].map((v) => (
            <option value={v} selected={v === lang}>
              {v || "any"}
            </option>
          ))}
        </select>
      </label>
      <label>
        Source <input type="text" name="source" value={p.get("source") ?? ""} placeholder="part of its name" />
      </label>
      <label>
        Feed{" "}
        <select name="feed">
          <option value="" selected={feed === ""}>
            any
          </option>
          {props.feeds.map((f) => (
            <option value={String(f.id)} selected={feed === String(f.id)}>
              {f.title ?? f.url}
            </option>
          ))}
        </select>
      </label>
      <label>
        Dated from <input type="date" name="from" value={p.get("from") ?? ""} />
      </label>
      <label>
        to <input type="date" name="to" value={p.get("to") ?? ""} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

/** The library page; its cards' renderings go into its slots, in order (`assemblePage`). */
export function LibraryPageView(props: {
  query: LibraryQuery;
  params: URLSearchParams;
  result: LibraryPage;
  feeds: FeedName[];
  notes: string[];
  loggedIn: boolean;
}) {
  const { result, query } = props;
  const searching = Boolean(query.q?.trim());
  return (
    <Layout title="Library" section="library" loggedIn={props.loggedIn}>
      <h1>Library</h1>
      <p class="lede">
        {result.articles} {result.articles === 1 ? "article" : "articles"} stored. Each card is drawn from the payloads
        the adapters send: Slack's blocks, Discord's embed, the terminal's text, with the quote threads beneath.{" "}
        {searching ? "Ranked as /brief and search rank them." : "Newest first, backlog included."}
      </p>
      <Filters query={query} params={props.params} feeds={props.feeds} />
      {props.notes.map((n) => (
        <p class="note">{n}</p>
      ))}
      {result.entries.length === 0 ? (
        <p class="empty">{searching ? `No cards match “${query.q}”.` : "No cards here yet."}</p>
      ) : (
        result.entries.map((entry, slot) => <CardItem entry={entry} slot={slot} />)
      )}
      <Pager path="/" params={props.params} page={query.page} hasMore={result.hasMore} />
    </Layout>
  );
}
