import type { FeedView } from "../data.ts";
import { Instant, Layout } from "../views/layout.tsx";
import { safeHref } from "../views/markup.tsx";

export function FeedsPageView(props: { feeds: FeedView[]; loggedIn: boolean }) {
  return (
    <Layout title="Feeds" section="feeds" loggedIn={props.loggedIn}>
      <h1>Feeds</h1>
      <p class="lede">The followed feeds: when each was last read and may be read next, what it brought, its error.</p>
      {props.feeds.length === 0 ? (
        <p class="empty">No feeds followed (briefbot ingest &lt;feed URL&gt; follows one).</p>
      ) : (
        <table class="feeds">
          <thead>
            <tr>
              <th>Feed</th>
              <th>Last read</th>
              <th>Next read</th>
              <th>Items</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {props.feeds.map((f) => {
              const href = safeHref(f.url);
              return (
                <tr>
                  <td>
                    {f.title ? <strong>{f.title}</strong> : null}{" "}
                    {href ? (
                      <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                        {f.url}
                      </a>
                    ) : (
                      f.url
                    )}
                    <p class="muted">
                      every {Math.round(f.intervalSeconds / 60)} min
                      {f.polledOnce ? "" : "; not read yet: its first items will be backlog"}
                    </p>
                  </td>
                  <td>{f.lastReadAt ? <Instant at={f.lastReadAt} viewer /> : "never"}</td>
                  <td>{f.nextReadAt ? <Instant at={f.nextReadAt} viewer /> : "on the next poll"}</td>
                  <td>
                    <a href={`/?feed=${f.id}`}>{f.items}</a>
                  </td>
                  <td>{f.error ? <span class="error">{f.error}</span> : <span class="muted">none</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
