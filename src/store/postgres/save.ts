import type pg from "pg";
import { articleId } from "../../article/parse.ts";
import type { BriefingCard } from "../../schemas.ts";
import { contentHash } from "../canonical.ts";
import { datedAt } from "../dates.ts";
import { duplicateReason, type TextTwin } from "../dedup.ts";
import type { SaveInput, SaveResult } from "../port.ts";
import { lockKeys, transaction } from "./pool.ts";
import { tsConfig, vectorSql } from "./search.ts";

/** Replace an article's card. */
export async function putCardRow(client: pg.PoolClient, rowid: number, card: BriefingCard): Promise<void> {
  await client.query(
    `INSERT INTO cards (article_rowid, summarizer, card) VALUES ($1, $2, $3)
     ON CONFLICT (article_rowid) DO UPDATE SET summarizer = excluded.summarizer, card = excluded.card`,
    [rowid, card.summarizer, JSON.stringify(card)],
  );
}

/** An article's search vector anew, from its stored title and text (or those given) and its card's names. */
export async function writeSearch(
  client: pg.PoolClient,
  rowid: number,
  card: BriefingCard,
  known?: { title: string; text: string },
): Promise<void> {
  const row =
    known ??
    (
      await client.query<{ title: string | null; paragraphs: string }>(
        "SELECT title, paragraphs FROM articles WHERE rowid = $1",
        [rowid],
      )
    ).rows.map((r) => ({ title: r.title ?? "", text: (JSON.parse(r.paragraphs) as string[]).join("\n\n") }))[0];
  if (!row) return;
  await client.query(
    `UPDATE articles SET search = ${vectorSql("ts_config", "$2::text", "$3::text", "$4::text")} WHERE rowid = $1`,
    [rowid, row.title, card.names.join(" "), row.text],
  );
}

interface Lookup {
  existing: { rowid: number; id: string; content_hash: string; summarizer: string | null } | null;
  twins: Array<TextTwin & { rowid: number }>;
  taken: boolean;
}

/**
 * Save an article and its card in one transaction, the same decisions as on SQLite (unchanged,
 * card rebuilt, duplicate of a twin, updated under its canonical URL, added). Replicas saving the
 * same text, URL or id wait for each other on advisory locks, then each sees the other's row: two
 * ingests of one feed at once store each article once.
 */
export function saveArticle(pool: pg.Pool, now: () => Date, input: SaveInput): Promise<SaveResult> {
  const { article } = input;
  const hash = contentHash(article.text);
  return transaction(pool, async (c) => {
    await lockKeys(c, [`text:${hash}`, `id:${article.id}`, ...(input.canonical ? [`url:${input.canonical}`] : [])]);
    // Everything the decision needs, in one round trip.
    const look = (
      await c.query<Lookup>(
        `SELECT
           (SELECT json_build_object('rowid', a.rowid, 'id', a.id, 'content_hash', a.content_hash,
              'summarizer', (SELECT summarizer FROM cards WHERE article_rowid = a.rowid))
            FROM articles a WHERE md5(a.canonical) = md5($1) AND a.canonical = $1) AS existing,
           (SELECT coalesce(json_agg(t ORDER BY t.rowid), '[]'::json) FROM (SELECT rowid, id, title, canonical
            FROM articles WHERE content_hash = $2 ORDER BY rowid LIMIT 20) t) AS twins,
           EXISTS (SELECT 1 FROM articles WHERE id = $3) AS taken`,
        [input.canonical ?? null, hash, article.id],
      )
    ).rows[0] as Lookup;
    const existing = look.existing;
    if (existing && existing.content_hash === hash) {
      if (existing.summarizer === input.card.summarizer)
        return { outcome: "skipped", articleId: existing.id, reason: "unchanged" };
      await putCardRow(c, existing.rowid, { ...input.card, articleId: existing.id });
      await writeSearch(c, existing.rowid, input.card);
      return { outcome: "updated", articleId: existing.id, reason: "card rebuilt" };
    }
    for (const twin of look.twins) {
      if (twin.rowid === existing?.rowid) continue;
      const why = duplicateReason(article, input.canonical, twin);
      if (why) return { outcome: "skipped", articleId: twin.id, reason: `duplicate of ${twin.id} (${why})` };
    }
    const stamp = now().toISOString();
    const fields = [
      hash,
      article.url ?? null,
      article.title ?? null,
      article.source ?? null,
      article.publishedAt ?? null,
      datedAt(article.publishedAt, stamp),
      article.lang,
      JSON.stringify(article.paragraphs),
      input.origin,
      stamp,
      tsConfig(article.lang),
    ];
    if (existing) {
      await c.query(
        `UPDATE articles SET content_hash = $1, url = $2, title = $3, source = $4, published_at = $5, dated_at = $6,
           lang = $7, paragraphs = $8, origin = $9, updated_at = $10, ts_config = $11 WHERE rowid = $12`,
        [...fields, existing.rowid],
      );
      await putCardRow(c, existing.rowid, { ...input.card, articleId: existing.id });
      await writeSearch(c, existing.rowid, input.card, { title: article.title ?? "", text: article.text });
      return { outcome: "updated", articleId: existing.id };
    }
    // Two pages can declare one canonical link (a homepage, an AMP copy) and so one article id;
    // the second is a different article, so its id comes from where it was found instead.
    const id = look.taken ? articleId(input.canonical ?? input.origin, article.text) : article.id;
    const card = { ...input.card, articleId: id };
    // The row, its search vector and its card in one statement.
    await c.query(
      `WITH a AS (
         INSERT INTO articles (content_hash, url, title, source, published_at, dated_at, lang, paragraphs, origin,
           added_at, ts_config, updated_at, id, canonical, feed_id, backlog, search)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $12, $13, $14, $15,
           ${vectorSql("$11::text", "$16::text", "$17::text", "$18::text")}) RETURNING rowid)
       INSERT INTO cards (article_rowid, summarizer, card) SELECT rowid, $19, $20 FROM a`,
      [
        ...fields,
        id,
        input.canonical ?? null,
        input.feedId ?? null,
        Boolean(input.backlog),
        article.title ?? "",
        card.names.join(" "),
        article.text,
        card.summarizer,
        JSON.stringify(card),
      ],
    );
    return { outcome: "added", articleId: id };
  });
}
