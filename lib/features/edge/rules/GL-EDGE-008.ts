import { checkRateLimited } from "../rate-limit-coverage";
import type { Rule } from "../../../platform/readiness";

export const rateLimitChat: Rule = {
  id: "GL-EDGE-008",
  title: "Chat paths are rate limited",
  severity: "blocker",
  row: "rate-limiting",
  explanation: "Every chat request spends model tokens; without a per-client limit one script can run up the bill or starve other users.",
  fix: "Add an edge.rateLimits entry (action block or managed_challenge) whose paths cover readiness.chatPaths (default /api/chat), each with what is below it; keep its expression as golive writes it and let no skip rule for http_ratelimit match those paths.",
  check: ({ env, config }) => checkRateLimited(env, config?.readiness.chatPaths ?? ["/api/chat"], "chat"),
};
