import type { RulesetRule } from "../rulesets";
import { desiredManagedRulesets, MANAGED_RULESETS, OWASP_SCORE_RULE } from "../waf";
import { hasEdge, NO_EDGE } from "../resources";
import { ENFORCING_ACTIONS, managedExecutions, managedOutcome, ruleOverride, skipsRule } from "../managed-waf";
import type { SkipRule } from "../skip-rules";
import type { EnvConfig, Rule } from "../../../platform/readiness";
import { bool, num, str } from "../../../core/readiness/values";

/**
 * The OWASP ruleset only scores requests; its last rule (OWASP_SCORE_RULE) blocks when the score
 * passes the threshold, with the action configured on it (developers.cloudflare.com/waf/managed-rules/
 * reference/owasp-core-ruleset/): its own override (ruleset schema.go:358-418 @ v5.14.0) must not
 * turn it off or to log, nor raise its threshold above the declared one. A ruleset-level
 * `overrides.action`, and category and rule overrides, are judged for every managed ruleset
 * (managed-waf.ts) even when the score rule overrides it: they reach the rules that score.
 */
function scoreRuleProblems(rr: RulesetRule, config: EnvConfig | undefined): ScoreRuleReading {
  const problems: string[] = [];
  const own = ruleOverride(rr, OWASP_SCORE_RULE);
  if (bool(own?.enabled) === false) problems.push("turns its score rule off (overrides.rules[].enabled = false), so nothing is blocked");
  const action = str(own?.action)?.toLowerCase();
  if (action !== undefined && !ENFORCING_ACTIONS.includes(action))
    problems.push(`gives its score rule action ${JSON.stringify(action)}, so nothing is blocked`);
  // A higher threshold blocks less (60 low, 40 medium, 25 high sensitivity): above what config declares
  // (or, without one, above the highest edge.waf.managed.owaspScoreThreshold allows) is weaker.
  const threshold = num(own?.score_threshold);
  const declared = config ? desiredManagedRulesets(config.app).owaspScoreThreshold : MAX_SCORE_THRESHOLD;
  if (threshold !== undefined && threshold > declared)
    problems.push(
      `sets its score rule's threshold to ${threshold}, above the ${declared} ${config ? "edge.waf.managed.owaspScoreThreshold declares" : "golive allows"}, so fewer attacks are blocked`,
    );
  return { problems, skips: (skip) => skipsRule(skip, MANAGED_RULESETS.owasp, OWASP_SCORE_RULE), judged: [OWASP_SCORE_RULE] };
}

interface ScoreRuleReading {
  readonly problems: string[];
  readonly skips: (skip: SkipRule) => boolean;
  readonly judged: readonly string[];
}

/** The least sensitive threshold edge.waf.managed.owaspScoreThreshold allows (schema.ts). */
const MAX_SCORE_THRESHOLD = 60;

export const wafOwasp: Rule = {
  id: "GL-EDGE-007",
  title: "The OWASP Core Ruleset executes in blocking mode",
  severity: "blocker",
  row: "input-validation",
  explanation:
    "The OWASP Core Ruleset scores generic attack patterns (SQLi, XSS, traversal) that signature rules miss; in log mode, with its score rule off, its threshold raised, its scoring rules off (the paranoia-level categories), or skipped, it only watches them pass.",
  fix: "Keep edge.waf.managed.owasp: true (pro and higher), without overrides that turn it, its categories, its rules or its score rule off or to log or raise the score threshold above edge.waf.managed.owaspScoreThreshold, and no skip rule for it. On the free plan, exempt GL-EDGE-007 with a reason and an expiry until the plan is upgraded.",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    return managedOutcome(
      env,
      managedExecutions(env, [MANAGED_RULESETS.owasp], (rr) => scoreRuleProblems(rr, config)),
      "OWASP Core Ruleset",
      "no enabled rule in http_request_firewall_managed executes the OWASP Core Ruleset (4814384a...)",
    );
  },
};
