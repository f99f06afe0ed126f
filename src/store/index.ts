export { canonicalFile, canonicalUrl, contentHash } from "./canonical.ts";
export type { FeedRow, FeedTable } from "./feeds.ts";
export { DATABASE_FILE, openStore, type SaveInput, type SaveOutcome, type SaveResult, type Store } from "./store.ts";
