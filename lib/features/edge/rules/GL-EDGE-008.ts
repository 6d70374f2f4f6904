import { checkRateLimited } from "../resources";
import type { Rule } from "../../../platform/readiness";

export const rateLimitChat: Rule = {
  id: "GL-EDGE-008",
  title: "Chat paths are rate limited",
  severity: "blocker",
  row: "rate-limiting",
  explanation: "Every chat request spends model tokens; without a per-client limit one script can run up the bill or starve other users.",
  fix: "Add an edge.rateLimits entry (action block or managed_challenge) whose paths cover readiness.chatPaths (default /api/chat).",
  check: ({ env, config }) => checkRateLimited(env, config?.readiness.chatPaths ?? ["/api/chat"], "chat"),
};
