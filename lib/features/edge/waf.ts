import type { AppConfig } from "../../config/schema";
import { anyPathExpr, type EdgeRule, exprSet } from "./edge-rule";
import { TIER_LIMITS } from "./tiers";

/** Cloudflare's managed ruleset ids (the same for every account). */
export const MANAGED_RULESETS = {
  cloudflare: "efb7b8c949ac4650a09736fc376e9aee",
  owasp: "4814384a9e5d4991b9815dcfc25d2f1f",
  free: "77454fe2d30c4220b5701f6fdfb893ba",
} as const;
/** The OWASP ruleset's anomaly-score rule, where the threshold and final action are set. */
export const OWASP_SCORE_RULE = "6179ae15870a4bb7b2d480d4843b323c";

export const STATE_CHANGING_METHODS: readonly string[] = ["POST", "PUT", "PATCH", "DELETE"];

/** Managed rulesets in `http_request_firewall_managed`; the Free Managed Ruleset on the free tier. */
export function managedWafRules(cfg: AppConfig): EdgeRule[] {
  const managed = cfg.edge.waf.managed;
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

/** Origins as the browser sends them: scheme://host[:port], no path. */
function originOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/** Custom rules: CSRF at the edge, admin paths only from configured networks. */
export function customWafRules(cfg: AppConfig): EdgeRule[] {
  const origins = [...new Set(cfg.edge.waf.allowedOrigins.map(originOf))];
  const rules: EdgeRule[] = [
    {
      ref: "csrf_foreign_origin",
      description: "Block state-changing requests from origins that are not allowed (CSRF)",
      // Requests without an Origin header (server-to-server callers) are left to Access service tokens.
      expression:
        `(http.request.method in ${exprSet(STATE_CHANGING_METHODS)} and len(http.request.headers["origin"]) > 0 ` +
        `and not any(http.request.headers["origin"][*] in ${exprSet(origins)}))`,
      action: "block",
      enabled: true,
    },
  ];
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
