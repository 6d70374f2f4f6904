import type { RateLimitAction } from "./schema";

/** What each Cloudflare plan tier allows, for the features this repo declares. */
export type Tier = "free" | "pro" | "business" | "enterprise";
export const TIERS: readonly Tier[] = ["free", "pro", "business", "enterprise"];

export interface TierLimits {
  /** Rate-limiting rules per zone. */
  readonly rateLimitRules: number;
  /** Allowed rate-limit counting periods, seconds. */
  readonly rateLimitPeriods: readonly number[];
  /** Allowed mitigation timeouts of the block and log actions, seconds. */
  readonly mitigationTimeouts: readonly number[];
  /**
   * Allowed mitigation timeouts of the challenge actions (managed_challenge, js_challenge, challenge).
   * Below Enterprise only 0: "If you are on a Free, Pro, or Business plan and are using the API, you must
   * enable request throttling by setting the mitigation_timeout value to 0 (zero) when using the actions
   * managed_challenge, js_challenge, or challenge" (developers.cloudflare.com/waf/rate-limiting-rules/parameters/,
   * "For duration").
   */
  readonly challengeMitigationTimeouts: readonly number[];
  /** The period and mitigation timeout (block/log) of a rate limit that does not set them, seconds. */
  readonly defaultRateLimitPeriod: number;
  readonly defaultMitigationTimeout: number;
  /** Rate-limit actions: `log` (count without acting) is Enterprise only. */
  readonly rateLimitActions: readonly RateLimitAction[];
  /** WAF custom rules per zone. */
  readonly customRules: number;
  /** Single Redirect rules per zone. */
  readonly redirectRules: number;
  /** Cloudflare Managed Ruleset and OWASP Core Ruleset. */
  readonly managedRulesets: boolean;
  /** Response header transform rules. */
  readonly headerTransformRules: number;
  /**
   * Shortest Load Balancing monitor interval, seconds: "Minimum time in seconds is 60 (Pro), 15 (Business),
   * and 10 (Enterprise)" (developers.cloudflare.com/load-balancing/monitors/create-monitor/). Load Balancing
   * is an add-on on any plan and the doc gives no Free minimum: Free gets Pro's, the longest.
   */
  readonly monitorMinInterval: number;
}

/**
 * Every period and mitigation timeout Cloudflare's rate limiting accepts, seconds; each plan allows
 * those up to its maximum (cloudflare-docs src/content/partials/waf/rate-limiting-availability-by-plan.mdx,
 * footnote 3 and the "Counting periods" and "Mitigation timeout periods" rows).
 */
export const RATE_LIMIT_SUPPORTED_SECONDS: readonly number[] = [
  10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600, 65535, 86400,
];

/** The supported values a plan allows: those up to its maximum. */
const supportedUpTo = (max: number): readonly number[] => RATE_LIMIT_SUPPORTED_SECONDS.filter((s) => s <= max);
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
/** Enterprise's timeouts: 0 throttles (block) or challenges each request over the rate (challenge actions). */
const ENTERPRISE_TIMEOUTS: readonly number[] = [0, ...supportedUpTo(DAY)];

// Cloudflare's published per-plan limits (rate limiting rules, custom rules, single redirects).
export const TIER_LIMITS: Readonly<Record<Tier, TierLimits>> = {
  free: {
    rateLimitRules: 1,
    rateLimitPeriods: supportedUpTo(10),
    mitigationTimeouts: supportedUpTo(10),
    challengeMitigationTimeouts: [0],
    defaultRateLimitPeriod: 10,
    defaultMitigationTimeout: 10,
    rateLimitActions: ["block", "managed_challenge"],
    customRules: 5,
    redirectRules: 10,
    managedRulesets: false,
    headerTransformRules: 10,
    monitorMinInterval: 60,
  },
  pro: {
    rateLimitRules: 2,
    rateLimitPeriods: supportedUpTo(MINUTE),
    mitigationTimeouts: supportedUpTo(HOUR),
    challengeMitigationTimeouts: [0],
    defaultRateLimitPeriod: 60,
    defaultMitigationTimeout: 60,
    rateLimitActions: ["block", "managed_challenge"],
    customRules: 20,
    redirectRules: 25,
    managedRulesets: true,
    headerTransformRules: 25,
    monitorMinInterval: 60,
  },
  business: {
    rateLimitRules: 5,
    rateLimitPeriods: supportedUpTo(10 * MINUTE),
    mitigationTimeouts: supportedUpTo(DAY),
    challengeMitigationTimeouts: [0],
    defaultRateLimitPeriod: 60,
    defaultMitigationTimeout: 60,
    rateLimitActions: ["block", "managed_challenge"],
    customRules: 100,
    redirectRules: 50,
    managedRulesets: true,
    headerTransformRules: 50,
    monitorMinInterval: 15,
  },
  enterprise: {
    rateLimitRules: 100,
    rateLimitPeriods: supportedUpTo(65535),
    mitigationTimeouts: ENTERPRISE_TIMEOUTS,
    challengeMitigationTimeouts: ENTERPRISE_TIMEOUTS,
    defaultRateLimitPeriod: 60,
    defaultMitigationTimeout: 60,
    rateLimitActions: ["block", "managed_challenge", "log"],
    customRules: 1000,
    redirectRules: 300,
    managedRulesets: true,
    headerTransformRules: 300,
    monitorMinInterval: 10,
  },
};

/** The cheapest tier for which `allows` holds, or undefined when none does. */
export function lowestTierWhere(allows: (limits: TierLimits) => boolean): Tier | undefined {
  return TIERS.find((t) => allows(TIER_LIMITS[t]));
}
