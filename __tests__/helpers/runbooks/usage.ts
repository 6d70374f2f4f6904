/**
 * Subcommands a command accepts, read from its usage text (the one place they are written down):
 *  - the indented lines under a `Subcommands:` heading, first word each (until a blank line);
 *  - in the header (lines before the first blank line), `golive <name> <word>` with a literal
 *    lower-case word, including `a|b|c` alternatives.
 * An empty result means the command takes no subcommand (the next word is a positional argument).
 */
export function subcommandsFromUsage(name: string, usage: string): string[] {
  const out = new Set<string>();
  const lines = usage.split("\n");
  const heading = lines.findIndex((l) => /^\s*Subcommands:\s*$/.test(l));
  if (heading >= 0) {
    for (const line of lines.slice(heading + 1)) {
      if (line.trim() === "") break;
      const word = /^\s+([a-z][a-z0-9-]*)\b/.exec(line)?.[1];
      if (word) out.add(word);
    }
  }
  const header = lines.slice(
    0,
    Math.max(
      1,
      lines.findIndex((l) => l.trim() === ""),
    ),
  );
  const re = new RegExp(`\\bgolive ${name} ([a-z][a-z0-9-]*(?:\\|[a-z][a-z0-9-]*)*)(?=[\\s\\]]|$)`, "g");
  for (const line of header) {
    for (const m of line.matchAll(re)) for (const w of (m[1] ?? "").split("|")) out.add(w);
  }
  return [...out];
}

/** Long flags (`--now`) a usage text mentions. */
export function flagsFromUsage(usage: string): string[] {
  return [...new Set([...usage.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
}
