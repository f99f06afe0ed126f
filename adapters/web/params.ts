import { DELIVERY_STATUSES, type DeliveryStatus } from "../../src/schemas.ts";
import type { DeliveryFilter, LibraryQuery } from "./data.ts";

/** Cards on one page of the library. */
export const CARDS_PER_PAGE = 20;
/** Ledger rows on one page. */
export const ROWS_PER_PAGE = 100;
/** Pages beyond this are not served: paging that far is a crawl, not a look. */
const MAX_PAGE = 1_000;

/** A query string's parameters, every value cut to a sane length. */
export function paramsOf(url: string): URLSearchParams {
  const params = new URLSearchParams(new URL(url).search);
  const out = new URLSearchParams();
  for (const [k, v] of params) if (!out.has(k)) out.set(k, v.slice(0, 300));
  return out;
}

const page = (p: URLSearchParams) => {
  const n = Number(p.get("page") ?? "0");
  return Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_PAGE) : 0;
};

/** `2026-11-01` as the start of that day, UTC; anything else is no date. */
function dayOf(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The library's query from its form, and a note for each value that was not understood. */
export function libraryQueryOf(p: URLSearchParams): { query: LibraryQuery; notes: string[] } {
  const notes: string[] = [];
  const query: LibraryQuery = { page: page(p), perPage: CARDS_PER_PAGE };
  const q = p.get("q")?.trim();
  if (q) query.q = q;
  const lang = p.get("lang")?.trim();
  if (lang) {
    if (/^[a-z]{2,3}$/.test(lang)) query.lang = lang;
    else notes.push(`Language “${lang}” is not a language code (nl, en, …): left out.`);
  }
  const source = p.get("source")?.trim();
  if (source) query.source = source;
  const feed = p.get("feed");
  if (feed) {
    const id = Number(feed);
    if (Number.isInteger(id) && id >= 0) query.feedId = id;
    else notes.push(`Feed “${feed}” is not a feed: left out.`);
  }
  const from = p.get("from");
  const to = p.get("to");
  const since = dayOf(from);
  const until = dayOf(to);
  if (from && !since) notes.push(`“${from}” is not a date (YYYY-MM-DD): left out.`);
  if (to && !until) notes.push(`“${to}” is not a date (YYYY-MM-DD): left out.`);
  if (since) query.since = since;
  // "to" names a day: everything dated on it is in.
  if (until) query.until = new Date(until.getTime() + 86_400_000);
  return { query, notes };
}

export function deliveryFilterOf(p: URLSearchParams): DeliveryFilter {
  const status = p.get("status") ?? "";
  return {
    page: page(p),
    perPage: ROWS_PER_PAGE,
    ...(p.get("subscription") ? { subscription: p.get("subscription") as string } : {}),
    ...(p.get("destination")?.trim() ? { destination: (p.get("destination") as string).trim() } : {}),
    ...((DELIVERY_STATUSES as readonly string[]).includes(status) ? { status: status as DeliveryStatus } : {}),
  };
}

/** Where to go after logging in: a path of this console, never another site. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/";
}
