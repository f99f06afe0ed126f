import { getDomain } from "tldts";

/**
 * The site a URL belongs to: its registrable domain by the Public Suffix List (private suffixes
 * such as `github.io` included, so two users' pages are two sites), else the bare host (an IP
 * address, `localhost`). Undefined for what is not an http(s) URL.
 *
 * @example
 * siteOf("https://www.bbc.co.uk/news/1"); // "bbc.co.uk"
 */
export function siteOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
  const host = u.hostname.toLowerCase().replace(/\.$/, "");
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** Do two URLs belong to one site (registrable domain)? False when either is not an http(s) URL. */
export function sameSite(a: string, b: string): boolean {
  const left = siteOf(a);
  return left !== undefined && left === siteOf(b);
}

export interface Origin {
  /** The article's URL: the page's canonical link when it is on the fetched site, else the fetched URL. */
  url?: string;
  /** A canonical link the page declared on another site: what it claims to be, never trusted. */
  claimed?: string;
}

/**
 * Weigh a page's canonical link against where the page was actually fetched. A page may name
 * another address of its own site (an AMP copy, a tracking-free path), but a canonical link on
 * another site is a forged origin: the page keeps the address it came from. Without a fetched URL
 * (a local file, standard input) the canonical link is the only address there is, and is taken as
 * the page's own claim.
 */
export function weighCanonical(canonical: string | undefined, fetched: string | undefined): Origin {
  const resolved = canonical ? absoluteUrl(canonical, fetched) : undefined;
  if (!fetched) return resolved ? { url: resolved } : {};
  if (!resolved || sameSite(resolved, fetched)) return { url: resolved ?? fetched };
  return { url: fetched, claimed: resolved };
}

/** An http(s) URL resolved against a base, or undefined. */
export function absoluteUrl(href: string, base?: string): string | undefined {
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A test of links for "to the page's own site": relative links are, absolute ones when their
 * registrable domain is the page's. Without a known address every link counts as the site's own.
 */
export function internalLinkTest(base: string | undefined): (href: string) => boolean {
  const site = base ? siteOf(base) : undefined;
  if (!site) return () => true;
  const hosts = new Map<string, boolean>();
  return (href) => {
    const h = href.trim();
    if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(h)) return true; // relative: the same site
    let host: string;
    try {
      const u = new URL(h, base);
      if (u.protocol !== "http:" && u.protocol !== "https:") return false;
      host = u.hostname;
    } catch {
      return true;
    }
    let same = hosts.get(host);
    if (same === undefined) {
      same = (getDomain(host, { allowPrivateDomains: true }) ?? host) === site;
      hosts.set(host, same);
    }
    return same;
  };
}
