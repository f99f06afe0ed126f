const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The longest span taken: ten years (a look-back beyond that is a typo, and dates overflow). */
const MAX_SPAN_MS = 3650 * 86_400_000;

/**
 * A span of time written as a number and a unit, `m`, `h`, `d` or `w`: `30m`, `24h`, `7d`, `2w`.
 * Undefined when `value` is not one, or is longer than ten years.
 *
 * @example
 * parseSpan("24h"); // 86400000
 */
export function parseSpan(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(value.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNITS[(m[2] as string).toLowerCase()] as number);
  return Number.isFinite(ms) && ms <= MAX_SPAN_MS ? ms : undefined;
}
