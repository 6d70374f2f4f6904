import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { desiredRateLimits } from "../rate-limits";
import { CHALLENGE_ACTIONS } from "../rate-limit-defaults";
import { customWafRules, desiredManagedRulesets } from "../waf";
import { desiredRedirects } from "../redirects";
import { lowestTierWhere, TIER_LIMITS, type TierLimits } from "../tiers";

/** Features the chosen plan tier cannot have, each naming the tier that can. */
export function validateTier(cfg: AppConfig): ConfigIssue[] {
  const plan = cfg.cloudflare.plan;
  const limits = TIER_LIMITS[plan];
  const issues: ConfigIssue[] = [];
  const needs = (path: (string | number)[], what: string, allows: (l: TierLimits) => boolean) => {
    const tier = lowestTierWhere(allows);
    issues.push({
      path,
      message: `${what} is not available on the ${plan} plan; ${tier ? `needs ${tier} or higher` : "no plan allows it"}`,
    });
  };
  // With the plan's defaults filled in (off on free), so only a written `true` is refused.
  const managed = desiredManagedRulesets(cfg);
  if (!limits.managedRulesets && managed.owasp)
    needs(["edge", "waf", "managed", "owasp"], "the OWASP Core Ruleset", (l) => l.managedRulesets);
  if (!limits.managedRulesets && managed.cloudflare)
    needs(["edge", "waf", "managed", "cloudflare"], "the Cloudflare Managed Ruleset", (l) => l.managedRulesets);
  // With the plan's defaults filled in (they always fit the plan), so only written values are refused.
  const rl = desiredRateLimits(cfg);
  if (rl.length > limits.rateLimitRules)
    needs(
      ["edge", "rateLimits"],
      `${rl.length} rate-limiting rules (${limits.rateLimitRules} allowed)`,
      (l) => l.rateLimitRules >= rl.length,
    );
  rl.forEach((r, i) => {
    if (!limits.rateLimitPeriods.includes(r.period)) {
      needs(["edge", "rateLimits", i, "period"], `a ${r.period}s period (allowed: ${limits.rateLimitPeriods.join(", ")})`, (l) =>
        l.rateLimitPeriods.includes(r.period),
      );
    }
    if (!limits.rateLimitActions.includes(r.action)) {
      needs(["edge", "rateLimits", i, "action"], `the ${r.action} action (allowed: ${limits.rateLimitActions.join(", ")})`, (l) =>
        l.rateLimitActions.includes(r.action),
      );
    }
    if (CHALLENGE_ACTIONS.includes(r.action)) {
      if (!limits.challengeMitigationTimeouts.includes(r.mitigationTimeout)) {
        needs(
          ["edge", "rateLimits", i, "mitigationTimeout"],
          `a ${r.mitigationTimeout}s mitigation timeout with the ${r.action} action (allowed: ${limits.challengeMitigationTimeouts.join(", ")}; with 0 Cloudflare challenges each request over the rate)`,
          (l) => l.challengeMitigationTimeouts.includes(r.mitigationTimeout),
        );
      }
    } else if (!limits.mitigationTimeouts.includes(r.mitigationTimeout)) {
      needs(
        ["edge", "rateLimits", i, "mitigationTimeout"],
        `a ${r.mitigationTimeout}s mitigation timeout (allowed: ${limits.mitigationTimeouts.join(", ")})`,
        (l) => l.mitigationTimeouts.includes(r.mitigationTimeout),
      );
    }
  });
  const custom = customWafRules(cfg).length;
  if (custom > limits.customRules) needs(["edge", "waf"], `${custom} custom rules`, (l) => l.customRules >= custom);
  const redirects = desiredRedirects(cfg).length;
  if (redirects > limits.redirectRules)
    needs(["edge", "redirects"], `${redirects} redirect rules (${limits.redirectRules} allowed)`, (l) => l.redirectRules >= redirects);
  return issues;
}
