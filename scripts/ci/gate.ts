import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { appliedPlanGate } from "./applied-plan-gate";
import { type ApprovalData, howToAccept, parseApprovals, riskAcceptance } from "./approvals";
import { type FlagsRecord, flagsLine, flagsRecordFrom, flagsSummary } from "./flags-record";
import { ACCEPTED_LABEL, acceptedNote, short, unacceptedDescription, type Verdict } from "./review-verdict";

/** What risk-gate.ts does through its process. */
export interface GateIo {
  /** A file's text, or undefined when it does not exist. */
  readonly read: (file: string) => string | undefined;
  readonly write: (file: string, text: string) => void;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A writable stream's `write`, all the io needs of process.stdout and process.stderr. */
export interface TextSink {
  write(text: string): unknown;
}

/** risk-gate.ts's io: files relative to `dir` (its working directory), and its two output streams. */
export function gateFileIo(dir: string, out: TextSink, err: TextSink): GateIo {
  const at = (file: string): string => resolve(dir, file);
  return {
    read: (file) => (existsSync(at(file)) ? readFileSync(at(file), "utf8") : undefined),
    write: (file, text) => writeFileSync(at(file), text),
    stdout: (text) => out.write(text),
    stderr: (text) => err.write(text),
  };
}

/** The signed flags record verify wrote (`review-signature.ts verify --flags-out`), or undefined. */
function flagsIn(text: string | undefined): FlagsRecord | undefined {
  try {
    return flagsRecordFrom(JSON.parse(text ?? ""));
  } catch {
    return undefined;
  }
}

/**
 * The deploy's gate (review.yml): the signed review of `commit` must be complete (a failed secret scan,
 * `golive check` or plan leaves digests that may still match, so the digests alone would let it
 * through), and when it raised flags an approval of that commit must accept them, checked now through
 * the API. 0 with one line when it is complete and there is nothing to accept or it is accepted; 1 with
 * one `::error::` line naming the failed steps, or the flags, the commit and what to do.
 */
export function deployGate(commit: string, flags: FlagsRecord | undefined, approvals: ApprovalData | undefined, io: GateIo): 0 | 1 {
  if (flags === undefined) {
    io.stdout(`no signed review of ${commit}: no flag to accept here; every stack with changes is refused by golive plan-compare\n`);
    return 0;
  }
  if (!flags.complete) {
    const failed = flags.failed?.length ? flags.failed.join(", ") : "steps not recorded in the signed review: see its comment";
    io.stdout(
      `::error::the signed review of ${commit} is incomplete (failed: ${failed}): nothing is deployed (no approval accepts an incomplete review); fix what failed (a passing failure: any change) in a new pull request whose review completes, and merge it: its plans, and its deploy, include this change\n`,
    );
    return 1;
  }
  if (flags.count === 0) {
    io.stdout(`the signed review of ${commit} raised no risk flag\n`);
    return 0;
  }
  const acceptance = riskAcceptance(approvals, commit);
  const flagged = `${flags.count} risk flag(s) in the signed review of ${commit} (${flagsSummary(flags)})`;
  if (acceptance.state === "accepted") {
    io.stdout(`${flagged}: accepted by ${acceptance.by.join(", ")} (approval of that commit)\n`);
    return 0;
  }
  // A re-run keeps its run's commit, and the deploy refuses one that is no longer main's newest (newest-commit.ts).
  const rerun = `re-run this deploy while its commit is main's newest (after a later merge: docs/ci.md, "Only main's newest commit is deployed")`;
  const how = approvals ? `${howToAccept(approvals.number, commit)}, then ${rerun}` : rerun;
  io.stdout(`::error::${flagged} are not accepted (${acceptance.reason}): nothing is deployed; ${how}\n`);
  return 1;
}

/**
 * pr-review.yml's refresh after a review was submitted or dismissed: the status of `commit` from its
 * signed flags and the approvals now. Undefined when the review of `commit` leaves nothing to refresh:
 * none signed yet, incomplete (its own status names the failed steps), or without flags.
 */
export function refreshVerdict(
  commit: string,
  flags: FlagsRecord | undefined,
  approvals: ApprovalData | undefined,
  labels: readonly string[],
): Verdict | undefined {
  if (flags === undefined || !flags.complete || flags.count === 0) return undefined;
  const sha = commit.slice(0, 12);
  const acceptance = riskAcceptance(approvals, commit);
  const accepted = acceptance.state === "accepted";
  const labelled = labels.includes(ACCEPTED_LABEL);
  const add = accepted && !labelled ? [ACCEPTED_LABEL] : [];
  const remove = !accepted && labelled ? [ACCEPTED_LABEL] : [];
  if (acceptance.state === "refused")
    return { state: "failure", description: short(unacceptedDescription(flags.count, sha, acceptance)), add, remove };
  return { state: "success", description: short(`reviewed at ${sha}${acceptedNote(flags.count, acceptance)}`), add, remove };
}

/**
 * The flags line review.yml passes to the deploy after the digest line (its `digest` output): the signed
 * flags when the review raised any, which its gate lets through only when an approval accepts them.
 * Undefined without flags: a review that raised none accepts none, and the digest line alone says so.
 */
export function deployFlagsLine(flags: FlagsRecord | undefined): string | undefined {
  return flags !== undefined && flags.count > 0 ? flagsLine(flags) : undefined;
}

const USAGE = [
  "usage: risk-gate.ts --commit SHA --flags FILE --approvals FILE (--deploy | --labels JSON-ARRAY --output VERDICT.json)",
  "| --flags FILE --flags-line | --applied-plan STACK --reviewed FILE --report REPORT.json [--commit SHA]",
].join(" ");

class GateUsageError extends Error {}

type Mode = "deploy" | "refresh" | "flags-line" | "applied-plan";

/** Each mode's options: the ones it needs, then the ones it may take. */
const MODES: Readonly<Record<Mode, readonly [readonly string[], readonly string[]]>> = {
  deploy: [["--deploy", "--commit", "--flags", "--approvals"], []],
  refresh: [["--commit", "--flags", "--approvals", "--labels", "--output"], []],
  "flags-line": [["--flags-line", "--flags"], []],
  "applied-plan": [["--applied-plan", "--reviewed", "--report"], ["--commit"]],
};
const SWITCHES = new Set(["--deploy", "--flags-line"]);
const VALUED = new Set(["--commit", "--flags", "--approvals", "--labels", "--output", "--applied-plan", "--reviewed", "--report"]);

function options(argv: readonly string[]): { mode: Mode; values: Map<string, string> } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    if (values.has(flag)) throw new GateUsageError(USAGE);
    if (SWITCHES.has(flag)) values.set(flag, "");
    else if (VALUED.has(flag) && argv[i + 1] !== undefined) values.set(flag, argv[++i] ?? "");
    else throw new GateUsageError(USAGE);
  }
  const mode: Mode = values.has("--deploy")
    ? "deploy"
    : values.has("--flags-line")
      ? "flags-line"
      : values.has("--applied-plan")
        ? "applied-plan"
        : "refresh";
  const [needed, optional] = MODES[mode];
  if (!needed.every((f) => values.has(f)) || ![...values.keys()].every((f) => needed.includes(f) || optional.includes(f)))
    throw new GateUsageError(USAGE);
  return { mode, values };
}

function labelsOf(text: string): string[] {
  try {
    const data: unknown = JSON.parse(text);
    if (Array.isArray(data)) return data.filter((l): l is string => typeof l === "string");
  } catch {}
  throw new GateUsageError(`--labels: expected a JSON array of label names, got ${JSON.stringify(text.slice(0, 40))}`);
}

/** risk-gate.ts without its process: exit 0, 1 (deploy, applied plan: refused), 2 usage (one line). */
export function runRiskGate(argv: readonly string[], io: GateIo): 0 | 1 | 2 {
  try {
    const { mode, values: o } = options(argv);
    const commit = o.get("--commit") ?? "";
    if (mode === "applied-plan")
      return appliedPlanGate(
        o.get("--applied-plan") ?? "",
        commit,
        io.read(o.get("--reviewed") ?? ""),
        io.read(o.get("--report") ?? ""),
        io,
      );
    const flags = flagsIn(io.read(o.get("--flags") ?? ""));
    if (mode === "flags-line") {
      const line = deployFlagsLine(flags);
      if (line !== undefined) io.stdout(`${line}\n`);
      return 0;
    }
    const approvals = parseApprovals(io.read(o.get("--approvals") ?? ""));
    if (mode === "deploy") return deployGate(commit, flags, approvals, io);
    const verdict = refreshVerdict(commit, flags, approvals, labelsOf(o.get("--labels") ?? ""));
    if (verdict === undefined) {
      io.stdout(`golive/plan-review of ${commit}: left as the review set it (no signed review of it yet, an incomplete one, or no flag)\n`);
      return 0;
    }
    io.write(o.get("--output") ?? "", `${JSON.stringify(verdict)}\n`);
    io.stdout(`golive/plan-review: ${verdict.state}: ${verdict.description}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof GateUsageError)) throw err;
    io.stderr(`risk-gate: ${err.message}\n`);
    return 2;
  }
}
