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
