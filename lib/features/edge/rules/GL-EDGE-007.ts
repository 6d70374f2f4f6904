import { MANAGED_RULESETS, OWASP_SCORE_RULE } from "../waf";
import { hasEdge, NO_EDGE, phaseFinding, type RulesetRule } from "../resources";
import { ENFORCING_ACTIONS, executionMessage, MANAGED_PHASE, managedExecutions, ruleOverride, skipsRule } from "../managed-waf";
import type { SkipRule } from "../skip-rules";
import { resourceFinding } from "../../../core/readiness/model";
import { COMPLIANT, outcome, type Rule } from "../../../platform/readiness";
import { bool, str } from "../../../core/readiness/values";

/**
 * The OWASP ruleset only scores requests; its last rule (OWASP_SCORE_RULE) blocks when the score
 * passes the threshold, with the action configured on it (developers.cloudflare.com/waf/managed-rules/
 * reference/owasp-core-ruleset/): its own override (ruleset schema.go:358-418 @ v5.14.0) must not
 * turn it off or to log. A ruleset-level `overrides.action` is judged for every managed ruleset
 * (managed-waf.ts) even when the score rule overrides it: it also reaches the rules that score.
 */
function scoreRuleProblems(rr: RulesetRule): { problems: string[]; skips: (skip: SkipRule) => boolean } {
  const problems: string[] = [];
  const own = ruleOverride(rr, OWASP_SCORE_RULE);
  if (bool(own?.enabled) === false) problems.push("turns its score rule off (overrides.rules[].enabled = false), so nothing is blocked");
  const action = str(own?.action);
  if (action !== undefined && !ENFORCING_ACTIONS.includes(action))
    problems.push(`gives its score rule action ${JSON.stringify(action)}, so nothing is blocked`);
  return { problems, skips: (skip) => skipsRule(skip, MANAGED_RULESETS.owasp, OWASP_SCORE_RULE) };
}

export const wafOwasp: Rule = {
  id: "GL-EDGE-007",
  title: "The OWASP Core Ruleset executes in blocking mode",
  severity: "blocker",
  row: "input-validation",
  explanation:
    "The OWASP Core Ruleset scores generic attack patterns (SQLi, XSS, traversal) that signature rules miss; in log mode, with its score rule off, or skipped, it only watches them pass.",
  fix: "Keep edge.waf.managed.owasp: true (pro and higher), without overrides that turn it or its score rule off or to log, and no skip rule for it. On the free plan, exempt GL-EDGE-007 with a reason and an expiry until the plan is upgraded.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const executions = managedExecutions(env, [MANAGED_RULESETS.owasp], scoreRuleProblems);
    if (executions.some((e) => e.problems.length === 0)) return COMPLIANT;
    if (executions.length === 0)
      return outcome([
        phaseFinding(env, MANAGED_PHASE, "no enabled rule in http_request_firewall_managed executes the OWASP Core Ruleset (4814384a...)"),
      ]);
    return outcome(executions.map((e) => resourceFinding(e.rule.ruleset, executionMessage(e, "OWASP Core Ruleset"))));
  },
};
