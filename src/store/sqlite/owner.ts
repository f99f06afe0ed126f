import { hostname } from "node:os";

/**
 * An owner is `host:pid:nonce`. On this host, a pid that no longer runs means its claims were
 * left by a crash: they need not wait for their lease to run out. Only for SQLite, whose file
 * lives on one machine; across machines a pid means nothing, and only leases count.
 */
export function isDeadOwner(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
