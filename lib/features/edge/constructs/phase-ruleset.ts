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
    });
  }
}
