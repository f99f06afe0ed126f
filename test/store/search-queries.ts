/**
 * Queries over the project's own fixtures (the seed and test/fixtures/articles): single words in
 * both languages, names, accents folded both ways, prefixes, two words, words in no article.
 */
export const PARITY_QUERIES = [
  "oekraine",
  "Oekraïne",
  "poetin",
  "haven",
  "kabinet",
  "ziekenhuis",
  "wachttijd",
  "energieprijzen",
  "harlow",
  "greenway",
  "harlow greenway",
  "strike",
  "harbour",
  "solar",
  "fares",
  "clinic",
  "cyberattack",
  "merger",
  "oekr",
  "harb",
  "kortew",
  "volkov",
  "Denis Volkov",
  "café",
  "naïef",
  "de haven",
  "quokka",
  "2022",
];

/**
 * Queries whose words the fixtures also hold inflected (`havens` and `haven`, `minister` and
 * `ministers`, `bonds` and `bond`): PostgreSQL stems by the article's language, FTS5 does not, so
 * PostgreSQL finds what SQLite finds, in the same order, and the inflected forms besides.
 */
export const STEMMED_QUERIES = ["havens", "minister", "bonds"];
