/**
 * Every string that comes from a plan is hostile until escaped: a newline in a resource address, a
 * closing fence or `</details>` in a DMARC value, or an RTL override in an output name must never
 * start a heading, end a block, add a link or reorder what a reviewer reads.
 */

import { largest } from "../../core/plan/extremes";

/**
 * Line breaks, other control characters and bidi controls, which would break or reorder a line, and
 * every character that shows nothing: format characters (\p{Cf}: soft hyphen, the tag characters
 * U+E0000-E007F, interlinear annotations) and Unicode's default-ignorable code points (Hangul fillers
 * U+115F/U+3164, variation selectors, the combining grapheme joiner), with which `["prod<U+E0041>"]` read
 * as `["prod"]`; blanks that look like nothing or like a space (every space but U+0020: no-break,
 * ideographic, the U+2000 widths; the Braille blank U+2800; the object replacement U+FFFC); and a
 * combining mark on an ASCII character, which strikes through or hides it (`prod\u0336`).
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are escaped, never passed on.
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u2800\ufffc\p{Cf}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|(?<=[\u0021-\u007e]\p{M}*)\p{M}/gu;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The text on one line, with every control, bidi or invisible character shown as an escape instead of obeyed. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (ch) => {
    const named = NAMED[ch];
    if (named !== undefined) return named;
    const point = ch.codePointAt(0) ?? 0;
    return point > 0xffff ? `\\u{${point.toString(16)}}` : `\\u${point.toString(16).padStart(4, "0")}`;
  });
}

/** Inline code no value can break out of: the fence is longer than any backtick run inside. */
export function code(text: string): string {
  const t = visible(text);
  if (!t.includes("`")) return `\`${t}\``;
  const longest = largest(
    Array.from(t.matchAll(/`+/g), (m) => m[0].length),
    0,
  );
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

/**
 * Words GitHub acts on after rendering, whatever their escaping
 * (docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls):
 * an @mention (`&#64;user` is decoded first, then mentioned: github/markup#1168), an autolinked URL
 * (`https://…`, `www.…`, an email address: the GFM autolink extension), an issue reference (`#12`,
 * `GH-12`, `org/repo#12`, which notifies that issue) and a commit SHA (a whole word of 7 to 40 hex
 * digits, also `user@sha` and `org/repo@sha`, which links the commit; a cdktf id's `_1A2B3C4D` is part
 * of a word). Two more turn text into something else: math (`$x$`, `$$…$$`, `` $`…`$ ``: github/roadmap#540)
 * and emoji shortcodes (`:white_check_mark:` reads as ✅), which no escape stops (a backslash does not
 * escape a dollar: github.com/orgs/community/discussions/120728). None of that happens inside a code
 * span, so such a word is shown as one. A repository's own autolink prefixes (`JIRA-12`) are its
 * settings, not known here; they link to the site it set up and notify no one.
 */
const ACTS_ON_ITS_OWN = /@|:\/\/|www\.|#\d|(?<!\w)gh-\d|(?<!\w)[0-9a-f]{7,40}(?!\w)|\$|:[a-z0-9_+-]+:/i;

/** Text outside a code span: its active characters as entities. */
const escaped = (text: string): string => text.replace(ACTIVE, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A word's quotes and brackets before it, and the punctuation after it that the sentence around it
 * adds (golive's `<name>: <change>`, `"<statement>":`, `(<note>)`, a list's `,`, a sentence's `.`):
 * kept outside the code span, so the span holds exactly the value (`s3://bucket`, not `s3://bucket:`)
 * while an ARN's own colons stay inside. A closing quote or bracket opened inside the value is the
 * value's (`AWS."arn:…"`), and so are the colons of a whole shortcode (`:ok:`). Every character is
 * still shown, in order.
 */
const LEAD = /^[("']*/;
const TRAIL: ReadonlySet<string> = new Set([":", ",", ".", ";", ")", '"', "'"]);
/** A shortcode opening the value: its closing colon is its own. */
const SHORTCODE = /^:[a-z0-9_+-]+:/i;

/** A word GitHub would act on, as a code span of its value between its punctuation (one pass: a hostile word can be long). */
function codeWord(word: string): string {
  const lead = LEAD.exec(word)?.[0] ?? "";
  const body = word.slice(lead.length);
  const counts = new Map<string, number>();
  for (const ch of body) if (ch === '"' || ch === "'" || ch === "(" || ch === ")") counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = (ch: string): number => counts.get(ch) ?? 0;
  const keep = SHORTCODE.exec(body)?.[0].length ?? 0;
  let end = body.length;
  for (; end > keep; end--) {
    const last = body[end - 1] ?? "";
    if (!TRAIL.has(last)) break;
    // A quote or bracket closing one opened inside the value is the value's.
    if ((last === '"' || last === "'") && n(last) % 2 === 0) break;
    if (last === ")" && n("(") >= n(")")) break;
    counts.set(last, n(last) - 1);
  }
  if (end === 0) return code(word);
  return `${escaped(lead)}${code(body.slice(0, end))}${escaped(body.slice(end))}`;
}

/** Running text from a plan: shown exactly, never interpreted (no HTML, links, images, @mentions, references or table cells). */
export function plain(text: string): string {
  return visible(text)
    .split(/(\s+)/)
    .map((word) => (ACTS_ON_ITS_OWN.test(word) ? codeWord(word) : escaped(word)))
    .join("");
}

/** A table cell: inline code whose pipes cannot end the cell (GFM splits rows on every unescaped `|`, code spans too). */
export function cell(text: string): string {
  return code(text).replace(/\|/g, "\\|");
}

/** A line inside a fenced code block: on one line, and unable to close the fence (backtick runs become quotes). */
export function fenced(text: string): string {
  return visible(text).replace(/`{3,}/g, (run) => "'".repeat(run.length));
}
