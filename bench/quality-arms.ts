/**
 * Every summarizer the quality benchmark scores. Lead-k and briefbot run in this process; each npm
 * peer runs in its own child process (peer-client.ts), which sends back its sentences.
 */
import { briefbotCardPoints, briefbotCardSummary, briefbotPoints, splitSentences } from "./briefbot.ts";
import type { BenchDoc, DatasetName } from "./data.ts";
import { leadK, NPM_PEERS, type PeerId } from "./peers.ts";

export type ArmKind = "lead" | "npm" | "briefbot" | "briefbot-card";

interface ArmBase {
  id: string;
  label: string;
  kind: ArmKind;
  /** Datasets the arm is scored on; all when absent. */
  only?: DatasetName[];
}

export interface LocalArm extends ArmBase {
  where: "local";
  run: (doc: BenchDoc, k: number) => string[];
}

export interface PeerArm extends ArmBase {
  where: "child";
  peer: PeerId;
}

export type Arm = LocalArm | PeerArm;

export interface SkippedArm {
  id: string;
  label: string;
  reason: string;
}

export function qualityArms(): Arm[] {
  const lead = leadK(splitSentences);
  return [
    {
      where: "local",
      id: "lead",
      label: "Lead-3 / lead-k",
      kind: "lead",
      run: (doc, k) => lead(doc.text, k),
    },
    ...NPM_PEERS.map((p): PeerArm => ({ where: "child", id: p.id, label: p.label, kind: "npm", peer: p.id })),
    { where: "local", id: "briefbot", label: "briefbot keyPoints(k)", kind: "briefbot", run: briefbotPoints },
    {
      where: "local",
      id: "briefbot-card",
      label: "briefbot card points (3–5)",
      kind: "briefbot-card",
      run: (doc) => briefbotCardPoints(doc),
      only: ["cnndm"],
    },
    {
      where: "local",
      id: "briefbot-card-summary",
      label: "briefbot card summary (TL;DR + points, first 3)",
      kind: "briefbot-card",
      run: (doc) => briefbotCardSummary(doc),
      only: ["cnndm"],
    },
  ];
}
