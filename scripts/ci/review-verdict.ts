import { isRecord } from "../../lib/core/json";
import { type AcceptanceRecord, riskAcceptance } from "./risk-acceptance";

/**
 * The label a reviewer adds to accept the risk flags (it re-runs the pr workflow, and so the review). It
 * counts only when added by someone with write access other than the pull request's author, after the
 * head commit was pushed (risk-acceptance.ts); the review removes it otherwise.
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
  /** Who added golive:risks-accepted and when (review/acceptance.json); undefined when not recorded. */
  readonly acceptance?: AcceptanceRecord;
}

const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function short(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
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

/** The labels the plans call for, and the changes to make to `current`. */
function labelChanges(report: Record<string, unknown>, current: ReadonlySet<string>): Pick<Verdict, "add" | "remove"> {
  const totals = isRecord(report.totals) ? report.totals : {};
  const want = new Set<string>();
  if (count(totals.delete) > 0) want.add("golive:destroy");
  if (count(totals.replace) > 0) want.add("golive:replace");
  if (count(report.riskCount) > 0) want.add("golive:risk");
  return {
    add: PLAN_LABELS.filter((l) => want.has(l) && !current.has(l)),
    remove: PLAN_LABELS.filter((l) => !want.has(l) && current.has(l)),
  };
}

/**
 * The review's verdict on the pull request's head commit: failure while any step failed (the review is
 * incomplete), while a stack could not be planned, and while a risk flag stands without the label
 * golive:risks-accepted accepting this commit's flags; success otherwise. The description names what
 * failed and for which commit. A label the record refuses (the author's, or from before the push) is removed.
 */
export function reviewVerdict(inputs: VerdictInputs): Verdict {
  const sha = inputs.commit.slice(0, 12);
  const report = parsed(inputs.report);
  const labeled = inputs.labels.includes(ACCEPTED_LABEL);
  const acceptance = labeled ? riskAcceptance(inputs.acceptance, inputs.commit) : undefined;
  const planLabels = report ? labelChanges(report, new Set(inputs.labels)) : { add: [], remove: [] };
  const labels = acceptance?.state === "refused" ? { ...planLabels, remove: [...planLabels.remove, ACCEPTED_LABEL] } : planLabels;
  const fail = (description: string): Verdict => ({ state: "failure", description: short(description), ...labels });
  if (inputs.failedSteps.length > 0) return fail(`incomplete review of ${sha}: ${inputs.failedSteps.join(", ")} failed`);
  if (!report) return fail(`no plan report for ${sha}: the review could not read the plans`);
  const notPlanned = [
    ...(Array.isArray(report.failures) ? report.failures : []).map((f) => (isRecord(f) && typeof f.stack === "string" ? f.stack : "?")),
    ...(Array.isArray(report.stacks) ? report.stacks : [])
      .filter((s) => isRecord(s) && s.errored === true)
      .map((s) => String(isRecord(s) ? s.stack : "?")),
  ];
  if (notPlanned.length > 0) return fail(`incomplete review of ${sha}: not planned: ${notPlanned.join(", ")}`);
  const risks = count(report.riskCount);
  const flagged = `${risks} risk flag(s) in the plans of ${sha}`;
  if (risks > 0 && acceptance?.state !== "accepted")
    return fail(
      acceptance === undefined
        ? `${flagged}: a reviewer other than the author reads them in the comment and adds ${ACCEPTED_LABEL}`
        : `${flagged}: ${ACCEPTED_LABEL}: ${acceptance.reason}${acceptance.state === "refused" ? ": removed" : ""}`,
    );
  const stacks = Array.isArray(report.stacks) ? report.stacks.length : 0;
  const accepted =
    risks > 0 && acceptance?.state === "accepted" ? `; ${risks} risk flag(s) accepted by ${acceptance.by} (${ACCEPTED_LABEL})` : "";
  return { state: "success", description: short(`${stacks} stack(s) reviewed at ${sha}${accepted}`), ...labels };
}
