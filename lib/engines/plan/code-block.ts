/**
 * A fenced code block for text from a plan (a suggested `moved` block naming its addresses): what is
 * inside is shown as written, never rendered, and no line of it can close the block.
 */
import { largest } from "../../core/plan/extremes";
import { visible } from "./markdown-text";

/** The longest run of backticks in a text (0 when it has none). */
function longestBacktickRun(text: string): number {
  return largest(
    Array.from(text.matchAll(/`+/g), (m) => m[0].length),
    0,
  );
}

/**
 * The lines of a fenced block: a fence longer than any backtick run inside, so only the closing fence
 * ends it (CommonMark 0.31, 4.5: a closing fence has at least as many backticks as the opening one);
 * each line with its control and bidi characters shown as escapes, so a line break from a plan cannot
 * add lines. `indent` sets the block under a list item.
 */
export function codeBlockLines(lines: readonly string[], language: string, indent = ""): string[] {
  const shown = lines.map(visible);
  const fence = "`".repeat(
    largest(
      shown.map((l) => longestBacktickRun(l) + 1),
      3,
    ),
  );
  return [`${indent}${fence}${language}`, ...shown.map((l) => `${indent}${l}`), `${indent}${fence}`];
}
