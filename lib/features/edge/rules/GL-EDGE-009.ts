import { checkRateLimited } from "../rate-limit-coverage";
import type { Rule } from "../../../platform/readiness";

export const rateLimitTools: Rule = {
  id: "GL-EDGE-009",
  title: "Tool and action paths are rate limited",
  severity: "blocker",
  row: "rate-limiting",
  explanation:
    "Tool calls act on real systems (tickets, deploys, messages); a runaway agent or a hostile prompt must hit a low ceiling quickly.",
  fix: "Add an edge.rateLimits entry (action block) whose paths cover readiness.toolPaths (default /api/tools), each with what is below it; keep its expression as golive writes it and let no skip rule for http_ratelimit match those paths.",
  check: ({ env, config }) => checkRateLimited(env, config?.readiness.toolPaths ?? ["/api/tools"], "tool"),
};
