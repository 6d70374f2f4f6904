import type { AppConfig } from "../../config/schema";
import { anyPathExpr, type EdgeRule } from "./edge-rule";

/** Per-IP counting; Cloudflare requires the data-centre id alongside the client characteristic. */
export const RATE_LIMIT_CHARACTERISTICS: readonly string[] = ["ip.src", "cf.colo.id"];

export function rateLimitRules(cfg: AppConfig): EdgeRule[] {
  return cfg.edge.rateLimits.map((r) => ({
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
