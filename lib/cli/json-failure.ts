import type { CommandSpec } from "./command-specs";
import type { CliIo, ExitCode } from "./io";
import { EXIT } from "./io";

/**
 * The one rule for `--json` on failure, for every command that takes it: a run that exits 1 or 2 and
 * printed nothing on standard output (no report, no JSON) prints one object there,
 * `{"ok": false, "error": "<what standard error said>", "exit": N}`, so a script reading stdout always
 * gets JSON. Standard error keeps its human lines. A command that printed its report (check's
 * blockers, a release's `{"ok": false, ...}` with the environment) or wrote it to --output gets none.
 */

/** The most of standard error one failure object repeats (a terraform failure can print pages). */
const MAX_ERROR_CHARS = 64 * 1024;

/** Whether `args` ask `spec`'s command for JSON: `--json`, `--format json` or `--format=json`, before any `--`. */
export function asksForJson(spec: CommandSpec | undefined, args: readonly string[]): boolean {
  if (!(spec?.flags.booleans ?? []).includes("json")) return false;
  // No flag takes a value starting with `--` (parseArgs), so `--json` here is always the flag.
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") return false;
    if (arg === "--json" || arg === "--format=json" || (arg === "--format" && args[i + 1] === "json")) return true;
  }
  return false;
}

/** What one run has printed so far, as far as its failure object needs to know. */
export class RunOutput {
  private printed = false;
  private errorText = "";

  stdout(text: string): void {
    if (text.length > 0) this.printed = true;
  }

  /** The report went to a file instead of standard output (reportFiled). */
  filed(): void {
    this.printed = true;
  }

  stderr(text: string): void {
    if (this.errorText.length < MAX_ERROR_CHARS) this.errorText = (this.errorText + text).slice(0, MAX_ERROR_CHARS);
  }

  /** The failure object for `code`, or undefined when none is due (success, or something was printed). */
  failureObject(command: string, code: ExitCode): string | undefined {
    if ((code !== EXIT.failure && code !== EXIT.usage) || this.printed) return undefined;
    // The `see: golive <command> --help` pointer is for a person; the message is what a script needs.
    const error =
      this.errorText
        .split("\n")
        .filter((line) => !line.startsWith("see: golive"))
        .join("\n")
        .trim() || `golive ${command}: failed`;
    return failureJson(error, code);
  }
}

/**
 * The failure object as printed: `where` (release's and preflight's environment, release's action)
 * between `ok` and `error`, so every command's object has one shape.
 */
export function failureJson(error: string, exit: ExitCode, where: Readonly<Record<string, string>> = {}): string {
  return `${JSON.stringify({ ok: false, ...where, error, exit }, null, 2)}\n`;
}

const runs = new WeakMap<NodeJS.WritableStream, RunOutput>();

/** Ties `output` to the standard output stream a run's commands get (main.ts). */
export function trackRun(stdout: NodeJS.WritableStream, output: RunOutput): void {
  runs.set(stdout, output);
}

/** The report went to an --output file instead of standard output: it is what the run printed. */
export function reportFiled(io: Pick<CliIo, "stdout">): void {
  runs.get(io.stdout)?.filed();
}
