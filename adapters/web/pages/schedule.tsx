import type { PreviewView, SubscriptionView } from "../data.ts";
import { BriefingRendering } from "../views/briefing.tsx";
import { Instant, Layout } from "../views/layout.tsx";

const previewHref = (s: string, d: string) =>
  `/schedule/preview?subscription=${encodeURIComponent(s)}&destination=${encodeURIComponent(d)}`;

/** What the next slot would carry to one destination, in a line: the headlines, "+N more", the window. */
function PreviewSummary(props: { preview: PreviewView }) {
  const { preview } = props;
  const { cards } = preview.briefing;
  return (
    <li class="preview">
      <a href={previewHref(preview.subscription.id, preview.destination)}>
        <code>{preview.destination}</code>
      </a>
      :{" "}
      {cards.length === 0 ? (
        <span class="muted">nothing new: the slot would be recorded empty</span>
      ) : (
        <>
          {cards.length} {cards.length === 1 ? "card" : "cards"}
          {preview.more.length > 0 ? ` and +${preview.more.length} more` : ""}
        </>
      )}{" "}
      <span class="muted">
        (articles added after <Instant at={preview.from} zone={preview.subscription.timezone} />)
      </span>
      {cards.length > 0 ? (
        <ol class="headlines">
          {cards.map((c) => (
            <li>
              <a href={`/cards/${encodeURIComponent(c.articleId)}`}>{c.headline}</a>
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function SubscriptionItem(props: { sub: SubscriptionView; previews: PreviewView[] }) {
  const { sub } = props;
  return (
    <article class="subscription" id={`sub-${sub.id}`}>
      <h2>
        {sub.id} {sub.active ? null : <span class="badge badge-inactive">inactive</span>}
      </h2>
      <dl class="facts">
        <dt>Schedule</dt>
        <dd>
          <code>{sub.schedule}</code> in {sub.timezone}
        </dd>
        <dt>Topic</dt>
        <dd>{sub.topic ? `“${sub.topic}”` : "every article"}</dd>
        <dt>Cards</dt>
        <dd>
          at most {sub.maxCards} shown, the rest as “+N more”; a new destination's first briefing looks back{" "}
          {sub.firstLookback}
        </dd>
        <dt>Origin</dt>
        <dd>{sub.origin}</dd>
        <dt>Next slots</dt>
        <dd>
          {sub.next.length === 0 ? (
            "none: the schedule never comes again"
          ) : (
            <ul class="slots">
              {sub.next.map((at) => (
                <li>
                  <Instant at={at} zone={sub.timezone} viewer />
                </li>
              ))}
            </ul>
          )}
        </dd>
        {sub.previous ? (
          <>
            <dt>Last slot</dt>
            <dd>
              <Instant at={sub.previous} zone={sub.timezone} viewer />
            </dd>
          </>
        ) : null}
      </dl>
      <h3>If the next slot came now</h3>
      <ul class="previews">
        {props.previews.map((p) => (
          <PreviewSummary preview={p} />
        ))}
        {sub.destinations.slice(props.previews.length).map((d) => (
          <li class="preview">
            <a href={previewHref(sub.id, d)}>
              <code>{d}</code>
            </a>
            : <span class="muted">preview on its own page</span>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/deliveries?subscription=${encodeURIComponent(sub.id)}`}>Its deliveries</a>
      </p>
    </article>
  );
}

export function SchedulePageView(props: {
  subs: Array<{ sub: SubscriptionView; previews: PreviewView[] }>;
  problems: string[];
  loggedIn: boolean;
}) {
  return (
    <Layout title="Schedule" section="schedule" loggedIn={props.loggedIn}>
      <h1>Schedule</h1>
      <p class="lede">
        Every subscription with its destinations and next slots, on its own clock and on yours, and what the next slot
        would carry right now (chosen by the ledger's own rule, read only).
      </p>
      {props.problems.map((p) => (
        <p class="problem">{p}</p>
      ))}
      {props.subs.length === 0 ? <p class="empty">No subscriptions.</p> : null}
      {props.subs.map((s) => (
        <SubscriptionItem sub={s.sub} previews={s.previews} />
      ))}
    </Layout>
  );
}

export function PreviewPageView(props: { preview: PreviewView; loggedIn: boolean }) {
  const { preview } = props;
  const sub = preview.subscription;
  return (
    <Layout title={`${sub.id} → ${preview.destination}`} section="schedule" loggedIn={props.loggedIn}>
      <h1>
        {sub.id} → <code>{preview.destination}</code>
      </h1>
      <p class="lede">
        What the slot of {preview.slot ? <Instant at={preview.slot} zone={sub.timezone} viewer /> : "now"} would post if
        it came now: articles added after <Instant at={preview.from} zone={sub.timezone} />
        {sub.topic ? ` about “${sub.topic}”` : ""}, not yet carried to this destination.
      </p>
      <BriefingRendering briefing={preview.briefing} destination={preview.destination} />
      {preview.more.length > 0 ? (
        <>
          <h2>Named as “+{preview.more.length} more”</h2>
          <ul>
            {preview.more.map((m) => (
              <li>
                <a href={`/cards/${encodeURIComponent(m.id)}`}>{m.headline ?? m.id}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/schedule">← Schedule</a>
      </p>
    </Layout>
  );
}
