/** Just enough typing for the CommonJS summarizers the benchmark compares against (not named peers.d.ts: tsc would take that for the output of peers.ts and ignore it). */

declare module "lexrank" {
  export interface LexrankLine {
    weight: number;
    text: string;
    index: number;
  }
  export type LexrankCallback = (err: unknown, topLines: LexrankLine[], concatenated: string) => void;
  const lexrank: {
    summarize(text: string, lines: number, callback: LexrankCallback): void;
  };
  export default lexrank;
}

declare module "node-summarizer" {
  export interface RankSummary {
    /** The chosen original sentences concatenated without separator, in rank order; an Error when it fails. */
    summary: string | Error;
    sentence_list: string[] | Error;
  }
  export class SummarizerManager {
    constructor(text: string, numberOfSentences: number);
    getSummaryByRank(): Promise<RankSummary | Error>;
    getSummaryByFrequency(): { summary: string | Error } | Error;
  }
  const nodeSummarizer: { SummarizerManager: typeof SummarizerManager };
  export default nodeSummarizer;
}
