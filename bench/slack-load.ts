/**
 * Load generator for the Slack acknowledgement benchmark, run in its own process so that it does
 * not share an event loop with the apps it measures:
 * `node --import tsx bench/slack-load.ts <url> <signingSecret> <requests> <concurrency> <responseUrl>`.
 * Prints one JSON line: the latency of each request (send → response), in ms, and the statuses.
 */
import { signSlackRequest, slashCommandBody } from "../test/fakes/slack/sign.ts";

const [url, secret, total, concurrency, responseUrl] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
const topics = ["oekraine", "haven", "energie", "bonds", "fares", "", "harlow", "volkov"];

async function worker(): Promise<void> {
  while (next < Number(total)) {
    const i = next++;
    const body = slashCommandBody({
      text: topics[i % topics.length] as string,
      channel_id: "C0001",
      response_url: `${responseUrl}/${i}`,
    });
    const started = performance.now();
    const res = await fetch(`${url}/slack/events`, { method: "POST", body, headers: signSlackRequest(secret, body) });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
process.stdout.write(`${JSON.stringify({ latencies, statuses })}\n`);
