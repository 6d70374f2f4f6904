/**
 * A partial plan: Terraform 1.9+ may plan only part of a configuration and defer the rest to a later
 * round (an unknown `count`/`for_each`, a provider configured from a value known only after apply).
 * The plan JSON (format 1.2, developer.hashicorp.com/terraform/internals/json-format, "Plan
 * Representation"; hashicorp/terraform internal/command/jsonplan/plan.go) then says `"complete": false`
 * and lists the deferred changes apart from `resource_changes`, as
 * `"deferred_changes": [{"reason": "instance_count_unknown" | "resource_config_unknown" |
 * "provider_config_unknown" | "deferred_prereq" | "absent_prereq" | "unknown", "resource_change":
 * <resource change representation>}]`. None of them is in the review's changes, so a deferred IAM role
 * trusting `AWS:*` would read as no change at all: the review says the plan is partial, once near
 * the top and as a flag (so --fail-on-risk fails), naming each deferred change.
 */
import type { PlanJson } from "../../core/plan/schema";
import { flagOf, type RiskFlag } from "./risks";

export const PARTIAL_PLAN_RULE = {
  id: "plan-incomplete",
  title: "Plan incomplete",
  explanation:
    'Terraform planned only part of the configuration ("complete": false) and deferred the rest (deferred_changes) to a later plan: the deferred resources are not reviewed here, and applying this plan leaves them to a plan no one has reviewed yet. Plan again once the values they wait for are known.',
};

/** A change Terraform deferred, as the review names it. */
export interface DeferredChange {
  readonly address: string;
  /** Terraform's actions, joined (`create`, `delete, create`). */
  readonly action: string;
  /** Why Terraform deferred it (`provider_config_unknown`), when it said. */
  readonly reason?: string;
}

/** At most this many deferred changes are named in the flag; the rest are counted. */
const NAMED = 10;

/** The deferred changes of a plan, address and reason through `scrub` (the stack's redaction). */
export function deferredChanges(plan: PlanJson, scrub: (text: string) => string): DeferredChange[] {
  return (plan.deferred_changes ?? []).map((d) => ({
    address: scrub(d.resource_change.address),
    action: d.resource_change.change.actions.join(", "),
    ...(d.reason ? { reason: scrub(d.reason) } : {}),
  }));
}

/** True when Terraform says the plan is partial: `complete: false`, or changes deferred. */
export function isPartial(plan: PlanJson): boolean {
  return plan.complete === false || (plan.deferred_changes ?? []).length > 0;
}

/** One deferred change in a sentence: `aws_iam_role.trust (create; provider_config_unknown)`. */
function deferredText(d: DeferredChange): string {
  return `${d.address} (${d.action}${d.reason ? `; ${d.reason}` : ""})`;
}

/** The flag of a partial plan (`partial`: isPartial of it), naming its deferred changes; none for a complete plan. */
export function partialPlanFlags(partial: boolean, deferred: readonly DeferredChange[]): RiskFlag[] {
  if (!partial) return [];
  const named = deferred.slice(0, NAMED).map(deferredText).join(", ");
  const more = deferred.length > NAMED ? ` and ${deferred.length - NAMED} more` : "";
  const which = deferred.length === 0 ? "no deferred change listed" : `${deferred.length} deferred change(s) not reviewed: ${named}${more}`;
  return [flagOf(PARTIAL_PLAN_RULE, "(plan)", `Terraform planned only part of this stack (complete: false): ${which}`)];
}
