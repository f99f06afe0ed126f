#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a clone and a run.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
// A Discord shard started by the ShardingManager talks to it over IPC; an open channel would keep
// this process alive after its work is done.
if (process.connected) process.disconnect();
