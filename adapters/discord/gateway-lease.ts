import type { DeliveryLogger } from "../../src/delivery/engine.ts";
import type { Leases } from "../../src/store/port.ts";

/** A shard's gateway lease lasts this long and is renewed three times as often. */
export const SHARD_LEASE_MS = 30_000;

/** The lease of shard `shard` of `count`: one gateway connection per shard across all replicas. */
export function shardLeaseName(shard: number, count: number): string {
  return `discord:shard:${shard}/${count}`;
}

export type GatewayState = "standby" | "connecting" | "connected" | "stopped";

/**
 * Hold one Discord shard's gateway connection only while holding its lease, so that of several
 * replicas exactly one connects each shard and every interaction is answered once. The lease is
 * renewed on a timer; a replica that cannot get it stays on standby (it still posts through REST)
 * and connects when the holder stops renewing; one that loses it, or cannot renew it before it
 * runs out (the database is out of reach), disconnects.
 */
export function holdGateway(options: {
  leases: Leases;
  name: string;
  owner: string;
  log: DeliveryLogger;
  connect: () => Promise<void>;
  disconnect: () => Promise<void>;
  now?: () => Date;
  ttlMs?: number;
}): { stop(): Promise<void>; state(): GatewayState; decided: Promise<GatewayState> } {
  const { leases, name, owner, log } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.ttlMs ?? SHARD_LEASE_MS;
  let state: GatewayState = "standby";
  let heldUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let work: Promise<void> = Promise.resolve();
  let decide: (s: GatewayState) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const decided = new Promise<GatewayState>((resolve, reject) => {
    decide = resolve;
    fail = reject;
  });
  let connecting: Promise<void> = Promise.resolve();

  const drop = async (why: string) => {
    if (state !== "connecting" && state !== "connected") return;
    log.warn({ platform: "discord", lease: name }, why);
    state = "standby";
    await options.disconnect().catch(() => undefined);
  };

  const tick = async () => {
    if (state === "stopped") return;
    const t = now();
    let held: boolean;
    try {
      held = await leases.acquire(name, owner, new Date(t.getTime() + ttl), t);
    } catch (error) {
      // Still ours until the last renewal runs out; past that another replica may connect.
      if (t.getTime() >= heldUntil - ttl / 3)
        await drop(`cannot renew the gateway lease (${(error as Error).message}): disconnecting`);
      decide(state);
      return;
    }
    if (!held) {
      await drop("another replica holds this shard's gateway lease: disconnecting");
      decide("standby");
      return;
    }
    heldUntil = t.getTime() + ttl;
    if (state !== "standby") return;
    state = "connecting";
    log.info({ platform: "discord", lease: name }, "holding the gateway lease: connecting");
    // Connecting may take long (Discord unreachable, retried): the renewals go on meanwhile.
    connecting = options.connect().then(
      () => {
        if (state === "connecting") state = "connected";
        decide(state);
      },
      async (error) => {
        if (state === "connecting") state = "standby";
        await leases.release(name, owner).catch(() => undefined);
        fail(error);
      },
    );
  };

  const schedule = () => {
    timer = setTimeout(() => {
      work = work.then(tick).catch((error) => log.error({ platform: "discord", error: String(error) }, "gateway"));
      void work.then(() => state !== "stopped" && schedule());
    }, ttl / 3);
    timer.unref();
  };
  work = tick().catch(fail);
  schedule();

  return {
    /** Connected (or on standby) after the first try; rejects with a failure no retry mends (a wrong token). */
    decided,
    state: () => state,
    async stop() {
      const was = state;
      state = "stopped";
      clearTimeout(timer);
      await work.catch(() => undefined);
      await connecting.catch(() => undefined);
      if (was === "connected" || was === "connecting") await options.disconnect().catch(() => undefined);
      await leases.release(name, owner).catch(() => undefined);
    },
  };
}
