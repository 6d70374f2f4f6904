import type { CliIo } from "../types";

/**
 * The lines of a refused plan on stderr (--updates-only, --release-only): one per change, then what it
 * means, `beyond` naming what the changes go beyond ("in-place updates").
 */
export function writeRefusals(io: CliIo, command: string, lines: readonly string[], beyond: string): void {
  for (const line of lines) io.stderr.write(`${line}\n`);
  const n = lines.length;
  if (n > 0)
    io.stderr.write(
      `golive ${command}: nothing may be applied: ${n} change${n === 1 ? "" : "s"} beyond ${beyond} (the report is for review only)\n`,
    );
}
