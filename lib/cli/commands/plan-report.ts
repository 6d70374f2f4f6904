import { resolve } from "node:path";
import { visible } from "../../engines/plan/markdown-text";
import { DEFAULT_PLAN_DIR, expandPlanArgs } from "../../engines/plan/runner/files";
import { displayPath } from "../../core/display-path";
import { overlongName } from "../../core/path-safety";
import { shownPathArgument } from "../../core/shown-value";
import { hasSynthOutput, SynthOutputError } from "../../core/synth-output";
import { type ConfigDiffInputs, readConfigDiffInputs } from "../../engines/plan/runner/config-diff-files";
import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { type Command, EXIT, UsageError } from "../types";
import { PLAN_REPORT_OPTIONS, reportOptions } from "./plan-report-options";
import { reportPlans } from "./plan-report-output";

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
    "A --synth-dir given must be a folder golive synth wrote (holding manifest.json), else exit 2; with",
    "--failed-step (a review already incomplete, as after a failed synth) it may be missing or lack one.",
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
      throw new UsageError(`no such plan file or directory: ${missing.map(shownPathArgument).join(", ")}`);
    const failedSteps = parsed.repeated.get("failed-step") ?? [];
    if (files.length === 0 && failedSteps.length === 0 && configBase === undefined)
      throw new UsageError(`no *.json plan files in ${positionals.map(shownPathArgument).join(", ")}`);
    const options = reportOptions(parsed, io, resolve(io.cwd, "config"), "No report was written.", files, true);
    if (options === undefined) return EXIT.failure;
    let config: ConfigDiffInputs | undefined;
    if (configBase !== undefined) {
      const base = resolve(io.cwd, configBase);
      // A name no file system allows, cut short: the path itself would make the message as long as it is.
      const long = overlongName(base);
      if (long !== undefined) throw new UsageError(`--config-diff: ${long}`);
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
