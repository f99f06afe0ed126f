/**
 * How the card's time grows with hostile input (`npm run bench:cards -- --hostile`): each input at
 * two sizes, four times apart; a linear summarizer takes about four times as long for the larger.
 * CPU time of this process, so other load on the machine disturbs it less than the clock would.
 */
import { parseArticle } from "../src/article/parse.ts";
import { summarize } from "../src/summarize/index.ts";

const inputs: Record<string, (n: number) => string> = {
  "long sentence": (n) => Array.from({ length: n }, (_, i) => `woord${i % 50}, en dat`).join(" "),
  "quotes in one paragraph": (n) =>
    Array.from({ length: n }, (_, i) => `"Citaat ${i}," zei Jan de Vries${i % 7}. Hij zei: "Meer."`).join(" "),
  "quote paragraphs": (n) =>
    Array.from({ length: n }, (_, i) => `,,Citaat ${i}'', zegt Els Bakker. Zij noemt het 'een goed plan'.`).join(
      "\n\n",
    ),
  figures: (n) => Array.from({ length: n }, (_, i) => `Er waren ${i} mensen en 3,5 miljoen euro`).join(", "),
  "unclosed marks": (n) => Array.from({ length: n }, () => `"a 'b ,,c „d «e ‘f`).join(" "),
  "pronouns and quotes": (n) =>
    Array.from({ length: n }, (_, i) => `"Ja," zei hij. Zij zei: 'Nee ${i}.' Volgens hem was het zo.`).join(" "),
  "one huge word": (n) => `Begin ${"A".repeat(n * 40)} einde.`,
};

function cpuMs(text: string): number {
  const article = parseArticle(text, { format: "text", lang: "nl" });
  const start = process.cpuUsage();
  summarize(article);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export function printHostile(): void {
  const small = 5000;
  console.log("\n| hostile input | size | CPU ms | 4× the size | CPU ms | ratio (linear ≈ 4) |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, make] of Object.entries(inputs)) {
    cpuMs(make(small / 10));
    const a = make(small);
    const b = make(small * 4);
    const ta = cpuMs(a);
    const tb = cpuMs(b);
    const kb = (s: string) => `${Math.round(s.length / 1024)} KB`;
    console.log(`| ${name} | ${kb(a)} | ${ta.toFixed(0)} | ${kb(b)} | ${tb.toFixed(0)} | ${(tb / ta).toFixed(1)} |`);
  }
}
