import { ShardingManager } from "discord.js";
import type { DiscordConfig } from "../../src/config.ts";
import type { DeliveryLogger } from "../../src/delivery/engine.ts";

/**
 * Past what one gateway connection may serve (2,500 servers), Discord requires sharding. This runs
 * discord.js's own `ShardingManager`: one process per shard, each `briefbot discord shard`, each
 * answering its servers' slash commands on the same database. Scheduled posts stay in the
 * `serve` process, which needs no gateway for them (they go through REST).
 */
export async function startDiscordShards(options: {
  config: DiscordConfig & { shards: number | "auto" };
  /** The executable each shard runs, and its arguments. */
  file: string;
  args: string[];
  log: DeliveryLogger;
}): Promise<{ count: number; stop(): Promise<void> }> {
  const { config, log } = options;
  const manager = new ShardingManager(options.file, {
    token: config.token,
    totalShards: config.shards,
    shardArgs: options.args,
    mode: "process",
    respawn: true,
  });
  manager.on("shardCreate", (shard) =>
    log.info({ platform: "discord", shard: shard.id, of: manager.totalShards }, "discord shard starting"),
  );
  const shards = await manager.spawn({ timeout: 60_000 });
  return {
    count: shards.size,
    async stop() {
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.kill();
    },
  };
}
