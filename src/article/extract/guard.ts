/**
 * Bounds what HTML may cost before a DOM is built from it. A page nested thousands of elements deep
 * (200,000 unclosed `<span>`s) overflows the stack, and Readability's work grows with depth times
 * size (it measures the text of every container, nested ones again and again); real article pages
 * nest a few dozen deep. So tags beyond {@link MAX_HTML_DEPTH} are dropped, in one linear scan
 * that follows the parser's own rules for void elements, raw text and implied end tags. Their text
 * stays, flattened into the element at the limit; a dropped block-level tag leaves a paragraph
 * break (`<br><br>`) behind, so that flattened paragraphs stay apart.
 */

/** Real pages nest a few dozen elements deep (51 at most in the extraction benchmark's pages). */
export const MAX_HTML_DEPTH = 64;
/**
 * Lists and tables nest a few deep in real pages (4 and 3 at most in the benchmark's). Readability
 * measures every one of them over its whole subtree, so a deep nest of them costs its depth times
 * its size: beyond this many of one kind, more are flattened.
 */
export const MAX_LIST_OR_TABLE_NESTING = 6;
const NESTING_KIND: Record<string, "list" | "table"> = { ul: "list", ol: "list", dl: "list", table: "table" };

/** Tags whose start and end break a paragraph: when dropped, a `<br><br>` stands in for them. */
const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

export interface BoundedHtml {
  /** The HTML with the tags beyond the depth limit removed (the same string when none were). */
  html: string;
  /** Start tags and comments seen: the nodes of the DOM to come, less its text. */
  elements: number;
  /** Start and end tags removed. */
  flattened: number;
  /** Characters of the longest run of text between two tags: under a sentence's length, the page holds no prose. */
  longestText: number;
}

/** Elements without content: never on the stack. */
const VOID = new Set([
  "area",
  "base",
  "basefont",
  "br",
  "col",
  "command",
  "embed",
  "frame",
  "hr",
  "img",
  "input",
  "isindex",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** Elements whose content is raw text up to their end tag. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);

const P = new Set(["p"]);
const FORM = new Set(["input", "option", "optgroup", "select", "button", "datalist", "textarea"]);
const DD_DT = new Set(["dd", "dt"]);
/** A start tag closes these open elements first, as htmlparser2 (linkedom's parser) does. */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["li", new Set(["li"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["dd", DD_DT],
  ["dt", DD_DT],
  ["tbody", new Set(["thead", "tbody"])],
  ["tfoot", new Set(["thead", "tbody"])],
  ...["select", "input", "output", "button", "datalist", "textarea"].map((t): [string, Set<string>] => [t, FORM]),
  ...[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "table",
    "ul",
  ].map((t): [string, Set<string>] => [t, P]),
]);

const NAME_CHAR = /[^\s/>]/;

/** Remove the tags nested deeper than `maxDepth`, keeping all text; linear in the length of `html`. */
export function boundNesting(html: string, maxDepth = MAX_HTML_DEPTH): BoundedHtml {
  const stack: string[] = [];
  const dropped = new Map<string, number>();
  const kept: string[] = [];
  let copiedTo = 0;
  let elements = 0;
  let flattened = 0;
  let foreign = 0;
  let longestText = 0;
  const measureText = (from: number, to: number) => {
    if (to - from > longestText) longestText = Math.max(longestText, html.slice(from, to).trim().length);
  };
  const nesting = { list: 0, table: 0 };
  const push = (name: string) => {
    stack.push(name);
    const kind = NESTING_KIND[name];
    if (kind) nesting[kind]++;
  };
  const popTo = (length: number) => {
    while (stack.length > length) {
      const kind = NESTING_KIND[stack.pop() as string];
      if (kind) nesting[kind]--;
    }
  };
  let breakAt = -1;
  const drop = (from: number, to: number, name: string) => {
    kept.push(html.slice(copiedTo, from));
    // One paragraph break for a run of dropped block tags with nothing between them.
    if (BLOCK.has(name) && breakAt !== from) kept.push("<br><br>");
    if (BLOCK.has(name)) breakAt = to;
    copiedTo = to;
    flattened++;
  };

  let i = 0;
  while (i < html.length) {
    const found = html.indexOf("<", i);
    const lt = found < 0 ? html.length : found;
    measureText(i, lt);
    if (found < 0) break;
    const next = html[lt + 1] ?? "";
    if (next === "!") {
      elements++;
      i = html.startsWith("<!--", lt) ? endOf(html, "-->", lt + 4) : endOf(html, ">", lt + 2);
      continue;
    }
    if (next === "?") {
      i = endOf(html, ">", lt + 2);
      continue;
    }
    const closing = next === "/";
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!/[a-zA-Z]/.test(html[nameStart] ?? "")) {
      // A lone "<" is text: measure the run up to the next tag from where it started.
      const following = html.indexOf("<", lt + 1);
      const to = following < 0 ? html.length : following;
      measureText(i, to);
      i = to;
      continue;
    }
    let nameEnd = nameStart + 1;
    while (nameEnd < html.length && NAME_CHAR.test(html[nameEnd] as string)) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const tagEnd = closing ? endOf(html, ">", nameEnd) : endOfStartTag(html, nameEnd);
    i = tagEnd;
    if (closing) {
      if (VOID.has(name)) continue;
      if (name === "svg" || name === "math") foreign = Math.max(0, foreign - 1);
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        drop(lt, tagEnd, name);
        continue;
      }
      const at = stack.lastIndexOf(name);
      if (at >= 0) popTo(at);
      continue;
    }
    elements++;
    const selfClosing = foreign > 0 && html[tagEnd - 2] === "/";
    const implied = IMPLIES_CLOSE.get(name);
    if (implied) while (stack.length > 0 && implied.has(stack[stack.length - 1] as string)) popTo(stack.length - 1);
    if (!VOID.has(name) && !selfClosing) {
      const kind = NESTING_KIND[name];
      if (stack.length >= maxDepth || (kind && nesting[kind] >= MAX_LIST_OR_TABLE_NESTING)) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop(lt, tagEnd, name);
      } else {
        push(name);
        if (name === "svg" || name === "math") foreign++;
      }
    }
    if (RAW_TEXT.has(name)) {
      // Raw text runs to the first matching end tag; that end tag is handled by the next round.
      const end = indexOfCaseless(html, `</${name}`, tagEnd);
      i = end < 0 ? html.length : end;
    }
  }
  if (flattened === 0) return { html, elements, flattened, longestText };
  kept.push(html.slice(copiedTo));
  return { html: kept.join(""), elements, flattened, longestText };
}

/** Index just past `token` searched from `from`, or the end of the text. */
function endOf(html: string, token: string, from: number): number {
  const at = html.indexOf(token, from);
  return at < 0 ? html.length : at + token.length;
}

/** Index just past a start tag's `>`, skipping quoted attribute values. */
function endOfStartTag(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html[i];
    if (c === ">") return i + 1;
    if (c === "=") {
      i++;
      while (i < html.length && /\s/.test(html[i] as string)) i++;
      const q = html[i];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, i + 1);
        if (close < 0) return html.length;
        i = close + 1;
        continue;
      }
      continue;
    }
    i++;
  }
  return html.length;
}

function indexOfCaseless(html: string, token: string, from: number): number {
  // End tags of raw text are short and rare; a lower-cased window keeps this linear.
  const lower = token.toLowerCase();
  let i = from;
  while (i < html.length) {
    const at = html.indexOf("</", i);
    if (at < 0) return -1;
    if (html.slice(at, at + lower.length).toLowerCase() === lower) return at;
    i = at + 2;
  }
  return -1;
}
