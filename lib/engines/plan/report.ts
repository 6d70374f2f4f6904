import { identityValues, probableRenames } from "./renames";
import { readFlags } from "./reads";
import { CHANGE_KINDS, type ChangeKind, type ChangeView, HIDDEN_KINDS, kindOf, toChangeView } from "../../core/plan/changes";
import { type ConstructPaths, synthKey } from "./construct-paths";
import { isLikelyDrift, KNOWN_DRIFT } from "./drift";
import { hasRiskRules, planRiskFlags, RISK_RULES, type RiskFlag, type RiskRule, riskFlags } from "./risks";
import { flagLabeller } from "../../platform/risks";
import type { PlanChange, PlanJson } from "../../core/plan/schema";
import { NO_SCRUB, type Scrub } from "./scrub";
import { diffAttributes } from "../../core/plan/attribute-diff";
import { formatValue, secretNamedLeaf } from "../../core/plan/format-value";
import { coversAll, hidesOutput, isEmptyMark } from "../../core/plan/marks";
import { displayable, maskValue, SHOW_SENSITIVE, SHOW_UNKNOWN } from "../../core/plan/values";
import { REDACTED_VALUE } from "../../core/plan/redacted-value";
import { groupBy } from "../../core/group-by";
import type { ConfigDiffNote } from "./config-diff";
import { configDiffFlags } from "./config-flags";
import { type DeferredChange, deferredChanges, isPartial, partialPlanFlags } from "./deferred";

/** One stack's plan as plan-report reads it. */
export interface PlanInput {
  /** Stack name (`edge-production`), from the plan file's name. */
  readonly stack: string;
  readonly file: string;
  readonly plan: PlanJson;
  /** From the synthesized cdk.tf.json; absent when it was not at hand. */
  readonly constructPaths?: ConstructPaths;
  /** Set when `plan` is golive's diff of two synthesized stacks (config-diff.ts), not Terraform's plan. */
  readonly configDiff?: ConfigDiffNote;
}

export type Counts = Readonly<Record<ChangeKind, number>>;

export interface OutputChangeView {
  readonly name: string;
  readonly kind: "create" | "update" | "delete";
  readonly before: string;
  readonly after: string;
}

/** Updates of a Cloudflare type known to show perpetual diffs in provider v5. */
export interface DriftNote {
  readonly type: string;
  readonly issues: readonly string[];
  /** Updates of this type whose only differences look like provider drift. */
  readonly likelyDrift: readonly string[];
  readonly updates: number;
}

export interface StackReport {
  readonly stack: string;
  readonly file: string;
  readonly terraformVersion?: string;
  /** The plan itself reported errors (`errored: true`): it is incomplete. */
  readonly errored: boolean;
  /** Terraform planned only part of the stack (`complete: false`, deferred.ts): `deferred` is not reviewed. */
  readonly partial: boolean;
  readonly deferred: readonly DeferredChange[];
  readonly constructPathsKnown: boolean;
  readonly counts: Counts;
  /** Visible changes (no-ops and reads hidden), destroys and replaces first. */
  readonly changes: readonly ChangeView[];
  readonly likelyDrift: ReadonlySet<string>;
  readonly risks: readonly RiskFlag[];
  readonly outputs: readonly OutputChangeView[];
  readonly drift: readonly DriftNote[];
  readonly configDiff?: ConfigDiffNote;
}

/** A stack that could not be planned (from `golive plan`): shown so a review never misses it. */
export interface StackFailure {
  readonly stack: string;
  readonly step: string;
  readonly message: string;
}

/** Which commit and run a report is of, so an old comment can never pass for the current one. */
export interface Provenance {
  /** The commit the plans were made from (a PR's head). */
  readonly commit?: string;
  readonly runUrl?: string;
  /** ISO 8601, UTC. */
  readonly generatedAt?: string;
  /** CI steps that failed before or while planning: the review is incomplete for this commit. */
  readonly failedSteps: readonly string[];
}

export interface PlanReport {
  readonly stacks: readonly StackReport[];
  readonly failures: readonly StackFailure[];
  readonly totals: Counts;
  readonly riskCount: number;
  readonly provenance?: Provenance;
}

export function zeroCounts(): Record<ChangeKind, number> {
  return { delete: 0, replace: 0, forget: 0, update: 0, create: 0, move: 0, import: 0, read: 0, "no-op": 0 };
}

const KIND_ORDER = new Map<ChangeKind, number>(CHANGE_KINDS.map((k, i) => [k, i]));

function outputChange(name: string, c: PlanChange, scrub: Scrub): OutputChangeView | undefined {
  const kind = c.actions.join(",");
  if (kind !== "create" && kind !== "update" && kind !== "delete") return undefined;
  // Terraform writes an output's mark as one boolean: any other mark hides the whole output (see hidesOutput).
  const show = (v: unknown, sensitive: unknown): string =>
    hidesOutput(v, sensitive) ? SHOW_SENSITIVE : secretNamedLeaf(name, v) ? REDACTED_VALUE : formatValue(v, scrub);
  // Parts known only after apply (a list item, an object's key) are shown as such, not as null or absent.
  const afterShown = isEmptyMark(c.after_unknown) ? c.after : displayable(maskValue(c.after, undefined, c.after_unknown));
  const after = coversAll(c.after_unknown) ? SHOW_UNKNOWN : show(afterShown, c.after_sensitive);
  if (
    kind === "update" &&
    !coversAll(c.after_unknown) &&
    !hidesOutput(c.before, c.before_sensitive) &&
    !hidesOutput(c.after, c.after_sensitive) &&
    typeof c.after === "object"
  ) {
    // structured output: show the changed leaves only
    const { diffs } = diffAttributes(
      {
        before: c.before,
        after: c.after,
        beforeSensitive: c.before_sensitive,
        afterSensitive: c.after_sensitive,
        afterUnknown: c.after_unknown,
      },
      5,
      scrub,
    );
    return {
      name,
      kind,
      before: diffs.map((d) => `${d.path}: ${d.before}`).join(", "),
      after: diffs.map((d) => `${d.path}: ${d.after}`).join(", "),
    };
  }
  return { name, kind, before: kind === "create" ? "null" : show(c.before, c.before_sensitive), after: kind === "delete" ? "null" : after };
}

function driftNotes(changes: readonly ChangeView[], likely: ReadonlySet<string>): DriftNote[] {
  const byType = groupBy(
    changes.filter((c) => c.kind === "update" && KNOWN_DRIFT[c.type] !== undefined),
    (c) => c.type,
  );
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, updates]) => ({
      type,
      issues: KNOWN_DRIFT[type] ?? [],
      updates: updates.length,
      likelyDrift: updates.filter((u) => likely.has(u.address)).map((u) => u.address),
    }));
}

/**
 * How one stack's report hides text (scrub.ts, stackScrubFor). Both hide only the secrets its plan
 * digest lists (digest.ts, `hidden`): what the review hides is then part of the digest, so a plan cannot
 * blank out a value in its review (a sensitive variable holding an account id, another stack's secrets)
 * and keep the digest. Both hide credential shapes too, before anything is rendered.
 */
export interface StackScrub {
  /** For a value, before it is cut to length: the secrets, then credential shapes. */
  readonly values: Scrub;
  /** For addresses, types, attribute paths and names: the same, on a name cut to a length the patterns read fast. */
  readonly names: Scrub;
}

export const NO_STACK_SCRUB: StackScrub = { values: NO_SCRUB, names: NO_SCRUB };

/** A change as the report shows it, its addresses, paths and names with the stack's secrets hidden. */
function scrubbedView(view: ChangeView, scrub: Scrub): ChangeView {
  if (scrub === NO_SCRUB) return view;
  return {
    ...view,
    address: scrub(view.address),
    type: scrub(view.type),
    ...(view.previousAddress !== undefined ? { previousAddress: scrub(view.previousAddress) } : {}),
    ...(view.deposed !== undefined ? { deposed: scrub(view.deposed) } : {}),
    ...(view.constructPath !== undefined ? { constructPath: scrub(view.constructPath) } : {}),
    ...(view.reason !== undefined ? { reason: scrub(view.reason) } : {}),
    replacePaths: view.replacePaths.map(scrub),
    attributes: view.attributes.map((a) => ({ ...a, path: scrub(a.path) })),
  };
}

export function buildStackReport(
  input: PlanInput,
  scrubs: StackScrub = NO_STACK_SCRUB,
  customRules: readonly RiskRule[] = [],
): StackReport {
  const scrub = scrubs.values;
  const counts = zeroCounts();
  const visible: ChangeView[] = [];
  const risks: RiskFlag[] = [];
  const likely = new Set<string>();
  const label = flagLabeller(RISK_RULES, input.plan.resource_changes ?? []);
  for (const rc of input.plan.resource_changes ?? []) {
    // No-ops and reads are only counted: most of a real plan, so no view (masked copies, diffs) for them.
    const { kind } = kindOf(rc);
    counts[kind]++;
    // An import that also updates or replaces is counted under both, as Terraform's own summary does
    // ("1 to import, 2 to change"): the import column must not understate what the plan adopts.
    if (rc.change.importing && kind !== "import") counts.import++;
    if (HIDDEN_KINDS.has(kind)) continue;
    const withValues = kind === "read" || hasRiskRules(rc.type, customRules);
    const full = toChangeView(rc, input.constructPaths?.get(synthKey(rc)), scrub, withValues);
    // The rename guard compares a destroy and a create of any type: without values for rules, each keeps
    // only the few attributes that name it (renames.ts), not a copy of its whole value.
    const named =
      withValues || (kind !== "delete" && kind !== "create")
        ? full
        : {
            ...full,
            before: identityValues(rc.type, rc.change.before, rc.change.before_sensitive),
            after: identityValues(rc.type, rc.change.after, rc.change.after_sensitive, rc.change.after_unknown),
          };
    const view = scrubbedView(named, scrubs.names);
    visible.push(view);
    for (const r of riskFlags(view, customRules)) risks.push({ ...r, detail: scrub(label(r)) });
    for (const r of readFlags(view, input.plan)) risks.push({ ...r, detail: scrub(r.detail) });
    if (isLikelyDrift(view)) likely.add(view.address);
  }
  visible.sort(
    (a, b) => (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
  );
  // What no change holds (provisioners, from the plan's configuration); construct paths of root-module resources only.
  const pathOf = (address: string): string | undefined => (address.startsWith("module.") ? undefined : input.constructPaths?.get(address));
  for (const r of planRiskFlags(input.plan, scrub, pathOf))
    risks.push({
      ...r,
      address: scrubs.names(r.address),
      ...(r.constructPath !== undefined ? { constructPath: scrubs.names(r.constructPath) } : {}),
      detail: scrub(r.detail),
    });
  if (input.configDiff)
    for (const r of configDiffFlags(input.plan, input.configDiff, input.constructPaths))
      risks.push({ ...r, address: scrubs.names(r.address), detail: scrub(r.detail) });
  const deferred = deferredChanges(input.plan, scrubs.names);
  const partial = isPartial(input.plan);
  for (const r of partialPlanFlags(partial, deferred)) risks.push({ ...r, detail: scrub(r.detail) });
  // Renames need every change at hand (a destroy and its twin create), so they are found after the loop.
  for (const r of probableRenames(visible)) risks.push({ ...r, detail: scrub(r.detail) });
  const outputs = Object.entries(input.plan.output_changes ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, c]) => outputChange(name, c, scrub) ?? [])
    .map((o) => ({ ...o, name: scrubs.names(o.name) }));
  return {
    stack: input.stack,
    file: input.file,
    ...(input.plan.terraform_version ? { terraformVersion: input.plan.terraform_version } : {}),
    errored: input.plan.errored === true,
    partial,
    deferred,
    constructPathsKnown: (input.constructPaths?.size ?? 0) > 0,
    counts,
    changes: visible,
    likelyDrift: likely,
    risks,
    outputs,
    drift: driftNotes(visible, likely),
    ...(input.configDiff ? { configDiff: { ...input.configDiff, otherBlocks: input.configDiff.otherBlocks.map(scrubs.names) } } : {}),
  };
}

/**
 * The report of these plans; `scrubs[i]` hides text in the report of `inputs[i]`. Failures come
 * scrubbed: a failed stack has no plan, so no digest says what its message may hide.
 */
export function buildReport(
  inputs: readonly PlanInput[],
  scrubs: readonly StackScrub[] = [],
  failures: readonly StackFailure[] = [],
  customRules: readonly RiskRule[] = [],
): PlanReport {
  const stacks = inputs.map((input, i) => buildStackReport(input, scrubs[i] ?? NO_STACK_SCRUB, customRules));
  const totals = zeroCounts();
  for (const s of stacks) for (const k of CHANGE_KINDS) totals[k] += s.counts[k];
  return { stacks, failures, totals, riskCount: stacks.reduce((n, s) => n + s.risks.length, 0) };
}
