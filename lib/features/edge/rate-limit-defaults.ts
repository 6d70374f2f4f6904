/**
 * What the edge fills in for rate limits the config leaves out (desiredRateLimits, golive init's
 * example), and the challenge actions, whose timeout defaults to 0. Not config schema: which defaults
 * apply depends on `cloudflare.plan`, outside the edge section.
 */

/**
 * The API's challenge actions (golive offers managed_challenge): below Enterprise the API accepts them
 * only with `mitigation_timeout = 0` (see TierLimits.challengeMitigationTimeouts).
 */
export const CHALLENGE_ACTIONS: readonly string[] = ["managed_challenge", "js_challenge", "challenge"];

/**
 * Used when `edge.rateLimits` is omitted on a plan with two or more rate-limit rules: a per-IP chat
 * limit and a stricter one on tool/action calls, which can spend money or change data.
 */
export const DEFAULT_RATE_LIMITS = [
  { name: "chat", paths: ["/api/chat"], requestsPerPeriod: 30, period: 60, mitigationTimeout: 60, action: "block" },
  { name: "tools", paths: ["/api/tools", "/api/actions"], requestsPerPeriod: 10, period: 60, mitigationTimeout: 3600, action: "block" },
] as const;

/**
 * Used when `edge.rateLimits` is omitted on free: one rule (all free allows) over the chat and tool
 * paths, at the chat rate in free's only period (5 per 10 s is 30 a minute).
 */
export const FREE_DEFAULT_RATE_LIMITS = [
  {
    name: "api",
    paths: ["/api/chat", "/api/tools", "/api/actions"],
    requestsPerPeriod: 5,
    period: 10,
    mitigationTimeout: 10,
    action: "block",
  },
] as const;
