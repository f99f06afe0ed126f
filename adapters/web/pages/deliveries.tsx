import { DELIVERY_STATUSES } from "../../../src/schemas.ts";
import type { DeliveryFilter, DeliveryPage, DeliveryView } from "../data.ts";
import { Instant, Layout, Pager } from "../views/layout.tsx";

function Row(props: { row: DeliveryView }) {
  const { row } = props;
  return (
    <tr class={`status-${row.status}`}>
      <td>
        <Instant at={row.slot} zone={row.timezone} />
        {row.until ? (
          <>
            {" … "}
            <Instant at={row.until} zone={row.timezone} />
          </>
        ) : null}
      </td>
      <td>{row.subscription}</td>
      <td>
        <code>{row.destination}</code>
      </td>
      <td>
        <span class={`badge badge-${row.status}`}>{row.status}</span>
        {row.attempts > 1 ? <span class="muted"> {row.attempts} attempts</span> : null}
      </td>
      <td>
        {row.articles.length === 0 ? (
          <span class="muted">none</span>
        ) : (
          <ol class="carried">
            {row.articles.map((a) => (
              <li class={a.shown ? "" : "more"}>
                <a href={`/cards/${encodeURIComponent(a.id)}`}>{a.headline ?? a.id}</a>
                {a.shown ? null : <span class="muted"> (+more)</span>}
              </li>
            ))}
          </ol>
        )}
        {row.more > 0 ? <p class="muted">{row.more} named as “+N more”</p> : null}
      </td>
      <td>
        {row.messageRef ? <code class="ref">{row.messageRef}</code> : null}
        {row.error ? <p class="error">{row.error}</p> : null}
        {row.hint ? <p class="hint">{row.hint}</p> : null}
      </td>
    </tr>
  );
}

export function DeliveriesPageView(props: {
  filter: DeliveryFilter;
  params: URLSearchParams;
  result: DeliveryPage;
  loggedIn: boolean;
}) {
  const { filter, result } = props;
  return (
    <Layout title="Deliveries" section="deliveries" loggedIn={props.loggedIn}>
      <h1>Deliveries</h1>
      <p class="lede">
        The ledger, newest slot first: each delivery with the articles it carried, its attempts, its message reference,
        and its error. Slots are on the subscription's clock.
      </p>
      <form class="filters" method="get" action="/deliveries">
        <label>
          Subscription{" "}
          <select name="subscription">
            <option value="" selected={!filter.subscription}>
              any
            </option>
            {result.subscriptions.map((s) => (
              <option value={s} selected={s === filter.subscription}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Destination{" "}
          <input type="text" name="destination" value={filter.destination ?? ""} placeholder="slack:C0123ABC" />
        </label>
        <label>
          Status{" "}
          <select name="status">
            <option value="" selected={!filter.status}>
              any
            </option>
            {DELIVERY_STATUSES.map((s) => (
              <option value={s} selected={s === filter.status}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      {result.rows.length === 0 ? (
        <p class="empty">
          No deliveries{filter.subscription || filter.destination || filter.status ? " match" : " yet"}.
        </p>
      ) : (
        <table class="ledger">
          <thead>
            <tr>
              <th>Slot</th>
              <th>Subscription</th>
              <th>Destination</th>
              <th>Status</th>
              <th>Articles</th>
              <th>Message, error</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <Row row={row} />
            ))}
          </tbody>
        </table>
      )}
      <Pager path="/deliveries" params={props.params} page={filter.page} hasMore={result.hasMore} />
    </Layout>
  );
}
