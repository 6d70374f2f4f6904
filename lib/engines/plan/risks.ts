import { clip } from "../../core/clip";
import type { ChangeView } from "../../core/plan/changes";
import { approximateNumbers } from "../../core/plan/exact-numbers";
import { displayText } from "../../core/plan/format-value";
import type { PlanJson } from "../../core/plan/schema";
import { FEATURES } from "../../features";
import type { RiskFlag, RiskRule } from "../../platform/risks";
import type { Scrub } from "./scrub";
import { readingHidden } from "./sensitive-reads";

export type { RiskFlag, RiskRule } from "../../platform/risks";

/** Every risk rule of every concern, in registry order: the order flags are listed. */
export const RISK_RULES: readonly RiskRule[] = FEATURES.flatMap((f) => f.risks);

const BY_TYPE = new Map<string, RiskRule[]>();
for (const rule of RISK_RULES) for (const type of rule.types) BY_TYPE.set(type, [...(BY_TYPE.get(type) ?? []), rule]);

/**
 * A test of resource types against a rule's type pattern, exact or with `*` for any run of characters
 * (`aws_s3_bucket*`, `*`), built once per pattern. No regular expression: `.*` per star backtracks
 * exponentially on a pattern like `******************x` (18 stars: 36 s on 8 changes); runs of `*` are
 * one, and the pieces between them are found left to right, each at its first place after the last
 * (polynomial in the type's length, whatever the pattern).
 */
export function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes("*")) return (type) => type === pattern;
  const pieces = pattern.split(/\*+/);
  const first = pieces[0] ?? "";
  const last = pieces[pieces.length - 1] ?? "";
  const middle = pieces.slice(1, -1);
  return (type) => {
    if (type.length < first.length + last.length || !type.startsWith(first) || !type.endsWith(last)) return false;
    const end = type.length - last.length;
    let from = first.length;
    for (const piece of middle) {
      const i = type.indexOf(piece, from);
      if (i < 0 || i + piece.length > end) return false;
      from = i + piece.length;
    }
    return true;
  };
}

/** Each rule's test of a type, built on its first use and remembered per type (a plan has few). */
const READS_TYPE = new WeakMap<RiskRule, (type: string) => boolean>();

function readsType(rule: RiskRule, type: string): boolean {
  let reads = READS_TYPE.get(rule);
  if (reads === undefined) {
    const exact = new Set(rule.types.filter((t) => !t.includes("*")));
    const globs = rule.types.filter((t) => t.includes("*")).map(typeMatcher);
    const seen = new Map<string, boolean>();
    reads = (t) => {
      let hit = seen.get(t);
      if (hit === undefined) {
        hit = exact.has(t) || globs.some((matches) => matches(t));
        seen.set(t, hit);
      }
      return hit;
    };
    READS_TYPE.set(rule, reads);
  }
  return reads(type);
}

/** The rules among `rules` that read changes of this type. */
export function rulesFor(rules: readonly RiskRule[], type: string): RiskRule[] {
  return rules.filter((r) => readsType(r, type));
}

/** True when some rule (golive's, or one of `extra`) reads changes of this resource type. */
export function hasRiskRules(type: string, extra: readonly RiskRule[] = []): boolean {
  return BY_TYPE.has(type) || rulesFor(extra, type).length > 0;
}

/** At most this many hidden values are named in one flag; the rest are counted. */
const NAMED_HIDDEN = 5;

/** What a rule says when it read values hidden by sensitivity: it cannot judge them, a reviewer must. */
export function hiddenDetail(hidden: readonly string[]): string {
  const more = hidden.length > NAMED_HIDDEN ? ` and ${hidden.length - NAMED_HIDDEN} more` : "";
  return `hidden by sensitivity: ${hidden.slice(0, NAMED_HIDDEN).join(", ")}${more}: this rule cannot judge the change; review it by hand`;
}

/**
 * Flags of one change; changes of other types cost one map lookup (and a match per extra rule). A rule
 * that read a value hidden by sensitivity adds a flag saying so (sensitive-reads.ts): a flag it could
 * not raise on a hidden value must not read as "no risk".
 */
export function riskFlags(change: ChangeView, extra: readonly RiskRule[] = []): RiskFlag[] {
  // forget keeps the object as it is in the cloud: nothing weakens (the report lists it as forgotten)
  if (change.mode !== "managed" || change.kind === "forget") return [];
  const own = BY_TYPE.get(change.type) ?? [];
  const theirs = extra.length > 0 ? rulesFor(extra, change.type) : [];
  if (own.length === 0 && theirs.length === 0) return [];
  // golive's rules compare numbers: one the plan wrote with more digits than a double keeps is read as
  // its nearest double (exact-numbers.ts). The repository's rules compare values as the review shows
  // them, every digit (custom-rules.ts).
  const approximate = own.length > 0 ? withApproximateNumbers(change) : change;
  return [...own, ...theirs].flatMap((rule, i) => {
    const { result, hidden } = readingHidden(i < own.length ? approximate : change, (view) => rule.check(view));
    const details = hidden.length > 0 ? [...result, hiddenDetail(hidden)] : result;
    return details.map((detail) => flagOf(rule, change.address, detail, change.constructPath));
  });
}

/** The change with its values' exact numbers as doubles; the same change when it holds none. */
function withApproximateNumbers(change: ChangeView): ChangeView {
  const [before, after] = [approximateNumbers(change.before), approximateNumbers(change.after)];
  return before === change.before && after === change.after ? change : { ...change, before, after };
}

/** A flag of `rule` on the change at `address`, with its construct path when known. */
export function flagOf(
  rule: { readonly id: string; readonly title: string },
  address: string,
  detail: string,
  constructPath?: string,
): RiskFlag {
  return { rule: rule.id, title: rule.title, address, ...(constructPath ? { constructPath } : {}), detail };
}

/**
 * How much of a value a plan-wide flag reads (scrubbed whole, scrub.ts) and shows: more than a review
 * line's 160 characters, since what a provisioner's command does may be at its end; what is shown is cut
 * well before what was read, so a credential across the cut was hidden whole.
 */
const PLAN_VALUE_READ = 4096;
const PLAN_VALUE_SHOWN = 1000;

/**
 * Flags of golive's rules that read the whole plan (RiskRule.checkPlan: provisioners, declared in its
 * configuration), each value shown as every value is: JSON, with secret-named strings, the stack's
 * secrets and credential shapes hidden (`scrub`) before it is cut. `constructPath` names the construct
 * of a configuration address, when known.
 */
export function planRiskFlags(
  plan: PlanJson,
  scrub: Scrub,
  constructPath: (configAddress: string) => string | undefined = () => undefined,
): RiskFlag[] {
  const show = (value: unknown): string => clip(displayText(value, scrub, PLAN_VALUE_READ), PLAN_VALUE_SHOWN);
  return RISK_RULES.flatMap((rule) =>
    (rule.checkPlan?.(plan, show) ?? []).map((f) => flagOf(rule, f.address, f.detail, constructPath(f.configAddress))),
  );
}
