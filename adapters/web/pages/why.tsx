import type { ArticleView, SubscriptionView, WhyNotView } from "../data.ts";
import { Layout } from "../views/layout.tsx";

/** "Why not?": pick an article and a subscription; the answer per destination, by the ledger's own rules. */
export function WhyPageView(props: {
  articleId: string;
  subscription: string;
  subs: SubscriptionView[];
  article?: ArticleView;
  answers?: WhyNotView[];
  loggedIn: boolean;
}) {
  const { answers, article } = props;
  return (
    <Layout title="Why not?" section="why" loggedIn={props.loggedIn}>
      <h1>Why not?</h1>
      <p class="lede">
        Why an article did or did not reach a destination: backlog, topic, the look-back, a delivery that carried it,
        one that failed. Asked of the ledger as of the next slot; nothing is claimed or written.
      </p>
      <form class="filters" method="get" action="/why">
        <label>
          Article id <input type="text" name="article" value={props.articleId} placeholder="a_…" required />
        </label>
        <label>
          Subscription{" "}
          <select name="subscription">
            <option value="" selected={!props.subscription}>
              every active one
            </option>
            {props.subs.map((s) => (
              <option value={s.id} selected={s.id === props.subscription}>
                {s.id}
                {s.active ? "" : " (inactive)"}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Ask</button>
      </form>
      {props.articleId && !article ? <p class="problem">The library holds no article {props.articleId}.</p> : null}
      {article ? (
        <p>
          <a href={`/cards/${encodeURIComponent(article.entry.card.articleId)}`}>{article.entry.card.headline}</a>
          {article.entry.backlog ? <span class="badge badge-backlog">backlog</span> : null}
        </p>
      ) : null}
      {article && answers ? (
        answers.length === 0 ? (
          <p class="empty">No subscription to ask about.</p>
        ) : (
          <table class="answers">
            <thead>
              <tr>
                <th>Subscription</th>
                <th>Destination</th>
                <th>Answer</th>
              </tr>
            </thead>
            <tbody>
              {answers.map((a) => (
                <tr class={`why-${a.kind}`} data-kind={a.kind}>
                  <td>{a.subscription}</td>
                  <td>
                    <code>{a.destination}</code>
                  </td>
                  <td>{a.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </Layout>
  );
}
