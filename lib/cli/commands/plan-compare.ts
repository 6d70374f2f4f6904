import { existsSync } from "node:fs";
import { synthDirFlag } from "../path-flags";
import { resolve } from "node:path";
import { displayPath } from "../../core/display-path";
import { BoundedReadError, readBoundedText } from "../../core/bounded-read";
import { REDACTED, redact } from "../../core/redact";
import { shownPathArgument, shownValue } from "../../core/shown-value";
import type { ChangeDigest } from "../../core/plan/digest";
import { redactReportText } from "../../core/plan/redact-values";
import { REDACTED_VALUE } from "../../core/plan/redacted-value";
import { PlanInputErrors } from "../../engines/plan";
import { type CompareResult, compareWithReview, type FlagChanges, type RemovedFlag, type StackVerdict } from "../../engines/plan/compare";
import type { DigestedFlag } from "../../engines/plan/review-digest";
import { visible } from "../../engines/plan/markdown-text";
import { NO_SCRUB, nameScrub } from "../../engines/plan/scrub";
import { findReviewRecord, type ReviewRecord, ReviewRecordError } from "../../engines/plan/review-record";
import { DEFAULT_PLAN_DIR, expandPlanArgs, type PlanFiles, readPlanInputs } from "../../engines/plan/runner/files";
import { findSynthesizedStack, readStackJson, SynthOutputError } from "../../core/synth-output";
import { isConfigReviewed } from "../../engines/plan/config-diff";
import { compareConfig, type ConfigVerdict, configDigest } from "../../engines/plan/config-digest";
import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { checkReadPath, SYNTH_OUTPUT_DIR } from "../read-path-flags";
import { type Command, EXIT, UsageError } from "../types";

/** A PR comment is at most 65,536 characters; a `plan-report --json` file with its record can be larger. */
const MAX_REVIEW_BYTES = 64 * 1024 * 1024;
/** Addresses listed per kind of difference before "and N more". */
const MAX_LISTED = 50;

/** Text from a plan, for a terminal or CI log: one line, controls shown, credentials redacted, cut as the report cuts a name. */
const shown: (text: string) => string = (() => {
  const name = nameScrub(NO_SCRUB);
  return (text) =>
    redact(redactReportText(visible(name(text))))
      .split(REDACTED)
      .join(REDACTED_VALUE);
})();

/** Why nothing was compared: one line per problem, as plan-report prints them (a line break in a problem is shown, not obeyed). */
function problemLines(err: ReviewRecordError | PlanInputErrors | SynthOutputError, cwd: string): string {
  if (err instanceof ReviewRecordError) return err.problems.map(shown).join("\n");
  if (err instanceof PlanInputErrors) return err.errors.flatMap((e) => e.problems.map((p) => shown(`${e.file}: ${p}`))).join("\n");
  return shown(err.describe(cwd));
}

function list(label: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  const lines = items.slice(0, MAX_LISTED).map((a) => `    ${shown(a)}`);
  if (items.length > MAX_LISTED) lines.push(`    … and ${items.length - MAX_LISTED} more`);
  return [`  ${label} (${items.length}):`, ...lines];
}

const named = (changes: readonly ChangeDigest[]): string[] => changes.map((c) => `${c.address} (${c.action})`);

const addedFlag = (f: DigestedFlag): string => `${f.rule} (${f.title}) on ${f.address}: ${f.detail}`;
const removedFlag = (f: RemovedFlag): string => `${f.rule}${f.title ? ` (${f.title})` : ""}${f.address ? ` on ${f.address}` : ""}`;

/**
 * Every change is as reviewed, yet the flags read otherwise: which flags differ, and why that happens
 * and what to do, one line each (docs/plan-review.md, "Reviewed is applied": the review runs the default
 * branch's golive, pr-review.yml; the deploy the merged commit's, deploy-environment.yml).
 */
function flagLines(changes: FlagChanges | undefined): string[] {
  return [
    "  every change is as reviewed, but the risk flags read differently:",
    ...(changes
      ? [
          ...list("flags the review did not show", changes.added.map(addedFlag)),
          ...list("flags the review showed, not raised now", changes.removed.map(removedFlag)),
        ]
      : ["  the review's record does not list its flags (an earlier golive wrote it): compare with the flags its comment shows"]),
    "  why: what the flags read beyond the changes differs (a pool's name, who uses a policy document), or golive's own rules read otherwise: the review ran the default branch's golive, this deploy runs the merged commit's",
    '  fix: open a pull request (any change rebased on main) and merge it: its review runs the golive its deploy runs and shows what the plan does now; see docs/plan-review.md ("Reviewed is applied")',
  ];
}

function verdictLines(v: StackVerdict, review: string, why: string): string[] {
  const stack = shown(v.stack);
  switch (v.status) {
    case "same":
      return [`${stack}: same as the review ${review} (${v.changes} change${v.changes === 1 ? "" : "s"}): may be applied`];
    case "no-changes":
      return [
        `${stack}: no changes${v.reviewedChanges ? ` (the review had ${v.reviewedChanges}: already applied?)` : ""}: nothing to apply`,
      ];
    case "errored":
      return [`${stack}: REFUSED: Terraform reported errors while planning: the plan is incomplete`];
    case "not-reviewed":
      return [`${stack}: REFUSED: ${v.changes.length} change(s) no review covers (${why})`, ...list("not reviewed", named(v.changes))];
    case "differs":
      return [
        `${stack}: REFUSED: the plan differs from the review ${review}`,
        ...(v.perChange
          ? [
              ...list("changed since the review", named(v.changed)),
              ...list("not in the review", named(v.added)),
              ...list("reviewed, now without change", v.gone),
              ...(v.goneUnnamed > 0 ? [`  reviewed changes whose address this plan no longer lists: ${v.goneUnnamed}`] : []),
              ...(v.flags ? flagLines(v.flagChanges) : []),
            ]
          : [
              "  the review kept only this stack's digest (too many changes for one comment); the changes now planned:",
              ...list("planned now", named(v.changed)).slice(1),
            ]),
      ];
  }
}

function whyNotReviewed(record: ReviewRecord | undefined, result: CompareResult, reviewed: string): string {
  if (!record) return `no plan digest in ${reviewed}`;
  if (result.stale)
    return `the review is of commit ${result.stale.reviewed ?? "(unknown)"}, the merged pull request's last commit is ${result.stale.merged}: re-run the review`;
  return "the review did not plan this stack";
}

function jsonOf(result: CompareResult): Record<string, unknown> {
  const addresses = (changes: readonly ChangeDigest[]) => changes.map((c) => ({ address: shown(c.address), action: c.action }));
  return {
    ok: result.ok,
    ...(result.stale ? { stale: result.stale } : {}),
    stacks: result.stacks.map((v) => {
      switch (v.status) {
        case "not-reviewed":
          return { stack: v.stack, status: v.status, changes: addresses(v.changes) };
        case "differs":
          return {
            stack: v.stack,
            status: v.status,
            perChange: v.perChange,
            changed: addresses(v.changed),
            added: addresses(v.added),
            gone: v.gone.map(shown),
            goneUnnamed: v.goneUnnamed,
            flags: v.flags,
            ...(v.flagChanges
              ? {
                  flagChanges: {
                    added: v.flagChanges.added.map((f) => ({
                      rule: f.rule,
                      title: f.title,
                      address: shown(f.address),
                      detail: shown(f.detail),
                    })),
                    removed: v.flagChanges.removed.map((f) => ({ ...f, ...(f.address ? { address: shown(f.address) } : {}) })),
                  },
                }
              : {}),
          };
        default:
          return v;
      }
    }),
  };
}

/** The verdict on a stack's synthesized configuration; one that is not synthesized is not reviewed. */
function configVerdict(
  record: ReviewRecord | undefined,
  synth: { dir: string; shown: string },
  stack: string,
  commit?: string,
): ConfigVerdict {
  const synthesized = findSynthesizedStack(synth.dir, stack);
  if (synthesized === undefined)
    return { stack, status: "not-reviewed", digest: "", why: `not synthesized in ${synth.shown}: run golive synth` };
  return compareConfig(record, stack, configDigest(readStackJson(synthesized)), commit);
}

function configLine(v: ConfigVerdict, review: string): string {
  const stack = shown(v.stack);
  const short = (d: string) => `sha256 ${d.slice(0, 12)}`;
  switch (v.status) {
    case "same":
      return `${stack}: configuration same as the review ${review} (${short(v.digest)}): may be applied`;
    case "differs":
      return `${stack}: REFUSED: its synthesized configuration (${short(v.digest)}) differs from the one the review ${review} covers (${short(v.reviewed)})`;
    case "not-reviewed":
      return `${stack}: REFUSED: no review covers its configuration (${shown(v.why)})`;
  }
}

function readReview(cwd: string, file: string): { record: ReviewRecord | undefined; shownName: string } {
  const path = resolve(cwd, file);
  const shownName = displayPath(cwd, path);
  if (!existsSync(path)) throw new UsageError(`no such review file: ${file}`);
  let text: string;
  try {
    text = readBoundedText(path, MAX_REVIEW_BYTES);
  } catch (err) {
    if (err instanceof BoundedReadError) throw new ReviewRecordError(shownName, [err.message]);
    throw err;
  }
  return { record: findReviewRecord(shownName, text), shownName };
}

export const planCompareCommand: Command = {
  name: "plan-compare",
  summary: "Check plans against the digest their review recorded: refuse a stack whose plan differs from what was reviewed",
  usage: [
    "Usage: golive plan-compare <reviewed> [<plan.json|dir>...] [options]",
    "",
    "Checks plans made after merge (`golive plan --keep-plan-file`, default: every *.json in plans/) against",
    "what was reviewed: <reviewed> is the pull request's review comment (its last line holds each stack's",
    "plan digest), the JSON of `plan-report --digest`, or `plan-report --json` output. A plan's digest",
    "covers each resource and output change and each data source read during apply: address, actions,",
    "previous address, what it imports, attributes forcing a replacement, every value before the change and",
    "every value it sets (sensitive values count as sensitive, values known after apply as unknown),",
    "which values are sensitive, golive's risk flags as the review shows them (what they read of",
    "unchanged resources and the configuration too) and each resource's provisioners as configured;",
    "not the plan's timestamp, the rest of the prior state of resources without changes, or data",
    "sources read while planning. One line per stack:",
    "  same          the plan does what was reviewed: apply the saved plan",
    "  no changes    nothing to apply",
    "  REFUSED       it differs (with the addresses: changed since the review, not in the review,",
    "                reviewed but now without change; or its risk flags read differently: the flags that",
    "                differ, why and what to do), no review covers it, or Terraform errored",
    "Exit 0 every stack may be applied, 1 any stack refused (or an unreadable plan or review), 2 usage.",
    "",
    "Options:",
    "  --commit SHA            the commit the review must be of (the merged pull request's head); a review",
    "                          of another commit covers nothing",
    "  --json                  the verdicts as JSON (--config-stack verdicts under `configs`)",
    "  --config-stack STACK    (repeatable) for an edge-* or monitoring-* stack, which pull requests review as",
    "                          a configuration diff (`plan-report --config-diff`): compare the sha256 of its",
    "                          synthesized configuration (cdk.tf.json without cdktf's `//` comment keys) with the",
    "                          one the review recorded; refused when it differs or no review records it. With",
    "                          only --config-stack, no plan file is read",
    "  --synth-dir DIR         synthesized stacks, for --config-stack and construct paths (default: cdktf.out);",
    "                          one given must be a folder golive synth wrote (holding manifest.json), else exit 2",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS["plan-compare"].flags);
    const [reviewed, ...plans] = parsed.positionals;
    if (reviewed === undefined) throw new UsageError("name the review: the PR comment, or plan-report --digest or --json output");
    const commit = parsed.values.get("commit");
    if (commit !== undefined && !/^[0-9a-f]{7,40}$/.test(commit))
      throw new UsageError(`--commit: got ${shownValue(commit)}, allowed: a commit SHA (7-40 lower-case hex digits)`);
    const configStacks = parsed.repeated.get("config-stack") ?? [];
    const notDiffed = configStacks.find((s) => !isConfigReviewed(s));
    if (notDiffed !== undefined)
      throw new UsageError(
        `--config-stack: got ${shownValue(notDiffed)}, allowed: an edge-<env> or monitoring-<env> stack (the stacks reviewed as a configuration diff)`,
      );
    const synthDir = synthDirFlag(parsed, "synth-dir", io.cwd);
    // A --synth-dir given is a folder golive synth wrote, as plan-report's: a typo is no "paths unknown".
    if (parsed.values.has("synth-dir")) checkReadPath("synth-dir", synthDir, SYNTH_OUTPUT_DIR, io.cwd);
    const positionals = plans.length > 0 ? plans : configStacks.length > 0 ? [] : [DEFAULT_PLAN_DIR];
    const { files, missing, listed } = expandPlanArgs(io.cwd, positionals);
    if (missing.length > 0) throw new UsageError(`no such plan file or directory: ${missing.map(shownPathArgument).join(", ")}`);
    if (files.length === 0 && configStacks.length === 0)
      throw new UsageError(`no *.json plan files in ${positionals.map(shownPathArgument).join(", ")}`);
    let review: { record: ReviewRecord | undefined; shownName: string };
    let read: PlanFiles;
    let configs: ConfigVerdict[];
    try {
      review = readReview(io.cwd, reviewed);
      read = readPlanInputs(io.cwd, files, synthDir, listed);
      const synth = { dir: synthDir, shown: displayPath(io.cwd, synthDir) };
      configs = configStacks.map((stack) => configVerdict(review.record, synth, stack, commit));
    } catch (err) {
      if (!(err instanceof ReviewRecordError || err instanceof PlanInputErrors || err instanceof SynthOutputError)) throw err;
      io.stderr.write(`${problemLines(err, io.cwd)}\nNothing was compared.\n`);
      return EXIT.failure;
    }
    for (const s of read.skipped) io.stderr.write(`plan-compare: skipped ${shown(s.file)}: ${s.reason}\n`);
    if (files.length > 0 && read.inputs.length === 0 && read.failures.length === 0) {
      io.stderr.write("plan-compare: no plan among the files given; nothing was compared\n");
      return EXIT.failure;
    }
    for (const f of read.failures) io.stderr.write(`plan-compare: ${shown(f.stack)}: REFUSED: not planned (failed at ${shown(f.step)})\n`);
    const result = compareWithReview(review.record, read.inputs, commit);
    const configsOk = configs.every((c) => c.status === "same");
    if (parsed.booleans.has("json"))
      io.stdout.write(
        `${JSON.stringify({ ...jsonOf(result), ok: result.ok && configsOk, ...(configs.length > 0 ? { configs } : {}) }, null, 2)}\n`,
      );
    else {
      const of = review.record?.commit ? `of ${review.record.commit}` : `in ${review.shownName}`;
      const why = whyNotReviewed(review.record, result, review.shownName);
      for (const v of result.stacks) io.stdout.write(`${verdictLines(v, of, why).join("\n")}\n`);
      for (const c of configs) io.stdout.write(`${configLine(c, of)}\n`);
    }
    return result.ok && configsOk && read.failures.length === 0 ? EXIT.ok : EXIT.failure;
  },
};
