import type { ChangeView } from "../../core/plan/changes";
import { FEATURES } from "../../features";
import type { RiskFlag, RiskRule } from "../../platform/risks";

export type { RiskFlag, RiskRule } from "../../platform/risks";

/** Every risk rule of every concern, in registry order: the order flags are listed. */
export const RISK_RULES: readonly RiskRule[] = FEATURES.flatMap((f) => f.risks);

const BY_TYPE = new Map<string, RiskRule[]>();
for (const rule of RISK_RULES) for (const type of rule.types) BY_TYPE.set(type, [...(BY_TYPE.get(type) ?? []), rule]);

/** True when some rule reads changes of this resource type. */
export function hasRiskRules(type: string): boolean {
  return BY_TYPE.has(type);
}

/** Flags of one change; changes of other types cost one map lookup. */
export function riskFlags(change: ChangeView): RiskFlag[] {
  // forget keeps the object as it is in the cloud: nothing weakens (the report lists it as forgotten)
  if (change.mode !== "managed" || change.kind === "forget") return [];
  const rules = BY_TYPE.get(change.type);
  if (!rules) return [];
  return rules.flatMap((rule) =>
    rule.check(change).map((detail) => ({
      rule: rule.id,
      title: rule.title,
      address: change.address,
      ...(change.constructPath ? { constructPath: change.constructPath } : {}),
      detail,
    })),
  );
}
