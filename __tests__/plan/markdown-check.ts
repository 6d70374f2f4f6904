/**
 * How GitHub would read a comment, for the specs: the text CommonMark leaves outside code spans and
 * fenced blocks (what can act: HTML, links, @mentions, math, emoji), and the HTML the commonmark
 * package renders when it is installed (it comes with cdktf-cli's jsii tools, not as a dependency of
 * ours, so the specs also hold without it).
 */

/** The text of one line outside its code spans: a run of n backticks opens a span closed by the next run of exactly n (CommonMark 6.1). */
function outsideCodeSpans(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    if (line[i] !== "`") {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let close = -1;
    for (let j = line.indexOf(fence, i + n); j !== -1; j = line.indexOf(fence, j + 1)) {
      let m = 0;
      while (line[j + m] === "`") m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m - 1;
    }
    if (close === -1) {
      out += fence;
      i += n;
    } else i = close + n;
  }
  return out;
}

/** Every line of a Markdown text outside fenced blocks and code spans: what renders as Markdown. */
export function activeText(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const opens = /^\s*(`{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (opens !== undefined && opens.length >= fence.length && line.trim() === opens) fence = undefined;
      continue;
    }
    if (opens !== undefined) {
      fence = opens;
      continue;
    }
    out.push(outsideCodeSpans(line));
  }
  return out.join("\n");
}

interface CommonMark {
  Parser: new () => { parse(text: string): unknown };
  HtmlRenderer: new () => { render(tree: unknown): string };
}

function loadCommonMark(): CommonMark | undefined {
  try {
    return require("commonmark") as CommonMark;
  } catch {
    return undefined;
  }
}

const commonmark = loadCommonMark();

/** The HTML CommonMark renders for a Markdown text (raw HTML passes as it is), or undefined without the package. */
export function renderedHtml(markdown: string): string | undefined {
  if (!commonmark) return undefined;
  return new commonmark.HtmlRenderer().render(new commonmark.Parser().parse(markdown));
}

/** The rendered HTML without its `<code>` elements: what a reader sees as live text and markup. */
export function htmlOutsideCode(html: string): string {
  return html.replace(/<code>[\s\S]*?<\/code>/g, "");
}
