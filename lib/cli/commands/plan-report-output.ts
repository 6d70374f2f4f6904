import { code, visible } from "../../engines/plan/markdown-text";
import { type BeyondUpdate, PlanInputErrors, renderPlanReport } from "../../engines/plan";
import { safeJson } from "../../core/safe-json";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { type PlanFiles, readPlanInputs } from "../../engines/plan/runner/files";
import { displayPath } from "../../core/display-path";
import { isConfigReviewed } from "../../engines/plan/config-diff";
import type { ConfigDiffInputs } from "../../engines/plan/runner/config-diff-files";
import type { ParsedArgs } from "../args";
import { type CliIo, EXIT, type ExitCode } from "../types";
import type { ReportOptions } from "./plan-report-options";
import { reportBeyondRelease } from "./release-only";
import { writeRefusals } from "./refusal-lines";
import { reportFiled } from "../json-failure";

export interface ReportOutcome {
  readonly code: ExitCode;
  /** Some plan changes a resource or an output (what terraform's -detailed-exitcode reports as 2). */
  readonly changesPresent: boolean;
  /** --updates-only (or --release-only) found a change it refuses: nothing of these plans may be applied. */
  readonly refused: boolean;
}

/** One line per change --updates-only refuses, then what it means; stack and address are already redacted. */
function reportRefusals(refused: readonly BeyondUpdate[], command: string, io: CliIo): void {
  const lines = refused.map(
    (r) => `golive ${command}: ${visible(r.stack)}: ${visible(r.address)} ${r.action}; --updates-only allows in-place updates only`,
  );
  writeRefusals(io, command, lines, "in-place updates");
}

/**
 * Where a comment cut to a summary sends readers for the whole report, as Markdown: a link to
 * --details-url (checked by detailsUrlOf to be a destination nothing can break out of, so it stays
 * clickable), else the --full-report file, else the command that prints it; paths are escaped.
 */
export function reportPointer(options: Pick<ReportOptions, "detailsUrl" | "fullReport">, files: readonly string[], cwd: string): string {
  if (options.detailsUrl !== undefined) return `[full report](${options.detailsUrl})`;
  if (options.fullReport !== undefined) return code(displayPath(cwd, options.fullReport));
  return `run ${code(`npx golive plan-report ${files.map((f) => displayPath(cwd, f)).join(" ")}`)} for the whole report`;
}

/**
 * The plans with the configuration diffs in: a plan or failure record of a stack reviewed as a
 * configuration diff is left out, saying so (pull requests never plan those stacks: such a file is
 * another run's, or forged).
 */
function withConfigDiffs(read: PlanFiles, config: ConfigDiffInputs, io: CliIo): PlanFiles {
  const diffed = new Set(config.inputs.map((i) => i.stack));
  for (const stack of new Set([...read.inputs, ...read.failures].map((i) => i.stack).filter((s) => isConfigReviewed(s))))
    io.stderr.write(
      `plan-report: ${visible(stack)}: its plan file is left out: the stack is reviewed as a configuration diff (--config-diff)\n`,
    );
  return {
    ...read,
    inputs: [...read.inputs.filter((i) => !isConfigReviewed(i.stack) && !diffed.has(i.stack)), ...config.inputs],
    failures: read.failures.filter((f) => !isConfigReviewed(f.stack) && !diffed.has(f.stack)),
  };
}

/** Renders and writes the report of `files` as the flags say; shared with `golive plan` (`command` names it in messages). */
export async function reportPlans(
  files: readonly string[],
  options: ReportOptions,
  parsed: ParsedArgs,
  io: CliIo,
  listed: ReadonlySet<string> = new Set(),
  command: "plan" | "plan-report" = "plan-report",
  config?: ConfigDiffInputs,
): Promise<ReportOutcome> {
  const failed = { code: EXIT.failure, changesPresent: false, refused: false } as const;
  const { format, synthDir, output, digest, provenance, rules } = options;
  let read: PlanFiles | undefined;
  try {
    read = readPlanInputs(io.cwd, files, synthDir, listed);
  } catch (err) {
    if (!(err instanceof PlanInputErrors)) throw err;
    io.stderr.write(`${err.message}\nNo report was written.\n`);
    return failed;
  }
  for (const s of read.skipped) io.stderr.write(`plan-report: skipped ${visible(s.file)}: ${s.reason}\n`);
  if (config) read = withConfigDiffs(read, config, io);
  if (read.inputs.length === 0 && read.failures.length === 0 && (provenance?.failedSteps.length ?? 0) === 0) {
    io.stderr.write("plan-report: no plan among the files given; nothing to report\n");
    return failed;
  }
  const fullPath = options.fullReport;
  const rendered = renderPlanReport(read.inputs, reportPointer(options, files, io.cwd), undefined, read.failures, provenance, {
    customRules: rules,
    ...(config ? { configDigests: config.digests } : {}),
  });
  // The plans are read again only for --release-only: not held while the report renders (250,000 changes: 180 MB).
  const releaseOnly = parsed.booleans.has("release-only");
  const { failures } = read;
  const releaseInputs = releaseOnly ? read.inputs : [];
  read = undefined;
  const label = (file: string) => ({ label: displayPath(io.cwd, file) });
  // The full report first: the comment reuses its Markdown, which it would not keep (index.ts).
  if (fullPath) writeFileAtomic(fullPath, rendered.fullMarkdown, label(fullPath));
  const text = format === "json" ? rendered.json : rendered.comment;
  // JSON files escape what stdout's printable stream escapes (lib/core/safe-json.ts).
  if (digest) writeFileAtomic(digest, safeJson(`${JSON.stringify(rendered.record, null, 2)}\n`), label(digest));
  if (output) {
    writeFileAtomic(output, format === "json" ? safeJson(text) : text, label(output));
    reportFiled(io);
  } else io.stdout.write(text);
  const changesPresent = rendered.report.stacks.some((st) => st.changes.length > 0 || st.outputs.length > 0);
  // Named whatever else fails below: a refused change is what an operator must know first.
  // --release-only implies --updates-only: a release step updates in place, and only its attributes.
  const beyondUpdates = (releaseOnly || parsed.booleans.has("updates-only")) && rendered.beyondUpdates.length > 0;
  if (beyondUpdates) reportRefusals(rendered.beyondUpdates, command, io);
  const refused = (releaseOnly && reportBeyondRelease(releaseInputs, command, io) > 0) || beyondUpdates;
  const outcome = (code: ExitCode): ReportOutcome => ({ code, changesPresent, refused });
  const failedSteps = rendered.report.provenance?.failedSteps ?? [];
  if (failedSteps.length > 0) {
    io.stderr.write(`plan-report: incomplete review: ${failedSteps.join(", ")} failed\n`);
    return outcome(EXIT.failure);
  }
  const errored = rendered.report.stacks.filter((s) => s.errored);
  if (failures.length > 0) {
    io.stderr.write(`plan-report: not planned: ${failures.map((f) => f.stack).join(", ")}\n`);
    return outcome(EXIT.failure);
  }
  if (errored.length > 0) {
    io.stderr.write(`plan-report: Terraform reported errors in the plan of ${errored.map((s) => s.stack).join(", ")}: incomplete\n`);
    return outcome(EXIT.failure);
  }
  if (refused) return outcome(EXIT.failure);
  if (parsed.booleans.has("fail-on-risk") && rendered.report.riskCount > 0) {
    io.stderr.write(`plan-report: ${rendered.report.riskCount} risk flag(s) raised\n`);
    return outcome(EXIT.failure);
  }
  return outcome(EXIT.ok);
}
