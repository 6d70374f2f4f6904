/**
 * Flags of creates that take over a setting another resource holds (setting-holders.ts), for the risk
 * rules of the concerns that own those types. Each names the holder; against a holder in state, the
 * rule's own check reads the create as the update AWS will make of the holder's values (versioning
 * Enabled -> Suspended, a Deny statement gone), which the holder's own change ("no changes") never shows.
 */
import { toChangeView, type ChangeView } from "./changes";
import { configAddress } from "./provisioners";
import type { PlanJson, ResourceChange } from "./schema";
import { isCreate, type SettingHolder, settingHolders, settingLabel, settingPer } from "./setting-holders";

/** A flag found in the whole plan, shaped as platform/risks.ts PlanFinding. */
export interface OverwriteFinding {
  readonly address: string;
  readonly configAddress: string;
  readonly detail: string;
}

/** The create read as an update of the holder's values: what the holder's setting becomes. */
function asUpdateOf(rc: ResourceChange, holder: SettingHolder): ChangeView {
  const change = { ...rc.change, actions: ["update" as const], before: holder.values, before_sensitive: holder.sensitive };
  return toChangeView({ ...rc, change }, undefined, undefined, true);
}

/** How a flag names a holder: its address, and what this plan does to it. */
function holderName(holder: SettingHolder): string {
  if (holder.values === undefined) return `${holder.address} (created in this plan too: whichever applies last wins)`;
  return holder.leaving
    ? `${holder.address} (destroyed in this plan: its delete may run after this create and remove the setting)`
    : `${holder.address} (its own plan shows no change)`;
}

/** What the holders' settings become: the rule's check of the create as an update of each one in state. */
function weakenings(rc: ResourceChange, holders: readonly SettingHolder[], check: (change: ChangeView) => string[]): string[] {
  const inState = holders.filter((h) => h.values !== undefined);
  return inState.flatMap((h) => {
    const found = check(asUpdateOf(rc, h));
    return inState.length > 1 ? found.map((f) => `against ${h.address}: ${f}`) : found;
  });
}

/**
 * The plan check (RiskRule.checkPlan) of the setting types `types`: each create whose target another
 * resource holds, one finding naming every holder (the first few; the rest counted). `check` is the
 * rule's check of one change. One index per plan; each create costs a lookup.
 */
export function settingOverwrites(
  types: readonly string[],
  check: (change: ChangeView) => string[],
): (plan: PlanJson) => OverwriteFinding[] {
  const wanted = new Set(types);
  return (plan) => {
    const creates = (plan.resource_changes ?? []).filter((rc) => rc.mode === "managed" && wanted.has(rc.type) && isCreate(rc));
    if (creates.length === 0) return [];
    const others = settingHolders(plan, wanted);
    return creates.flatMap((rc) => {
      const { named, count } = others(rc);
      if (count === 0) return [];
      const more = count > named.length ? ` and ${count - named.length} more` : "";
      const label = settingLabel(rc.type, rc.change.after) ?? rc.address;
      const weakened = weakenings(rc, named, check);
      const detail = `${label} is already set by ${named.map(holderName).join(", ")}${more}: AWS keeps one per ${settingPer(rc.type)}, so this create replaces it`;
      return [
        {
          address: rc.address,
          configAddress: configAddress(rc),
          detail: weakened.length > 0 ? `${detail}: ${weakened.join("; ")}` : detail,
        },
      ];
    });
  };
}
