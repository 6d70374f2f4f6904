import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { desiredRateLimits, MAX_REQUESTS_PER_SECOND } from "../rate-limits";

export function validateRateLimits(cfg: AppConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = new Map<string, number>();
  // With the plan's defaults filled in; omitted rate limits are defaults that always pass.
  desiredRateLimits(cfg).forEach((r, i) => {
    const prev = names.get(r.name);
    if (prev !== undefined)
      issues.push({ path: ["edge", "rateLimits", i, "name"], message: `"${r.name}" is used twice (also edge.rateLimits[${prev}])` });
    names.set(r.name, i);
    const perSecond = r.requestsPerPeriod / r.period;
    if (perSecond > MAX_REQUESTS_PER_SECOND) {
      issues.push({
        path: ["edge", "rateLimits", i, "requestsPerPeriod"],
        message: `${r.requestsPerPeriod} per ${r.period}s is ${perSecond.toFixed(0)} requests/s per IP; allowed: at most ${MAX_REQUESTS_PER_SECOND}/s (${MAX_REQUESTS_PER_SECOND * r.period} per ${r.period}s)`,
      });
    }
  });
  return issues;
}
