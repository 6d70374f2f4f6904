import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { ACCESS_LIMIT_RULES, accessCounts, overLimitText } from "../access-limits";

/**
 * What one environment declares over its Cloudflare account's Access limits (access-limits.ts). The
 * provider has no size validator on `destinations` (v5.14 zero_trust_access_application/schema.go), so
 * only apply would fail. Applications are never split to fit: their construct ids are state addresses.
 */
export function validateAccessLimits(cfg: AppConfig): ConfigIssue[] {
  const counts = accessCounts(cfg);
  const limits = cfg.edge.access.accountLimits;
  return ACCESS_LIMIT_RULES.filter((r) => counts[r.limit] > limits[r.limit]).map((r) => ({
    path: r.path,
    message: `${counts[r.limit]} ${r.counted} ${overLimitText(r, limits[r.limit])}`,
  }));
}
