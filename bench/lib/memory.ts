/**
 * Peak resident memory of the current process: `process.memoryUsage.rss()` sampled every 50 ms (by a
 * timer, and by `tick()` from synchronous loops, where a timer cannot fire), plus the kernel's own
 * high-water mark, `process.resourceUsage().maxRSS`, which covers the whole life of the process.
 */

export interface RssReport {
  /** Highest sampled RSS, MiB. */
  peakRssMiB: number;
  /** RSS when sampling started, MiB. */
  startRssMiB: number;
  /** RSS at the last sample, MiB. */
  endRssMiB: number;
  /** `process.resourceUsage().maxRSS` (KiB from the kernel) in MiB: the process's lifetime peak. */
  maxRssMiB: number;
  samples: number;
}

const MiB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

export class RssSampler {
  private peak = 0;
  private start = 0;
  private last = 0;
  private lastAt = 0;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 50) {}

  begin(): this {
    this.sample();
    this.start = this.last;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Call from a synchronous loop: samples when the interval has passed since the last sample. */
  tick(): void {
    if (performance.now() - this.lastAt >= this.intervalMs) this.sample();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    this.last = rss;
    this.lastAt = performance.now();
    this.count++;
    if (rss > this.peak) this.peak = rss;
  }

  end(): RssReport {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return {
      peakRssMiB: round1(this.peak / MiB),
      startRssMiB: round1(this.start / MiB),
      endRssMiB: round1(this.last / MiB),
      maxRssMiB: round1(process.resourceUsage().maxRSS / 1024),
      samples: this.count,
    };
  }
}
