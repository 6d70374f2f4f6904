import type { ChangeView } from "../../core/plan/changes";
import { approximateNumbers } from "../../core/plan/exact-numbers";
import { FEATURES } from "../../features";
import type { RiskFlag, RiskRule } from "../../platform/risks";
import { readingHidden } from "./sensitive-reads";

export type { RiskFlag, RiskRule } from "../../platform/risks";

/** Every risk rule of every concern, in registry order: the order flags are listed. */
export const RISK_RULES: readonly RiskRule[] = FEATURES.flatMap((f) => f.risks);

const BY_TYPE = new Map<string, RiskRule[]>();
for (const rule of RISK_RULES) for (const type of rule.types) BY_TYPE.set(type, [...(BY_TYPE.get(type) ?? []), rule]);

/** A rule's type, exact or with `*` for any run of characters (`aws_s3_bucket*`, `*`). */
export function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes("*")) return pattern === type;
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(type);
}

/** The rules among `rules` that read changes of this type. */
export function rulesFor(rules: readonly RiskRule[], type: string): RiskRule[] {
  return rules.filter((r) => r.types.some((t) => typeMatches(t, type)));
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
