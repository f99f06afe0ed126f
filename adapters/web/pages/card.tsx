import type { ArticleView } from "../data.ts";
import { ArticleText, CardRenderings, SpanList } from "../views/card.tsx";
import { Layout } from "../views/layout.tsx";
import { findSpans } from "../views/spans.ts";
import { Provenance } from "./library.tsx";

/**
 * One card: its three renderings, then the article's stored text beside the card's items; each
 * item links to its span, which the page marks (every item is verbatim, so each has one).
 */
export function CardPageView(props: { view: ArticleView; loggedIn: boolean }) {
  const { view } = props;
  const { card } = view.entry;
  const spans = findSpans(card, view.paragraphs);
  return (
    <Layout title={card.headline} section="library" loggedIn={props.loggedIn}>
      <h1 class="card-headline">{card.headline}</h1>
      <Provenance entry={view.entry} />
      <p class="card-actions">
        <a href={`/why?article=${encodeURIComponent(card.articleId)}`}>Why not? (per subscription and destination)</a>
      </p>
      <CardRenderings card={card} />
      <section class="article" id="article" aria-label="Article text">
        <h2>Where each item comes from</h2>
        <p class="lede">
          Click a quote, figure or point to mark its span in the article text: {spans.length} of the card's items found
          verbatim.
        </p>
        <div class="article-columns">
          <SpanList card={card} spans={spans} />
          <ArticleText paragraphs={view.paragraphs} spans={spans} />
        </div>
      </section>
    </Layout>
  );
}

export function ProblemView(props: { title: string; what: string; loggedIn: boolean }) {
  return (
    <Layout title={props.title} section="none" loggedIn={props.loggedIn}>
      <h1>{props.title}</h1>
      <p>{props.what}</p>
    </Layout>
  );
}

export function NotFoundView(props: { what: string; loggedIn: boolean }) {
  return <ProblemView title="Not found" what={props.what} loggedIn={props.loggedIn} />;
}
