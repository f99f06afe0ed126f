/** Runs an npm peer in its own child process (peer-process.ts) and talks to it over IPC. */
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./data.ts";
import type { FromPeer, PeerJob, PeerJobResult, ToPeer } from "./peer-protocol.ts";
import type { PeerId } from "./peers.ts";

export interface PeerClient {
  run(job: PeerJob): Promise<PeerJobResult>;
  close(): void;
}

function nextMessage(child: ChildProcess): Promise<FromPeer> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromPeer) => {
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`peer process exited (code ${code}) before answering`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/** Starts the peer's process and waits until the peer has loaded; rejects with the peer's own error. */
export async function startPeer(id: PeerId): Promise<PeerClient> {
  const child = fork(join(REPO_ROOT, "bench", "peer-process.ts"), [id], {
    execArgv: process.execArgv,
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const first = await nextMessage(child);
  if (first.type !== "ready") {
    child.kill();
    throw new Error(first.type === "failed" ? first.message : `unexpected ${first.type} from ${id}`);
  }
  return {
    async run(job) {
      const answer = nextMessage(child);
      child.send({ type: "job", job } satisfies ToPeer);
      const message = await answer;
      if (message.type !== "result") throw new Error(message.type === "failed" ? message.message : "no result");
      return message.result;
    },
    close() {
      // Closing the channel lets the child's event loop drain and exit; kill it if it lingers.
      if (child.connected) child.disconnect();
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill();
      }, 2000).unref();
    },
  };
}
