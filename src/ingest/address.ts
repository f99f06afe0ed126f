import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Where fetching may not go: loopback, private, link-local, unique-local, carrier-grade NAT,
 * multicast and the reserved ranges, IPv4 and IPv6. An IPv4 address written as IPv6
 * (`::ffff:127.0.0.1`) is checked as IPv4; a NAT64 address (`64:ff9b::…`) by the IPv4 it embeds.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  // IPv4-compatible addresses (deprecated; `::` and `::1` among them).
  ["::", 96],
  // Local-use NAT64 (RFC 8215), and 6to4 (RFC 3056, deprecated), which embed an IPv4 address.
  ["64:ff9b:1::", 48],
  ["2002::", 16],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(net, prefix, "ipv6");

/**
 * Exceptions to the rule, from `BRIEFBOT_FETCH_ALLOW`: host names (`intranet.example.org`) and
 * CIDR ranges or addresses (`10.1.0.0/16`, `127.0.0.1`).
 */
export interface AddressPolicy {
  hosts: ReadonlySet<string>;
  ranges: BlockList;
  /** As written, for error messages. */
  text: string;
}

/**
 * Read `BRIEFBOT_FETCH_ALLOW`: a comma- or space-separated list of hosts and CIDR ranges.
 *
 * @throws {Error} naming the entry that is neither.
 * @example
 * parseAllowList("127.0.0.1, 10.0.0.0/8, intranet.example.org");
 */
export function parseAllowList(text: string | undefined): AddressPolicy {
  const hosts = new Set<string>();
  const ranges = new BlockList();
  for (const entry of (text ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [address, bits] = entry.split("/") as [string, string | undefined];
    const family = isIP(address);
    if (family) {
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
        throw new Error(`"${entry}" has no valid prefix length`);
      ranges.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
    } else if (bits === undefined && /^[a-z0-9.-]+$/i.test(entry)) {
      hosts.add(entry.toLowerCase());
    } else {
      throw new Error(`"${entry}" is neither a host name nor a CIDR range`);
    }
  }
  return { hosts, ranges, text: text ?? "" };
}

export const NO_EXCEPTIONS: AddressPolicy = parseAllowList("");

/** Is `address` (an IP literal) one that fetching may not reach, under `policy`? */
export function isForbiddenAddress(address: string, policy: AddressPolicy = NO_EXCEPTIONS): boolean {
  const family = isIP(address);
  if (!family) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (policy.ranges.check(address, type)) return false;
  if (PRIVATE.check(address, type)) return true;
  const nat64 = family === 6 ? embeddedIpv4(address) : undefined;
  return nat64 !== undefined && !policy.ranges.check(nat64, "ipv4") && PRIVATE.check(nat64, "ipv4");
}

/** The IPv4 address inside a NAT64 address (`64:ff9b::7f00:1` → `127.0.0.1`). */
function embeddedIpv4(address: string): string | undefined {
  const m = /^64:ff9b::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!m) return undefined;
  const hi = Number.parseInt(m[1] as string, 16);
  const lo = Number.parseInt(m[2] as string, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** A private address was refused: the message names host and address. */
export class ForbiddenAddressError extends Error {
  readonly code = "EFORBIDDEN_ADDRESS";
}

/**
 * A `lookup` for the connection itself: resolves the host and hands the socket only addresses
 * fetching may reach, so the address checked is the address connected to (a DNS answer that
 * changes between a check and the connection, DNS rebinding, cannot slip through).
 */
export function guardedLookup(policy: AddressPolicy) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const allowedHost = policy.hosts.has(hostname.toLowerCase());
    dnsLookup(hostname, { all: true, family: Number(options.family) || 0 }, (error, addresses) => {
      if (error) return callback(error, "");
      const usable = allowedHost ? addresses : addresses.filter((a) => !isForbiddenAddress(a.address, policy));
      if (usable.length === 0) {
        const shown = addresses.map((a) => a.address).join(", ");
        return callback(
          new ForbiddenAddressError(`${hostname} resolves to a private address (${shown}); see BRIEFBOT_FETCH_ALLOW`),
          "",
        );
      }
      if (options.all) return callback(null, usable);
      const first = usable[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}
