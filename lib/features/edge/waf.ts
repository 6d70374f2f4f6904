import type { AppConfig } from "../../config/schema";
import { csrfRule } from "./csrf";
import { anyPathExpr, type EdgeRule } from "./edge-rule";
import { TIER_LIMITS } from "./tiers";

/** Cloudflare's managed ruleset ids (the same for every account). */
export const MANAGED_RULESETS = {
  cloudflare: "efb7b8c949ac4650a09736fc376e9aee",
  owasp: "4814384a9e5d4991b9815dcfc25d2f1f",
  free: "77454fe2d30c4220b5701f6fdfb893ba",
} as const;
/** The OWASP ruleset's anomaly-score rule, where the threshold and final action are set. */
export const OWASP_SCORE_RULE = "6179ae15870a4bb7b2d480d4843b323c";

/** Which managed rulesets the edge runs, the plan's defaults filled in. */
export interface DesiredManagedRulesets {
  readonly cloudflare: boolean;
  readonly owasp: boolean;
  readonly owaspScoreThreshold: 25 | 40 | 60;
}

/**
 * An omitted `cloudflare` or `owasp` is on where the plan has managed rulesets and off on free, so a
 * config that does not mention them always fits its plan; a written `true` on free stays `true`, and
 * validate/tier.ts refuses it. Which defaults apply depends on `cloudflare.plan`, outside the edge
 * section: decided here, as desiredRateLimits decides the rate limits', not in the schema.
 */
export function desiredManagedRulesets(cfg: AppConfig): DesiredManagedRulesets {
  const available = TIER_LIMITS[cfg.cloudflare.plan].managedRulesets;
  const managed = cfg.edge.waf.managed;
  return {
    cloudflare: managed.cloudflare ?? available,
    owasp: managed.owasp ?? available,
    owaspScoreThreshold: managed.owaspScoreThreshold,
  };
}

/** Managed rulesets in `http_request_firewall_managed`; the Free Managed Ruleset on the free tier. */
export function managedWafRules(cfg: AppConfig): EdgeRule[] {
  const managed = desiredManagedRulesets(cfg);
  if (!TIER_LIMITS[cfg.cloudflare.plan].managedRulesets) {
    return [
      {
        ref: "managed_free",
        description: "Cloudflare Free Managed Ruleset",
        expression: "true",
        action: "execute",
        enabled: true,
        actionParameters: { id: MANAGED_RULESETS.free },
      },
    ];
  }
  const rules: EdgeRule[] = [];
  if (managed.cloudflare) {
    rules.push({
      ref: "managed_cloudflare",
      description: "Cloudflare Managed Ruleset",
      expression: "true",
      action: "execute",
      enabled: true,
      actionParameters: { id: MANAGED_RULESETS.cloudflare },
    });
  }
  if (managed.owasp) {
    rules.push({
      ref: "managed_owasp",
      description: `Cloudflare OWASP Core Ruleset (block at anomaly score ${managed.owaspScoreThreshold})`,
      expression: "true",
      action: "execute",
      enabled: true,
      actionParameters: {
        id: MANAGED_RULESETS.owasp,
        overrides: { rules: [{ id: OWASP_SCORE_RULE, action: "block", scoreThreshold: managed.owaspScoreThreshold }] },
      },
    });
  }
  return rules;
}

/** Custom rules: CSRF at the edge (csrf.ts), admin paths only from configured networks. */
export function customWafRules(cfg: AppConfig): EdgeRule[] {
  const rules: EdgeRule[] = [csrfRule(cfg)];
  const admin = cfg.edge.waf.admin;
  if (admin) {
    rules.push({
      ref: "admin_networks_only",
      description: "Admin paths only from configured networks",
      expression: `(${anyPathExpr(admin.paths)} and not ip.src in {${admin.allowedNetworks.join(" ")}})`,
      action: "block",
      enabled: true,
    });
  }
  return rules;
}
