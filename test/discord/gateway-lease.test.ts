import { describe, expect, it } from "vitest";
import { holdGateway, shardLeaseName } from "../../adapters/discord/gateway-lease.ts";
import { openStore } from "../../src/store/index.ts";
import type { Leases } from "../../src/store/port.ts";
import { waitFor } from "../cli/serve-process.ts";
import { recordingLogger } from "../helpers.ts";

const TTL = 300;

/** A gateway that only counts: what connects and disconnects, and how many are up at once. */
function countingGateway(up: Set<string>, name: string) {
  const events: string[] = [];
  return {
    events,
    connect: async () => {
      events.push("connect");
      up.add(name);
    },
    disconnect: async () => {
      events.push("disconnect");
      up.delete(name);
    },
  };
}

describe("a Discord shard's gateway lease", () => {
  it("lets one replica connect, keeps the other on standby, and hands over when the holder stops", async () => {
    const store = await openStore({ file: ":memory:" });
    const { log } = recordingLogger();
    const up = new Set<string>();
    const name = shardLeaseName(0, 1);
    const a = countingGateway(up, "a");
    const b = countingGateway(up, "b");
    const ga = holdGateway({ leases: store.leases, name, owner: "a", log, ttlMs: TTL, ...a });
    expect(await ga.decided).toBe("connected");
    const gb = holdGateway({ leases: store.leases, name, owner: "b", log, ttlMs: TTL, ...b });
    expect(await gb.decided).toBe("standby");
    await new Promise((r) => setTimeout(r, TTL * 2));
    // Renewed all along: still one connection, the holder's.
    expect([...up]).toEqual(["a"]);
    await ga.stop();
    await waitFor("the standby's connection", () => up.has("b"), 5_000);
    expect([...up]).toEqual(["b"]);
    expect(a.events).toEqual(["connect", "disconnect"]);
    await gb.stop();
    expect(up.size).toBe(0);
    await store.close();
  });

  it("disconnects a holder that cannot renew its lease before it runs out, so that another may connect", async () => {
    const store = await openStore({ file: ":memory:" });
    const { log, lines } = recordingLogger();
    let reachable = true;
    const flaky: Leases = {
      ...store.leases,
      acquire: async (...args) => {
        if (!reachable) throw new Error("connection terminated");
        return store.leases.acquire(...args);
      },
    };
    const up = new Set<string>();
    const a = countingGateway(up, "a");
    const held = holdGateway({ leases: flaky, name: shardLeaseName(1, 2), owner: "a", log, ttlMs: TTL, ...a });
    expect(await held.decided).toBe("connected");
    reachable = false;
    await waitFor("the disconnection", () => !up.has("a"), 5_000);
    expect(held.state()).toBe("standby");
    expect(lines.some((l) => /cannot renew the gateway lease/.test(l.message))).toBe(true);
    const b = countingGateway(up, "b");
    const other = holdGateway({ leases: store.leases, name: shardLeaseName(1, 2), owner: "b", log, ttlMs: TTL, ...b });
    await waitFor("the other replica's connection", () => up.has("b"), 5_000);
    reachable = true;
    await new Promise((r) => setTimeout(r, TTL * 2));
    expect([...up]).toEqual(["b"]);
    await held.stop();
    await other.stop();
    await store.close();
  });

  it("rejects at once when connecting fails for good (a wrong token), and lets the lease go", async () => {
    const store = await openStore({ file: ":memory:" });
    const { log } = recordingLogger();
    const held = holdGateway({
      leases: store.leases,
      name: shardLeaseName(0, 1),
      owner: "a",
      log,
      ttlMs: TTL,
      connect: async () => {
        throw new Error("DISCORD_TOKEN is not valid");
      },
      disconnect: async () => {},
    });
    await expect(held.decided).rejects.toThrow(/DISCORD_TOKEN is not valid/);
    await held.stop();
    expect(await store.leases.acquire(shardLeaseName(0, 1), "b", new Date(Date.now() + 1000), new Date())).toBe(true);
    await store.close();
  });
});
