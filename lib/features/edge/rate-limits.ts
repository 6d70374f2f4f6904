import type { AppConfig } from "../../config/schema";
import { anyPathExpr, type EdgeRule } from "./edge-rule";
import { CHALLENGE_ACTIONS, DEFAULT_RATE_LIMITS, FREE_DEFAULT_RATE_LIMITS } from "./rate-limit-defaults";
import type { RateLimitAction } from "./schema";
import { TIER_LIMITS } from "./tiers";

/**
 * Per-IP counting; Cloudflare requires the data-centre id alongside the client characteristic.
 * `cf.colo.id` comes first: `characteristics` is a List, not a Set (ruleset/schema.go:1681, provider
 * v5.14.0), so order is compared, and every provider test config and state check writes
 * `["cf.colo.id", "ip.src"]` (ruleset_test.go:1519-1522): the order the API is known to read back.
 */
export const RATE_LIMIT_CHARACTERISTICS: readonly string[] = ["cf.colo.id", "ip.src"];

/**
 * Beyond this many requests per second per IP a limit protects nothing: config validation refuses more,
 * and the readiness rules (rate-limit-coverage.ts) do not count a synthesized rule that allows more.
 */
export const MAX_REQUESTS_PER_SECOND = 100;

/** A rate limit as deployed: the plan's defaults filled in. */
export interface DesiredRateLimit {
  readonly name: string;
  readonly paths: readonly string[];
  readonly requestsPerPeriod: number;
  readonly period: number;
  readonly mitigationTimeout: number;
  readonly action: RateLimitAction;
}

/**
 * The rate limits the edge declares. Omitted `edge.rateLimits` means the plan's defaults (one rule on
 * free, which allows no more); an omitted period or timeout means one the plan and action allow: 0 for
 * a challenge action (the only value below Enterprise, see TierLimits.challengeMitigationTimeouts).
 */
export function desiredRateLimits(cfg: AppConfig): DesiredRateLimit[] {
  const limits = TIER_LIMITS[cfg.cloudflare.plan];
  const defaults = limits.rateLimitRules >= DEFAULT_RATE_LIMITS.length ? DEFAULT_RATE_LIMITS : FREE_DEFAULT_RATE_LIMITS;
  // Which defaults apply depends on `cloudflare.plan`, outside the edge section: decided here, not in the schema.
  const rules = cfg.edge.rateLimits ?? defaults;
  return rules.map((r) => ({
    name: r.name,
    paths: [...r.paths],
    requestsPerPeriod: r.requestsPerPeriod,
    period: r.period ?? limits.defaultRateLimitPeriod,
    mitigationTimeout: r.mitigationTimeout ?? (CHALLENGE_ACTIONS.includes(r.action) ? 0 : limits.defaultMitigationTimeout),
    action: r.action,
  }));
}

export function rateLimitRules(cfg: AppConfig): EdgeRule[] {
  return desiredRateLimits(cfg).map((r) => ({
    ref: `ratelimit_${r.name.replace(/-/g, "_")}`,
    description: `Rate limit ${r.name}: ${r.requestsPerPeriod} requests per ${r.period}s per IP`,
    expression: anyPathExpr(r.paths),
    action: r.action,
    enabled: true,
    ratelimit: {
      characteristics: RATE_LIMIT_CHARACTERISTICS,
      period: r.period,
      requestsPerPeriod: r.requestsPerPeriod,
      mitigationTimeout: r.mitigationTimeout,
    },
  }));
}
