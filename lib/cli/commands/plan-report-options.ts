import { shownValue } from "../../core/shown-value";
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { ConfigError } from "../../config/errors";
import { DEFAULT_RULES_FILES, loadRiskRules } from "../../engines/plan/custom-rules";
import type { RiskRule } from "../../engines/plan/risks";
import type { Provenance } from "../../engines/plan";
import { lstatOrUndefined, realish } from "../../core/path-safety";
import { choice, type ParsedArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { checkNotInputs, outputFileFlag, synthDirFlag } from "../path-flags";
import { checkReadPath, type ReadPath, SYNTH_OUTPUT_DIR } from "../read-path-flags";
import { type CliIo, UsageError } from "../types";

/** The report flags of `golive plan-report` and `golive plan`: their help lines, and each read and judged. */

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
  "  --release-only          --updates-only, and exit 1 when an update does more than a release step: only",
  "                          a load balancer's default_pools, fallback_pool and random_steering and a pool's",
  "                          description and enabled may change (attributes the API computes may become",
  "                          known after apply), one line per other attribute on stderr: for rollback.yml,",
  "                          which applies with no pull request reviewed first",
  "  --commit SHA            the commit the plans are of, named in the header (default: $GITHUB_SHA)",
  "  --run-url URL           the CI run, linked in the header (default: from $GITHUB_SERVER_URL,",
  "                          $GITHUB_REPOSITORY and $GITHUB_RUN_ID)",
  "  --failed-step NAME      a CI step that failed for this commit (repeatable): the comment says the",
  "                          review is incomplete; with no plan files at all it is the whole comment",
  `  --risk-rules FILE       this repository's own risk rules (.json, .yaml or .yml; default:`,
  "                          .golive/risk-rules.json, .yaml or .yml when present; see docs/plan-review.md);",
  "                          a FILE given that is missing, no regular file (a folder, a named pipe) or named",
  "                          otherwise is a usage error (exit 2)",
  "  --digest FILE           also write each stack's plan digest (what plan-compare checks) as JSON to FILE",
];

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
      `--details-url: got ${shownValue(url)}, allowed: an https URL without spaces, control characters, ( ) < > \` or \\`,
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
    throw new UsageError(`--commit: got ${shownValue(commit)}, allowed: a commit SHA (7-40 lower-case hex digits)`);
  if (runUrl !== undefined && !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9._~/-]*$/.test(runUrl)) {
    throw new UsageError(`--run-url: got ${shownValue(runUrl)}, allowed: an https URL of a CI run`);
  }
  for (const step of failedSteps)
    if (!/^[A-Za-z0-9 ._()-]{1,60}$/.test(step))
      throw new UsageError(`--failed-step: got ${shownValue(step)}, allowed: a step name of letters, digits, spaces and . _ ( ) -`);
  if (commit === undefined && runUrl === undefined && failedSteps.length === 0) return undefined;
  return {
    ...(commit ? { commit } : {}),
    ...(runUrl ? { runUrl } : {}),
    generatedAt: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    failedSteps,
  };
}

const RULES_FILE: ReadPath = {
  kind: "file",
  allowed: "a .json, .yaml or .yml file of risk rules",
  extensions: DEFAULT_RULES_FILES.map((file) => extname(file)),
};

/**
 * The rules file to read: --risk-rules (a regular .json, .yaml or .yml file, else exit 2 naming the
 * flag), else the first default file present; undefined when none.
 */
function rulesFile(parsed: ParsedArgs, io: CliIo): { path: string; shown: string } | undefined {
  const given = parsed.values.get("risk-rules");
  if (given !== undefined) {
    const path = resolve(io.cwd, given);
    checkReadPath("risk-rules", path, RULES_FILE, io.cwd);
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

/** plan-report's --synth-dir on a review already incomplete: any folder, as a failed synth leaves one. */
const INCOMPLETE_REVIEW_SYNTH_DIR: ReadPath = {
  kind: "folder",
  allowed: "a folder golive synth wrote, such as cdktf.out (with --failed-step: missing, or a folder without manifest.json)",
};

/**
 * plan-report's --synth-dir, which it only reads: a folder golive synth wrote, as check, stacks and
 * outputs take their --dir (a path that is missing, no folder or holds no manifest.json is a typo, not
 * a review without construct paths). A review already incomplete (--failed-step) still renders when the
 * folder is missing or holds no synth output: CI posts it whatever failed before, a failed synth too.
 * `golive plan` judges its own --synth-dir, which it may synthesize into.
 */
function checkReadSynthDir(parsed: ParsedArgs, synthDir: string, cwd: string): void {
  if (!parsed.values.has("synth-dir")) return;
  if ((parsed.repeated.get("failed-step") ?? []).length === 0) checkReadPath("synth-dir", synthDir, SYNTH_OUTPUT_DIR, cwd);
  else if (lstatOrUndefined(synthDir) !== undefined) checkReadPath("synth-dir", synthDir, INCOMPLETE_REVIEW_SYNTH_DIR, cwd);
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
 * is what the caller says was not done ("No report was written."). `readsSynthDir`: --synth-dir is only
 * read (plan-report), so it is judged here as a read path.
 */
export function reportOptions(
  parsed: ParsedArgs,
  io: CliIo,
  configDir: string,
  nothing: string,
  inputs: readonly string[] = [],
  readsSynthDir = false,
): ReportOptions | undefined {
  const format = parsed.booleans.has("json") ? "json" : choice(parsed, "format", COMMAND_SPECS["plan-report"].choices.format, "markdown");
  const files: Partial<Record<(typeof WRITTEN_FLAGS)[number], string>> = {};
  // plan and plan-report both read the synth output from --synth-dir.
  const synthDir = synthDirFlag(parsed, "synth-dir", io.cwd);
  for (const flag of WRITTEN_FLAGS) {
    const file = outputFileFlag(parsed, flag, io.cwd, configDir, synthDir);
    if (file === undefined) continue;
    const twice = WRITTEN_FLAGS.find((other) => files[other] !== undefined && realish(files[other] as string) === realish(file));
    if (twice !== undefined) throw new UsageError(`--${flag}: the same file as --${twice}; give each its own file`);
    files[flag] = file;
  }
  if (readsSynthDir) checkReadSynthDir(parsed, synthDir, io.cwd);
  const rules = rulesFile(parsed, io);
  checkNotInputs(files, [...inputs, ...(rules ? [rules.path] : [])], io.cwd);
  const provenance = provenanceOf(parsed, io);
  const detailsUrl = detailsUrlOf(parsed);
  const risk = customRules(parsed, io, nothing);
  if (risk === undefined) return undefined;
  return {
    format,
    synthDir,
    ...(files.output ? { output: files.output } : {}),
    ...(files["full-report"] ? { fullReport: files["full-report"] } : {}),
    ...(files.digest ? { digest: files.digest } : {}),
    ...(detailsUrl !== undefined ? { detailsUrl } : {}),
    provenance,
    rules: risk,
  };
}
