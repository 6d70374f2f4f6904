import { at, isRecord, isTemplate as isTemplateText, num } from "../core/json";
import { type ChangeView, kindOf, toChangeView } from "../core/plan/changes";
import { UNREVIEWABLE } from "../core/plan/policy";
import { configAddress } from "../core/plan/provisioners";
import type { PlanJson, ResourceChange } from "../core/plan/schema";
export { at, items, num, str } from "../core/json";

/** A change that weakens a protection the app relies on; shown above everything else. */
export interface RiskFlag {
  readonly rule: string;
  readonly title: string;
  readonly address: string;
  readonly constructPath?: string;
  /** What changed, with non-sensitive old -> new values. */
  readonly detail: string;
}

/** A flag a rule finds in the whole plan (RiskRule.checkPlan): where, and what it says. */
export interface PlanFinding {
  /** The changed instance's address, or the configuration address of a resource with no change. */
  readonly address: string;
  /** The configuration address (`module.jobs.terraform_data.inner`): what names its construct. */
  readonly configAddress: string;
  readonly detail: string;
}

/** A value as a review line shows it: JSON, credential shapes and the stack's secrets hidden, cut to length. */
export type ShowValue = (value: unknown) => string;

/** One rule, like a cdk-nag rule: which resource types it reads, and a pure check of one change. */
export interface RiskRule {
  readonly id: string;
  readonly title: string;
  /** Why a reviewer should care; printed in the JSON report and the README. */
  readonly explanation: string;
  readonly types: readonly string[];
  /** Details of every weakening found in this change (empty: nothing to flag). */
  check(change: ChangeView): string[];
  /**
   * How a flag's detail reads once the whole plan is known: the load balancer's rule names pools from
   * the plan's own pool changes instead of their 32-hex ids.
   */
  readonly relabel?: (changes: readonly ResourceChange[]) => (detail: string) => string;
  /**
   * A check of the whole plan, for what no change holds: the plan's `configuration` (a provisioner is
   * declared there and in no change's values). Runs once per plan, whatever `types` lists; `show`
   * formats a value as the review shows every value.
   */
  readonly checkPlan?: (plan: PlanJson, show: ShowValue) => readonly PlanFinding[];
}

/** Each flag's detail as the report shows it for this plan (RiskRule.relabel); others' as found. */
export function flagLabeller(rules: readonly RiskRule[], changes: readonly ResourceChange[]): (flag: RiskFlag) => string {
  const byRule = new Map(rules.flatMap((r) => (r.relabel ? [[r.id, r.relabel(changes)] as const] : [])));
  return (flag) => byRule.get(flag.rule)?.(flag.detail) ?? flag.detail;
}

/**
 * True when the change destroys the object it had before (destroy, or the old half of a replacement).
 * A replacement `["create","forget"]` destroys nothing: Terraform renders it "must be replaced, but the
 * existing object will not be destroyed (destroy = false is set in the configuration)" (plans.CreateThenForget);
 * the old object stays, out of state, as a forget leaves it.
 */
export function removes(change: ChangeView): boolean {
  return change.kind === "delete" || (change.kind === "replace" && change.replaceOrder !== "create-then-forget");
}

/** The value to show: strings/numbers as JSON, anything else (masked, missing) as "(unset)". */
export function show(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? JSON.stringify(value) : "(unset)";
}

/**
 * How a flag quotes a number of `attr`, `value` as the rule read it: as the change's attribute line shows
 * it. golive's rules read numbers as their nearest doubles (exact-numbers.ts), so a threshold Terraform
 * wrote 9007199254740993 reads 9007199254740992; the line keeps every digit, and a flag quoting the double
 * would contradict it. The double's own text when no line shows that value (unchanged, cut, redacted).
 */
export function shownNumber(change: ChangeView, side: "before" | "after", attr: string, value: number): string {
  const line = change.attributes.find((a) => a.path === attr)?.[side];
  return line !== undefined && num(line) === value ? line : String(value);
}

/** Unset: null or "" in a plan (the provider's empty value), absent in a configuration diff. */
export function unset(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

/** The state after the change, or null when the object is gone (destroy). */
export function afterOf(change: ChangeView): unknown {
  return change.kind === "delete" || change.kind === "forget" ? null : change.after;
}

/**
 * A string Terraform evaluates where the provider's schema wants a list, a number or a boolean
 * (`"${[]}"`, `"${false}"`, a reference): only a configuration diff has one, since a plan holds
 * evaluated values (an unknown one is the plan's own marker). The rules cannot see what it evaluates
 * to, so a protective value replaced by one is flagged.
 */
export function isTemplate(value: unknown): value is string {
  return typeof value === "string" && isTemplateText(value);
}

/**
 * The arguments the configuration sets on a change's resource (`configuration.root_module.resources[]`,
 * the keys of its `expressions`, which Terraform omits when none is set), as reads.ts reads who uses a
 * data source; undefined when the plan holds no configuration or no such resource (a plan cut by hand, a
 * resource in a module): nothing to tell.
 */
function configuredArguments(plan: PlanJson): (rc: ResourceChange) => ReadonlySet<string> | undefined {
  const root = plan.configuration?.root_module;
  const byAddress = new Map<string, ReadonlySet<string>>();
  for (const r of isRecord(root) && Array.isArray(root.resources) ? root.resources : [])
    if (isRecord(r) && typeof r.address === "string")
      byAddress.set(r.address, new Set(isRecord(r.expressions) ? Object.keys(r.expressions) : []));
  return (rc) => (rc.module_address ? undefined : byAddress.get(configAddress(rc)));
}

/**
 * The plan check (RiskRule.checkPlan) of types whose `policy` the provider computes when the configuration
 * sets none (optional and computed in its schema: a secret's, topic's, bucket's, queue's or key's own
 * policy). Such a policy is known only after apply on every create, whether or not anyone wrote one, so
 * the change's own check leaves it (WideningOptions.computed) to this one, which reads the configuration:
 * a policy it sets is flagged as unreviewable (`what` names whose), one it does not set is the provider's
 * default and is not; a plan that cannot tell (no configuration) is flagged. `judged`: the changes whose
 * policy the rule reads at all (a replaced topic is flagged as replaced, its policy unread).
 */
export function computedPolicyCheck(
  types: readonly string[],
  what: (change: ChangeView) => string,
  judged: (change: ChangeView) => boolean = () => true,
): (plan: PlanJson) => PlanFinding[] {
  return (plan) => {
    // Indexed on the first change of these types with a computed policy: most plans have none, and each
    // rule using this check would otherwise index the whole configuration for nothing.
    let configured: ReturnType<typeof configuredArguments> | undefined;
    return (plan.resource_changes ?? []).flatMap((rc) => {
      if (rc.mode !== "managed" || !types.includes(rc.type) || at(rc.change.after_unknown, "policy") !== true) return [];
      configured ??= configuredArguments(plan);
      if (kindOf(rc).kind === "forget" || configured(rc)?.has("policy") === false) return [];
      const change = toChangeView(rc, undefined, undefined, true);
      return judged(change) ? [{ address: rc.address, configAddress: configAddress(rc), detail: `${what(change)}: ${UNREVIEWABLE}` }] : [];
    });
  };
}
