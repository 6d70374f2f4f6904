import type { CliRun } from "../helpers/cli";

/**
 * What standard output holds after a failed `--json` run that printed no report (lib/cli/json-failure.ts):
 * one object repeating standard error without its `see:` pointer, and the exit code.
 */
export function failureJson(run: Pick<CliRun, "code" | "stderr">): string {
  const error = run.stderr
    .split("\n")
    .filter((line) => !line.startsWith("see: golive"))
    .join("\n")
    .trim();
  return `${JSON.stringify({ ok: false, error, exit: run.code }, null, 2)}\n`;
}
