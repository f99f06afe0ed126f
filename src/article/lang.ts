import { franc } from "franc-min";
import { iso6393 } from "iso-639-3";

/** Languages the summarizer has rules for; others are briefed with the English rules. */
export const FIRST_CLASS_LANGS = ["nl", "en"] as const;

let toIso1: Map<string, string> | undefined;

/**
 * Detect the language of a text as an ISO 639-1 code (`nl`, `en`, …), or `und` when the text is
 * too short or too mixed to tell.
 *
 * @example
 * detectLanguage("Het aantal Russische militairen groeide naar 150.000."); // "nl"
 */
export function detectLanguage(text: string): string {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  const code = franc(sample, { minLength: 10 });
  if (code === "und") return "und";
  toIso1 ??= new Map(iso6393.filter((l) => l.iso6391).map((l) => [l.iso6393, l.iso6391 as string]));
  return toIso1.get(code) ?? code;
}

/** Normalize a language tag from metadata (`nl-NL`, `en_US`, `Dutch`) to ISO 639-1 where possible. */
export function normalizeLang(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const t = tag.trim().toLowerCase();
  const named: Record<string, string> = { dutch: "nl", nederlands: "nl", english: "en", engels: "en" };
  if (named[t]) return named[t];
  const m = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/.exec(t);
  return m?.[1];
}
