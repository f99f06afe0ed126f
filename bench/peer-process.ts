/**
 * Child process that hosts exactly one npm peer, so its global side effects (sugar's rewritten
 * built-ins, core-js shims, sylvester globals) stay out of briefbot's process. Started by peer-client.ts
 * as `node --import tsx bench/peer-process.ts <peer-id>`.
 */
import type { FromPeer, PeerJob, PeerJobResult, ToPeer } from "./peer-protocol.ts";
import { loadPeer, NPM_PEERS, type PeerId, type Summarizer } from "./peers.ts";

function send(message: FromPeer): void {
  process.send?.(message);
}

async function runJob(summarize: Summarizer, job: PeerJob): Promise<PeerJobResult> {
  let errors = 0;
  const errorSamples: string[] = [];
  let outputs: string[][] = [];
  const pass = async (count: number): Promise<number> => {
    outputs = [];
    errors = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      let out: string[] = [];
      try {
        const result = summarize(job.texts[i] as string, job.ks[i] as number);
        // Await only the async peer: a microtask per doc would tax the synchronous ones.
        out = result instanceof Promise ? await result : result;
      } catch (error) {
        errors++;
        if (errorSamples.length < 3) errorSamples.push((error as Error).message);
      }
      outputs.push(out);
    }
    return (count / (performance.now() - started)) * 1000;
  };
  await pass(Math.min(job.warmup, job.texts.length));
  const rates: number[] = [];
  for (let r = 0; r < job.rounds; r++) rates.push(await pass(job.texts.length));
  return { rates, errors, errorSamples, ...(job.returnOutputs ? { outputs } : {}) };
}

async function main(): Promise<void> {
  const id = process.argv[2] as PeerId;
  if (!NPM_PEERS.some((p) => p.id === id)) throw new Error(`unknown peer ${id}`);
  let summarize: Summarizer;
  try {
    summarize = await loadPeer(id);
  } catch (error) {
    send({ type: "failed", message: (error as Error).message });
    return;
  }
  process.on("message", (message: ToPeer) => {
    runJob(summarize, message.job).then(
      (result) => send({ type: "result", result }),
      (error: unknown) => send({ type: "failed", message: (error as Error).message }),
    );
  });
  send({ type: "ready", id });
}

main().catch((error: unknown) => {
  send({ type: "failed", message: (error as Error).message });
});
