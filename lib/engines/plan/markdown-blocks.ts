/** Line helpers the report's Markdown is built with: appending, capping and folding lists of lines. */

/** Appends every list in order; a loop, since spreading 100,000 lines into push() overflows the stack. */
export function append(out: string[], ...lists: readonly (readonly string[])[]): void {
  for (const list of lists) for (const line of list) out.push(line);
}

/** The first `max` items rendered, then one line counting the rest. */
export function capped<T>(items: readonly T[], max: number, render: (t: T) => string): string[] {
  const lines = items.slice(0, max).map(render);
  if (items.length > max) lines.push(`- … and ${items.length - max} more`);
  return lines;
}

/** A <details> block: the summary shows, the body folds. */
export function fold(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>"];
}

/** The report's text of its lines: joined, whitespace trimmed from the end, one line end. */
export function joinLines(lines: readonly string[]): string {
  return `${lines.join("\n").trimEnd()}\n`;
}

/**
 * The length of joinLines(lines) with `each` applied to it, without joining them: `each` must work line
 * by line, as the Markdown redaction does (final-redaction.ts). A report of 250,000 flags is 76 million
 * characters the size limiter needs only the length of.
 */
export function joinedLength(lines: readonly string[], each: (text: string) => string = (t) => t): number {
  let last = lines.length - 1;
  while (last >= 0 && (lines[last] ?? "").trimEnd() === "") last--;
  if (last < 0) return 1;
  let n = last + 1;
  for (let i = 0; i < last; i++) n += each(lines[i] ?? "").length;
  return n + each((lines[last] ?? "").trimEnd()).length;
}
