/**
 * Load generator for the web console benchmark, run in its own process so that it does not share
 * an event loop with the server it measures:
 * `node --import tsx bench/console-load.ts <base url> <paths.json> <requests> <concurrency> <marker>`.
 * Each of `concurrency` clients sends its next request when its last answer is read whole (a
 * closed loop), walking the paths in turn. Every answer must be 200 and contain `marker`.
 * Prints one JSON line: the latency of each request (send → last byte), in ms, and the bytes.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";

const [base, pathsFile, total, concurrency, marker] = process.argv.slice(2) as [string, string, string, string, string];
const paths = JSON.parse(readFileSync(pathsFile, "utf8")) as string[];
const dispatcher = new Agent({ connections: Number(concurrency), pipelining: 1 });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let bytes = 0;
let wrong = 0;
let next = 0;

async function client(): Promise<void> {
  while (next < Number(total)) {
    const path = paths[next++ % paths.length] as string;
    const started = performance.now();
    const res = await request(`${base}${path}`, { dispatcher });
    const body = Buffer.from(await res.body.arrayBuffer());
    latencies.push(performance.now() - started);
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    bytes += body.byteLength;
    if (res.statusCode !== 200 || body.indexOf(marker) < 0) wrong++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, client));
const seconds = (performance.now() - started) / 1000;
await dispatcher.close();
process.stdout.write(`${JSON.stringify({ latencies, statuses, bytes, wrong, seconds })}\n`);
