/** Messages between the benchmarks and a peer's child process (peer-process.ts). */
import type { PeerId } from "./peers.ts";

export interface PeerJob {
  texts: string[];
  /** Sentences wanted per text. */
  ks: number[];
  /** Untimed passes over the first `warmup` texts before the timed rounds. */
  warmup: number;
  /** Timed passes over all texts. */
  rounds: number;
  /** Send back the sentences of the last round (quality) or not (speed). */
  returnOutputs: boolean;
}

export interface PeerJobResult {
  /** Articles per second of each timed round, measured inside the child. */
  rates: number[];
  outputs?: string[][];
  /** Texts where the peer threw in the last round, with a few messages. */
  errors: number;
  errorSamples: string[];
}

export type ToPeer = { type: "job"; job: PeerJob };

export type FromPeer =
  | { type: "ready"; id: PeerId }
  | { type: "failed"; message: string }
  | { type: "result"; result: PeerJobResult };
