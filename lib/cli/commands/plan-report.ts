import { existsSync } from "node:fs";
import { code, visible } from "../../engines/plan/markdown-text";
import { resolve } from "node:path";
import { ConfigError } from "../../config/errors";
import { DEFAULT_RULES_FILES, loadRiskRules } from "../../engines/plan/custom-rules";
import type { RiskRule } from "../../engines/plan/risks";
import { type BeyondUpdate, PlanInputErrors, type Provenance, renderPlanReport } from "../../engines/plan";
import { safeJson } from "../../core/safe-json";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { DEFAULT_PLAN_DIR, DEFAULT_SYNTH_DIR, expandPlanArgs, type PlanFiles, readPlanInputs } from "../../engines/plan/runner/files";
import { displayPath } from "../../core/display-path";
import { hasSynthOutput, SynthOutputError } from "../../core/synth-output";
import { isConfigReviewed } from "../../engines/plan/config-diff";
import { type ConfigDiffInputs, readConfigDiffInputs } from "../../engines/plan/runner/config-diff-files";
import { realish } from "../../core/path-safety";
import { choice, type ParsedArgs, parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { checkNotInputs, outputFileFlag } from "../path-flags";
import { type CliIo, type Command, EXIT, type ExitCode, UsageError } from "../types";

export const PLAN_REPORT_OPTIONS = [
  "  --format markdown|json  output format (default markdown; --json is the same as --format json, and",
  "                          --json with --format markdown is a usage error)",
  "  --synth-dir DIR         synthesized stacks, for construct paths (default: cdktf.out, when present)",
  "  --output FILE           write the comment (or JSON) to FILE instead of stdout",
  "  --full-report FILE      also write the whole Markdown report to FILE (the comment points to it when",
  "                          it has to be a summary)",
  "                          (--output, --full-report and --digest: an existing FILE is replaced only when",
  "                          it is empty or, as a whole, a report golive wrote (its Markdown from golive's",
  "                          first comment line to its digest line, its JSON in golive's shape), never",
  "                          inside .git, the config folder or the synth output folder (--synth-dir, which",
  "                          golive synth replaces), never a file the command reads (a plan, the",
  "                          rules file); its folder must exist, or be inside the working directory; checked",
  "                          before anything is read or planned, exit 2)",
  "  --details-url URL       where readers find the full report (e.g. the CI run's artifacts), linked from a",
  "                          comment cut to a summary: an https URL without spaces, control characters,",
  "                          ( ) < > ` or \\",
  "  --fail-on-risk          exit 1 when any risk flag is raised",
  "  --updates-only          exit 1 when any plan would create, destroy, replace, import or forget a managed",
  "                          resource, one line each on stderr (in-place updates, reads, no-ops and `moved`",
  "                          renames pass): for a plan that must only update in place, as a rollback's. The",
  "                          report is still written, for review; nothing of it may be applied",
  "  --commit SHA            the commit the plans are of, named in the header (default: $GITHUB_SHA)",
  "  --run-url URL           the CI run, linked in the header (default: from $GITHUB_SERVER_URL,",
  "                          $GITHUB_REPOSITORY and $GITHUB_RUN_ID)",
  "  --failed-step NAME      a CI step that failed for this commit (repeatable): the comment says the",
  "                          review is incomplete; with no plan files at all it is the whole comment",
  `  --risk-rules FILE       this repository's own risk rules (.json, .yaml or .yml; default:`,
  "                          .golive/risk-rules.json, .yaml or .yml when present; see docs/plan-review.md)",
  "  --digest FILE           also write each stack's plan digest (what plan-compare checks) as JSON to FILE",
];

const CONFIG_DIFF_OPTION = [
  "  --config-diff DIR       review the edge-* and monitoring-* stacks (their state holds secrets, so pull",
  "                          requests cannot plan them) as a configuration diff: DIR's synthesized stacks",
  "                          (the base, e.g. the default branch's cdktf.out) against --synth-dir's (the head),",
  "                          shaped as a plan, with the same risk flags; their plan files, if any, are left",
  "                          out. No live state: drift is not shown. The digest line also records the sha256",
  "                          of each head stack's configuration (`config`), which `plan-compare --config-stack`",
  "                          checks at deploy. Both folders need a manifest.json (exit 2)",
];

export const planReportCommand: Command = {
  name: "plan-report",
  summary: "Review `terraform show -json` plans: risks first, construct paths, one PR comment",
  usage: [
    "Usage: golive plan-report [<plan.json|dir>...] [options]",
    "",
    "Reads the JSON of each stack's plan (`terraform show -json <planfile>`, one file per stack, named",
    `<stack>.json; default: every *.json in ${DEFAULT_PLAN_DIR}/) and prints a Markdown review for a PR comment:`,
    "per stack the counts by action; destroys and replaces first; risk flags (DMARC weakened, SPF widened,",
    "DKIM removed, SSL/TLS lowered, HSTS off, WAF or rate limit loosened, Access widened, load-balancer",
    "weights moved, secrets or KMS keys scheduled for deletion, protected resources destroyed); each change",
    "with its cdktf construct path; output changes; known Cloudflare v5 drift. Sensitive values are never",
    "printed. Over GitHub's 65,536-character limit the comment becomes a summary pointing to the full report.",
    "The comment ends with each stack's plan digest (an HTML comment GitHub does not show), which",
    "`golive plan-compare` checks before the deploy applies. Other JSON files in a plan directory (no",
    "format_version or resource_changes) are skipped with a line on stderr; a file named on the command",
    "line must be a plan.",
    "Exit 0 reported, 1 unreadable or invalid plan or rules file (nothing written), a plan that errored,",
    "a stack not planned, (--fail-on-risk) a risk flag or (--updates-only) a change beyond in-place",
    "updates, 2 usage.",
    "",
    "Options:",
    ...PLAN_REPORT_OPTIONS,
    ...CONFIG_DIFF_OPTION,
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS["plan-report"].flags);
    const configBase = parsed.values.get("config-diff");
    // With --config-diff alone, the configuration diffs are the whole review.
    const positionals = parsed.positionals.length > 0 ? parsed.positionals : configBase === undefined ? [DEFAULT_PLAN_DIR] : [];
    const { files, missing, listed } = expandPlanArgs(io.cwd, positionals);
    if (missing.length > 0 && (parsed.repeated.get("failed-step") ?? []).length === 0)
      throw new UsageError(`no such plan file or directory: ${missing.join(", ")}`);
    const failedSteps = parsed.repeated.get("failed-step") ?? [];
    if (files.length === 0 && failedSteps.length === 0 && configBase === undefined)
      throw new UsageError(`no *.json plan files in ${positionals.join(", ")}`);
    const options = reportOptions(parsed, io, resolve(io.cwd, "config"), "No report was written.", files);
    if (options === undefined) return EXIT.failure;
    let config: ConfigDiffInputs | undefined;
    if (configBase !== undefined) {
      const base = resolve(io.cwd, configBase);
      if (!hasSynthOutput(base))
        throw new UsageError(`--config-diff: ${configBase} holds no synth output (no manifest.json); synthesize the base into it first`);
      if (!hasSynthOutput(options.synthDir))
        throw new UsageError(
          `--config-diff: the head, --synth-dir ${displayPath(io.cwd, options.synthDir)}, holds no synth output (no manifest.json); run golive synth`,
        );
      try {
        config = readConfigDiffInputs(io.cwd, base, options.synthDir);
      } catch (err) {
        if (!(err instanceof SynthOutputError)) throw err;
        io.stderr.write(`${visible(err.describe(io.cwd))}\nNo report was written.\n`);
        return EXIT.failure;
      }
    }
    return (await reportPlans(files, options, parsed, io, listed, "plan-report", config)).code;
  },
};

const SHA = /^[0-9a-f]{7,40}$/;

/**
 * --details-url becomes a Markdown link destination: printable ASCII only (no space, control, bidi or
 * other invisible character), and none of the characters that could end the destination, open an HTML
 * tag or a code span, or escape what follows.
 */
const DETAILS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?([/?#][!-~]*)?$/;
const BREAKS_LINK = /[()<>`\\]/;

/** The --details-url to link, refused (exit 2) unless DETAILS_URL allows it. */
function detailsUrlOf(parsed: ParsedArgs): string | undefined {
  const url = parsed.values.get("details-url");
  if (url !== undefined && (!DETAILS_URL.test(url) || BREAKS_LINK.test(url)))
    throw new UsageError(
      `--details-url: got ${JSON.stringify(url)}, allowed: an https URL without spaces, control characters, ( ) < > \` or \\`,
    );
  return url;
}

/** Commit, run and time from flags or the GitHub Actions environment; refused when malformed (they reach the comment). */
function provenanceOf(parsed: ParsedArgs, io: CliIo): Provenance | undefined {
  const failedSteps = parsed.repeated.get("failed-step") ?? [];
  const commit = parsed.values.get("commit") ?? io.env.GITHUB_SHA;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = io.env;
  const runUrl = parsed.values.get("run-url") ?? (server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined);
  if (commit !== undefined && !SHA.test(commit))
    throw new UsageError(`--commit: got "${commit}", allowed: a commit SHA (7-40 lower-case hex digits)`);
  if (runUrl !== undefined && !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9._~/-]*$/.test(runUrl)) {
    throw new UsageError(`--run-url: got "${runUrl}", allowed: an https URL of a CI run`);
  }
  for (const step of failedSteps)
    if (!/^[A-Za-z0-9 ._()-]{1,60}$/.test(step))
      throw new UsageError(`--failed-step: got "${step}", allowed: a step name of letters, digits, spaces and . _ ( ) -`);
  if (commit === undefined && runUrl === undefined && failedSteps.length === 0) return undefined;
  return {
    ...(commit ? { commit } : {}),
    ...(runUrl ? { runUrl } : {}),
    generatedAt: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    failedSteps,
  };
}

/** The rules file to read: --risk-rules, else the first default file present; undefined when none. */
function rulesFile(parsed: ParsedArgs, io: CliIo): { path: string; shown: string } | undefined {
  const given = parsed.values.get("risk-rules");
  if (given !== undefined) {
    const path = resolve(io.cwd, given);
    if (!existsSync(path)) throw new UsageError(`--risk-rules: no such file: ${given}`);
    return { path, shown: given };
  }
  for (const shown of DEFAULT_RULES_FILES) if (existsSync(resolve(io.cwd, shown))) return { path: resolve(io.cwd, shown), shown };
  return undefined;
}

/** The repository's risk rules, or undefined (reported) when the file is invalid. */
function customRules(parsed: ParsedArgs, io: CliIo, nothing: string): RiskRule[] | undefined {
  const file = rulesFile(parsed, io);
  if (!file) return [];
  try {
    return loadRiskRules(file.path, file.shown);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`${err.message}\n${nothing}\n`);
    return undefined;
  }
}

/** The report flags, read and judged before any plan is read or made. */
export interface ReportOptions {
  readonly format: "markdown" | "json";
  readonly synthDir: string;
  /** Files to write, resolved (each judged by outputFileProblem). */
  readonly output?: string;
  readonly fullReport?: string;
  readonly digest?: string;
  readonly detailsUrl?: string;
  readonly provenance: Provenance | undefined;
  readonly rules: readonly RiskRule[];
}

const WRITTEN_FLAGS = ["output", "full-report", "digest"] as const;

/**
 * Every report flag, judged at once so that a bad one costs nothing: a bad value throws (exit 2, nothing
 * read, planned or written); an invalid rules file is reported and gives undefined (exit 1). `nothing`
 * is what the caller says was not done ("No report was written.").
 */
export function reportOptions(
  parsed: ParsedArgs,
  io: CliIo,
  configDir: string,
  nothing: string,
  inputs: readonly string[] = [],
): ReportOptions | undefined {
  const format = parsed.booleans.has("json") ? "json" : choice(parsed, "format", ["markdown", "json"] as const, "markdown");
  const files: Partial<Record<(typeof WRITTEN_FLAGS)[number], string>> = {};
  // plan and plan-report both read the synth output from --synth-dir.
  const synthDir = resolve(io.cwd, parsed.values.get("synth-dir") ?? DEFAULT_SYNTH_DIR);
  for (const flag of WRITTEN_FLAGS) {
    const file = outputFileFlag(parsed, flag, io.cwd, configDir, synthDir);
    if (file === undefined) continue;
    const twice = WRITTEN_FLAGS.find((other) => files[other] !== undefined && realish(files[other] as string) === realish(file));
    if (twice !== undefined) throw new UsageError(`--${flag}: the same file as --${twice}; give each its own file`);
    files[flag] = file;
  }
  const rules = rulesFile(parsed, io);
  checkNotInputs(files, [...inputs, ...(rules ? [rules.path] : [])], io.cwd);
  const provenance = provenanceOf(parsed, io);
  const detailsUrl = detailsUrlOf(parsed);
  const risk = customRules(parsed, io, nothing);
  if (risk === undefined) return undefined;
  return {
    format,
    synthDir: resolve(io.cwd, parsed.values.get("synth-dir") ?? DEFAULT_SYNTH_DIR),
    ...(files.output ? { output: files.output } : {}),
    ...(files["full-report"] ? { fullReport: files["full-report"] } : {}),
    ...(files.digest ? { digest: files.digest } : {}),
    ...(detailsUrl !== undefined ? { detailsUrl } : {}),
    provenance,
    rules: risk,
  };
}

export interface ReportOutcome {
  readonly code: ExitCode;
  /** Some plan changes a resource or an output (what terraform's -detailed-exitcode reports as 2). */
  readonly changesPresent: boolean;
  /** --updates-only found a change beyond in-place updates: nothing of these plans may be applied. */
  readonly refused: boolean;
}

/** One line per change --updates-only refuses, then what it means; stack and address are already redacted. */
function reportRefusals(refused: readonly BeyondUpdate[], command: string, io: CliIo): void {
  for (const r of refused)
    io.stderr.write(
      `golive ${command}: ${visible(r.stack)}: ${visible(r.address)} ${r.action}; --updates-only allows in-place updates only\n`,
    );
  const n = refused.length;
  io.stderr.write(
    `golive ${command}: nothing may be applied: ${n} change${n === 1 ? "" : "s"} beyond in-place updates (the report is for review only)\n`,
  );
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
  let read: PlanFiles;
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
  const text = format === "json" ? rendered.json : rendered.comment;
  const label = (file: string) => ({ label: displayPath(io.cwd, file) });
  if (fullPath) writeFileAtomic(fullPath, rendered.fullMarkdown, label(fullPath));
  // JSON files escape what stdout's printable stream escapes (lib/core/safe-json.ts).
  if (digest) writeFileAtomic(digest, safeJson(`${JSON.stringify(rendered.record, null, 2)}\n`), label(digest));
  if (output) writeFileAtomic(output, format === "json" ? safeJson(text) : text, label(output));
  else io.stdout.write(text);
  const changesPresent = rendered.report.stacks.some((st) => st.changes.length > 0 || st.outputs.length > 0);
  // Named whatever else fails below: a refused change is what an operator must know first.
  const refused = parsed.booleans.has("updates-only") && rendered.beyondUpdates.length > 0;
  if (refused) reportRefusals(rendered.beyondUpdates, command, io);
  const outcome = (code: ExitCode): ReportOutcome => ({ code, changesPresent, refused });
  const failedSteps = rendered.report.provenance?.failedSteps ?? [];
  if (failedSteps.length > 0) {
    io.stderr.write(`plan-report: incomplete review: ${failedSteps.join(", ")} failed\n`);
    return outcome(EXIT.failure);
  }
  const errored = rendered.report.stacks.filter((s) => s.errored);
  if (read.failures.length > 0) {
    io.stderr.write(`plan-report: not planned: ${read.failures.map((f) => f.stack).join(", ")}\n`);
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
