import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { EdgePhase, EdgeRule } from "../edge-rule";

export interface PhaseRulesetProps {
  readonly zoneId: string;
  readonly phase: EdgePhase;
  readonly name: string;
  readonly rules: readonly EdgeRule[];
  /** Created only after these (the zone's plan subscription). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

function toProviderRule(rule: EdgeRule): RulesetRules {
  const p = rule.actionParameters;
  return {
    ref: rule.ref,
    description: rule.description,
    expression: rule.expression,
    action: rule.action,
    enabled: rule.enabled,
    ...(p
      ? {
          actionParameters: {
            ...(p.id ? { id: p.id } : {}),
            ...(p.overrides ? { overrides: { rules: p.overrides.rules.map((r) => ({ ...r })) } } : {}),
            ...(p.fromValue ? { fromValue: { ...p.fromValue, targetUrl: { ...p.fromValue.targetUrl } } } : {}),
            ...(p.headers ? { headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, { ...v }])) } : {}),
            ...(p.bic !== undefined ? { bic: p.bic } : {}),
          },
        }
      : {}),
    ...(rule.ratelimit ? { ratelimit: { ...rule.ratelimit, characteristics: [...rule.ratelimit.characteristics] } } : {}),
  };
}

/**
 * The zone's entry-point ruleset for one phase. Cloudflare allows one per phase per zone, so every rule
 * of the phase lives here.
 *
 * Its `name` is golive's on a ruleset it creates and never changed afterwards (`ignore_changes`):
 * `name` forces replacement (internal/services/ruleset/schema.go:83-89, v5.14.0), and replacing an
 * entry point is destroy-then-create (a phase holds one), a window with none of the phase's WAF,
 * rate-limit or header rules. An entry point adopted from the dashboard (`golive preflight --write`)
 * keeps its own name (often "default"), so its first plan is an import and an in-place update of
 * description and rules, not a replacement. Ignored on every entry point, not only adopted ones: the
 * adopt file may be deleted after the first apply, and a rename through the API must not destroy the
 * phase either. The name has no effect on traffic. Of the other attributes that force replacement,
 * `zone_id`, `kind` and `phase` always equal those of the entry point adopted (preflight adopts the
 * zone-kind entry point of the phase, in the zone of config) and `account_id` is never set.
 */
export class PhaseRuleset extends Construct {
  readonly resource: Ruleset;

  constructor(scope: Construct, id: string, props: PhaseRulesetProps) {
    super(scope, id);
    this.resource = new Ruleset(this, "Resource", {
      zoneId: props.zoneId,
      kind: "zone",
      phase: props.phase,
      name: props.name,
      description: `golive: ${props.phase} entry point`,
      rules: props.rules.map(toProviderRule),
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: [...props.dependsOn] } : {}),
      lifecycle: { ignoreChanges: ["name"] },
    });
  }
}
