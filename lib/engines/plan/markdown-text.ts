/**
 * Every string that comes from a plan is hostile until escaped: a newline in a resource address, a
 * closing fence or `</details>` in a DMARC value, or an RTL override in an output name must never
 * start a heading, end a block, add a link or reorder what a reviewer reads.
 */

/** Line breaks, other control characters and bidi controls, which would break or reorder a line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are escaped, never passed on.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The text on one line, with every control or bidi character shown as an escape instead of obeyed. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Inline code no value can break out of: the fence is longer than any backtick run inside. */
export function code(text: string): string {
  const t = visible(text);
  if (!t.includes("`")) return `\`${t}\``;
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * Characters that let running text act rather than read: HTML and entities, link and image brackets,
 * code spans, table cells, @mentions, strikethrough. Emphasis marks and `->` stay readable: with line
 * breaks made visible they cannot start a heading, a list or a quote.
 */
const ACTIVE = /[&<[\]`|@~]/g;

/** Running text from a plan: shown exactly, never interpreted (no HTML, links, images, @mentions or table cells). */
export function plain(text: string): string {
  return visible(text).replace(ACTIVE, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A line inside a fenced code block: on one line, and unable to close the fence (backtick runs become quotes). */
export function fenced(text: string): string {
  return visible(text).replace(/`{3,}/g, (run) => "'".repeat(run.length));
}
