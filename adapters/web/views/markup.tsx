import type { Child } from "hono/jsx";

/**
 * Slack mrkdwn and Discord markdown drawn as HTML, the way each client shows the text our
 * renderers send: formatting becomes elements, escapes become the characters they stand for, and
 * everything else stays text (hono/jsx escapes it). Linear scans, no regular expressions over the
 * text, so a 20,000-character sentence costs what its length costs.
 */

type Token = { kind: "text"; text: string } | { kind: "delim"; text: string; style: string };

/** Runs of text with the styles open over them, from tokens whose delimiters pair up in order. */
function styleRuns(tokens: Token[], codeStyle: string): Array<{ text: string; styles: string[] }> {
  const byDelim = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    if (t.kind !== "delim") return;
    const list = byDelim.get(t.text);
    if (list) list.push(i);
    else byDelim.set(t.text, [i]);
  });
  const paired = new Set<number>();
  // Code first: inside a code span nothing else formats.
  const code = byDelim.get("`") ?? [];
  const inCode = new Set<number>();
  for (let k = 0; k + 1 < code.length; k += 2) {
    paired.add(code[k] as number).add(code[k + 1] as number);
    for (let i = (code[k] as number) + 1; i < (code[k + 1] as number); i++) inCode.add(i);
  }
  for (const [delim, at] of byDelim) {
    if (delim === "`") continue;
    const open = at.filter((i) => !inCode.has(i));
    for (let k = 0; k + 1 < open.length; k += 2) paired.add(open[k] as number).add(open[k + 1] as number);
  }
  const runs: Array<{ text: string; styles: string[] }> = [];
  const active = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (t.kind === "delim" && paired.has(i) && (!inCode.has(i) || t.style === codeStyle)) {
      active.set(t.style, (active.get(t.style) ?? 0) ^ 1);
      return;
    }
    const styles = [...active].filter(([, on]) => on).map(([s]) => s);
    const last = runs.at(-1);
    if (last && last.styles.join() === styles.join()) last.text += t.text;
    else runs.push({ text: t.text, styles });
  });
  return runs;
}

function draw(runs: Array<{ text: string; styles: string[] }>): Child[] {
  return runs.map((r) => {
    if (r.styles.length === 0) return r.text;
    if (r.styles.includes("code")) return <code class="md-code">{r.text}</code>;
    return <span class={r.styles.map((s) => `md-${s}`).join(" ")}>{r.text}</span>;
  });
}

const DISCORD_DELIMS: Array<[string, string]> = [
  ["**", "b"],
  ["__", "u"],
  ["~~", "s"],
  ["||", "spoiler"],
  ["*", "i"],
  ["_", "i"],
  ["`", "code"],
];

/** The characters that can start an escape or a delimiter in Discord markdown. */
const DISCORD_SPECIAL = /[\\*_~|`]/;

/** Discord markdown: `\x` shows `x`; `**`, `*`, `_`, `__`, `~~`, `||` and `` ` `` format when they pair. */
export function discordMarkdown(text: string): Child[] {
  if (!DISCORD_SPECIAL.test(text)) return [text];
  const tokens: Token[] = [];
  let plain = "";
  let from = 0;
  const flush = (to: number) => {
    plain += text.slice(from, to);
    if (plain) tokens.push({ kind: "text", text: plain });
    plain = "";
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === "\\" && i + 1 < text.length && !/[\p{L}\p{N}\s]/u.test(text[i + 1] as string)) {
      plain += text.slice(from, i) + text[i + 1];
      i += 2;
      from = i;
      continue;
    }
    const delim = "*_~|`".includes(c) ? DISCORD_DELIMS.find(([d]) => text.startsWith(d, i)) : undefined;
    if (delim) {
      flush(i);
      tokens.push({ kind: "delim", text: delim[0], style: delim[1] });
      i += delim[0].length;
      from = i;
      continue;
    }
    i++;
  }
  flush(text.length);
  return draw(styleRuns(tokens, "code"));
}

/** `&amp;`, `&lt;` and `&gt;`, the escapes Slack reads in every text object, as characters. */
export function unescapeSlack(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === "amp" ? "&" : e === "lt" ? "<" : ">"));
}

/** Only web links become links; anything else an article could smuggle in stays text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Slack mrkdwn: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, `<url|label>` and `<!here>`-style mentions. */
export function slackMrkdwn(text: string): Child[] {
  const out: Child[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf("<");
    const close = open >= 0 ? rest.indexOf(">", open) : -1;
    if (open < 0 || close < 0) {
      out.push(...slackInline(rest));
      break;
    }
    out.push(...slackInline(rest.slice(0, open)));
    const inner = rest.slice(open + 1, close);
    const bar = inner.indexOf("|");
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = unescapeSlack(bar >= 0 ? inner.slice(bar + 1) : inner);
    const href = safeHref(unescapeSlack(target));
    if (target.startsWith("!") || target.startsWith("@") || target.startsWith("#")) {
      out.push(<span class="slack-mention">{`${target.startsWith("#") ? "#" : "@"}${target.slice(1)}`}</span>);
    } else if (href) {
      out.push(
        <a href={href} rel="noopener noreferrer nofollow" target="_blank">
          {label}
        </a>,
      );
    } else {
      out.push(label);
    }
    rest = rest.slice(close + 1);
  }
  return out;
}

function slackInline(text: string): Child[] {
  const tokens: Token[] = [];
  let plain = "";
  for (const c of text) {
    const style = c === "*" ? "b" : c === "_" ? "i" : c === "~" ? "s" : c === "`" ? "code" : undefined;
    if (!style) {
      plain += c;
      continue;
    }
    if (plain) tokens.push({ kind: "text", text: unescapeSlack(plain) });
    plain = "";
    tokens.push({ kind: "delim", text: c, style });
  }
  if (plain) tokens.push({ kind: "text", text: unescapeSlack(plain) });
  return draw(styleRuns(tokens, "code"));
}
