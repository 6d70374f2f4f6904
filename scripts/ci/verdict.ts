import { isRecord, items } from "../../lib/core/json";

/** What drift-verdict.ts prints and its exit code. */
export interface VerdictResult {
  readonly code: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * drift-verdict.ts without its process: the verdict on `golive plan-report --json` read by
 * `readStdin`; input that cannot be read or is no report is `error`, exit 1.
 */
export function driftVerdict(readStdin: () => string): VerdictResult {
  let report: unknown;
  try {
    report = JSON.parse(readStdin());
  } catch {
    report = undefined;
  }
  if (!isRecord(report) || !Array.isArray(report.stacks))
    return { code: 1, stdout: "error\n", stderr: "drift-verdict: stdin is not golive plan-report --json output\n" };
  const stacks = report.stacks.filter(isRecord);
  const changes = stacks.flatMap((s) => items(s.changes).filter(isRecord));
  const noise = changes.filter((c) => c.likelyDrift === true).length;
  const real = changes.length - noise + stacks.reduce((n, s) => n + items(s.outputs).length, 0);
  const broken = items(report.failures).length + stacks.filter((s) => s.errored === true).length;
  const verdict = broken > 0 ? "error" : real > 0 ? "drift" : noise > 0 ? "noise" : "clean";
  return {
    code: 0,
    stdout: `${verdict}\n`,
    stderr: `drift-verdict: ${real} change(s) to review, ${noise} provider-noise update(s), ${broken} stack(s) not planned\n`,
  };
}
