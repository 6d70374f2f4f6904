import type { ReleaseOutput, ReleaseResult } from "../../engines/release/report";
import type { WatchProgress } from "../../engines/release/watch-log";
import { type CliIo, EXIT, type ExitCode } from "../types";

// How `golive release` prints what the release engine returns, and the exit code it picks: the engine
// returns data and prints nothing (lib/README.md).

function writeLines(io: CliIo, lines: readonly string[]): void {
  io.stdout.write(`${lines.join("\n")}\n`);
}

function writeOutput(io: CliIo, output: ReleaseOutput): void {
  if ("json" in output) io.stdout.write(`${JSON.stringify(output.json, null, 2)}\n`);
  else writeLines(io, output.lines);
}

/** `golive release <what>: <error>` on stderr. */
function writeError(io: CliIo, what: string, error: string | undefined): void {
  if (error !== undefined) io.stderr.write(`golive release ${what}: ${error}\n`);
}

const exitCode = (result: ReleaseResult): ExitCode => (result.ok ? EXIT.ok : EXIT.failure);

/** A change, a dry run or the status: the report, then what failed (a pool PATCH after the traffic moved). */
export function printResult(io: CliIo, what: string, result: ReleaseResult): ExitCode {
  writeOutput(io, result.output);
  writeError(io, what, result.error);
  return exitCode(result);
}

/** The watch's progress lines, printed as they come. */
export function watchProgress(io: CliIo): WatchProgress {
  return (lines) => writeLines(io, lines);
}

/**
 * The end of a watch: what stopped it first, so its last line on a terminal is `result: <outcome>;
 * <claim>` (release.yml's commit quotes that line of stdout).
 */
export function printWatchEnd(io: CliIo, result: ReleaseResult): ExitCode {
  writeError(io, "promote --watch", result.error);
  writeOutput(io, result.output);
  return exitCode(result);
}
