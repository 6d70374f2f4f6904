import { clip } from "../../lib/core/clip";
import { isRecord } from "../../lib/core/json";
import { type Acceptance, type ApprovalData, riskAcceptance } from "./approvals";

/**
 * A label the review sets for display while an approval accepts the flags of the head reviewed, and
 * removes otherwise. It is never read as acceptance: anyone with triage access can add a label. What
 * accepts the flags is an approval of the commit (approvals.ts).
 */
export const ACCEPTED_LABEL = "golive:risks-accepted";
/** Labels the review keeps in step with the plans: what they destroy, replace, and whether they raise a flag. */
export const PLAN_LABELS = ["golive:destroy", "golive:replace", "golive:risk"] as const;
/** GitHub cuts a commit status description at 140 characters. */
const MAX_DESCRIPTION = 140;

/** The commit status golive/plan-review and the labels, as pr-review.yml's last step sets them. */
export interface Verdict {
  readonly state: "success" | "failure";
  readonly description: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export interface VerdictInputs {
  /** `golive plan-report --json` of the base branch's golive, undefined when it wrote none. */
  readonly report: string | undefined;
  /** Every failed step: the pr run's, its data's, and the review's own (secret scan, check, signing). */
  readonly failedSteps: readonly string[];
  /** The pull request's labels now (from the API). */
  readonly labels: readonly string[];
  /** The head commit reviewed. */
  readonly commit: string;
  /** The pull request's reviews, their authors' access and its branch's pushes (review/approvals.json); undefined when not read. */
  readonly approvals?: ApprovalData;
}

const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** A commit status description within GitHub's limit. */
export function short(text: string): string {
  return clip(text, MAX_DESCRIPTION);
}

function parsed(report: string | undefined): Record<string, unknown> | undefined {
  if (report === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(report);
    return isRecord(data) && isRecord(data.totals) && Array.isArray(data.stacks) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The labels the plans call for, and the changes to make to `current`; the display label follows the acceptance. */
function labelChanges(report: Record<string, unknown>, current: ReadonlySet<string>, accepted: boolean): Pick<Verdict, "add" | "remove"> {
  const totals = isRecord(report.totals) ? report.totals : {};
  const want = new Set<string>();
  if (count(totals.delete) > 0) want.add("golive:destroy");
  if (count(totals.replace) > 0) want.add("golive:replace");
  if (count(report.riskCount) > 0) want.add("golive:risk");
  if (count(report.riskCount) > 0 && accepted) want.add(ACCEPTED_LABEL);
  const managed = [...PLAN_LABELS, ACCEPTED_LABEL];
  return {
    add: managed.filter((l) => want.has(l) && !current.has(l)),
    remove: managed.filter((l) => !want.has(l) && current.has(l)),
  };
}

/**
 * The label changes when no report of the head could be read: the display label goes (nothing of this
 * head is accepted), the plan labels stay as they are (what its plans do is not known, and dropping
 * golive:destroy or golive:risk would read as "nothing to worry about").
 */
function withoutAccepted(current: readonly string[]): Pick<Verdict, "add" | "remove"> {
  return { add: [], remove: current.includes(ACCEPTED_LABEL) ? [ACCEPTED_LABEL] : [] };
}

/** The stacks a report could not plan: its failures, and the plans that errored. */
function notPlannedIn(report: Record<string, unknown>): string[] {
  return [
    ...(Array.isArray(report.failures) ? report.failures : []).map((f) => (isRecord(f) && typeof f.stack === "string" ? f.stack : "?")),
    ...(Array.isArray(report.stacks) ? report.stacks : [])
      .filter((s) => isRecord(s) && s.errored === true)
      .map((s) => String(isRecord(s) ? s.stack : "?")),
  ];
}

/** The description of `risks` flags of `sha` that no approval accepts yet. */
export function unacceptedDescription(risks: number, sha: string, acceptance: Acceptance & { state: "refused" }): string {
  return `${risks} risk flag(s) of ${sha} not accepted: ${acceptance.reason}`;
}

/** ` ; 3 risk flag(s) accepted by bob (approval)` for the success description. */
export function acceptedNote(risks: number, acceptance: Acceptance & { state: "accepted" }): string {
  return `; ${risks} risk flag(s) accepted by ${acceptance.by.join(", ")} (approval)`;
}

/**
 * The review's verdict on the pull request's head commit: failure while any step failed (the review is
 * incomplete), while a stack could not be planned, and while a risk flag stands that no approval of this
 * commit accepts (approvals.ts); success otherwise. The description names what failed and for which
 * commit. The commit status is a display for the pull request: anyone with push access can set it, so
 * the deploy (review.yml) checks the approval again itself.
 */
export function reviewVerdict(inputs: VerdictInputs): Verdict {
  const sha = inputs.commit.slice(0, 12);
  const report = parsed(inputs.report);
  const risks = count(report?.riskCount);
  const notPlanned = report ? notPlannedIn(report) : [];
  const complete = report !== undefined && inputs.failedSteps.length === 0 && notPlanned.length === 0;
  const acceptance = risks > 0 ? riskAcceptance(inputs.approvals, inputs.commit) : undefined;
  // No approval accepts an incomplete review (review.yml refuses its deploy), so the display label never shows one.
  const labels = report
    ? labelChanges(report, new Set(inputs.labels), complete && acceptance?.state === "accepted")
    : withoutAccepted(inputs.labels);
  const fail = (description: string): Verdict => ({ state: "failure", description: short(description), ...labels });
  if (inputs.failedSteps.length > 0) return fail(`incomplete review of ${sha}: ${inputs.failedSteps.join(", ")} failed`);
  if (!report) return fail(`no plan report for ${sha}: the review could not read the plans`);
  if (notPlanned.length > 0) return fail(`incomplete review of ${sha}: not planned: ${notPlanned.join(", ")}`);
  if (acceptance?.state === "refused") return fail(unacceptedDescription(risks, sha, acceptance));
  const stacks = Array.isArray(report.stacks) ? report.stacks.length : 0;
  const accepted = acceptance?.state === "accepted" ? acceptedNote(risks, acceptance) : "";
  return { state: "success", description: short(`${stacks} stack(s) reviewed at ${sha}${accepted}`), ...labels };
}
