import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { contentHash } from "../../src/store/canonical.ts";
import { DEDUP_MIN_PROSE_WORDS, proseWords } from "../../src/store/dedup.ts";
import { canonicalFile, openStore, type Store } from "../../src/store/index.ts";
import { MIGRATIONS } from "../../src/store/sqlite/migrations.ts";
import { summarize } from "../../src/summarize/index.ts";
import { carded } from "../helpers.ts";

const open: Store[] = [];
const tempDir = () => mkdtempSync(join(tmpdir(), "briefbot-dedup-"));
async function tempStore(dir = tempDir()): Promise<Store> {
  const store = await openStore({ dataDir: dir });
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const STORY = [
  "The ferry between Westerkeer and Little Hensley sailed again on Thursday after four months in dry dock, carrying 212 passengers on its first crossing of the year.",
  "“We have replaced almost everything below the waterline,” said the harbour master, Ingrid Solberg, who watched the ship leave from the north quay on a cold and windy morning.",
  "Islanders had relied on a smaller boat since November, which could not carry cars and was often cancelled in bad weather, so shops on the island ran short of fresh food.",
  "The operator says the timetable will return to six crossings a day from next week, with an extra evening sailing on Fridays during the summer months.",
].join("\n\n");
/** What two different pages can both extract to when the extraction goes wrong: a list of labels, no prose. */
const LABELS = Array.from({ length: 40 }, (_, i) => `Westerkeer Rovers ${i + 1}`).join("\n\n");

const article = (text: string, title: string) => parseArticle(text, { format: "text", title });
const save = async (store: Store, text: string, title: string, canonical: string) =>
  await store.save(carded({ article: article(text, title), origin: canonical, canonical }));

describe("deduplication by text", () => {
  it("counts prose words: long paragraphs that end like sentences", () => {
    expect(proseWords(STORY.split("\n\n"))).toBeGreaterThanOrEqual(DEDUP_MIN_PROSE_WORDS);
    expect(proseWords(LABELS.split("\n\n"))).toBe(0);
  });

  // The rest of deduplication is in the store contract (contract.test.ts), on both engines.
});

describe("the migration that lets one text stand under two articles (6)", () => {
  it("takes a database where text was unique, keeping its articles, cards and search", async () => {
    const dir = tempDir();
    const file = join(dir, "briefbot.db");
    const db = new Database(file);
    for (const step of MIGRATIONS.slice(0, 4)) db.exec(step);
    db.pragma("user_version = 4");
    const old = article(STORY, "Westerkeer ferry returns");
    const card = summarize(old);
    const now = new Date().toISOString();
    const rowid = db
      .prepare(
        `INSERT INTO articles (id, canonical, content_hash, title, dated_at, lang, paragraphs, origin, added_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        old.id,
        canonicalFile("ferry.html"),
        contentHash(old.text),
        old.title,
        now,
        old.lang,
        JSON.stringify(old.paragraphs),
        "ferry.html",
        now,
        now,
      ).lastInsertRowid;
    db.prepare("INSERT INTO cards (article_rowid, summarizer, card) VALUES (?, ?, ?)").run(
      rowid,
      card.summarizer,
      JSON.stringify(card),
    );
    db.prepare("INSERT INTO articles_fts (rowid, title, text, names) VALUES (?, ?, ?, ?)").run(
      rowid,
      old.title,
      old.text,
      "",
    );
    db.close();

    const store = await tempStore(dir);
    expect(await store.getCard(old.id)).toEqual(card);
    expect((await store.findCards("waterline")).map((c) => c.articleId)).toEqual([old.id]);
    // The same text under another title and site is a second article now.
    expect((await save(store, STORY, "Island ferry is back", "https://other.example.org/ferry")).outcome).toBe("added");
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(check.pragma("foreign_key_check")).toEqual([]);
    check.close();
  });
});
