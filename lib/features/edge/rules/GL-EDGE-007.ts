import { MANAGED_RULESETS } from "../waf";
import { hasEdge, NO_EDGE, phaseFinding, phaseRules } from "../resources";
import { resourceFinding } from "../../../core/readiness/model";
import { COMPLIANT, outcome, type Rule } from "../../../platform/readiness";
import { at, records } from "../../../core/readiness/values";

export const wafOwasp: Rule = {
  id: "GL-EDGE-007",
  title: "The OWASP Core Ruleset executes in blocking mode",
  severity: "blocker",
  row: "input-validation",
  explanation:
    "The OWASP Core Ruleset scores generic attack patterns (SQLi, XSS, traversal) that signature rules miss; in log mode it only watches them pass.",
  fix: "Keep edge.waf.managed.owasp: true (pro and higher). On the free plan, exempt GL-EDGE-007 with a reason and an expiry until the plan is upgraded.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const owasp = phaseRules(env, "http_request_firewall_managed").filter(
      ({ rule }) => rule.action === "execute" && at(rule, "action_parameters", "id") === MANAGED_RULESETS.owasp,
    );
    if (owasp.length === 0)
      return outcome([
        phaseFinding(
          env,
          "http_request_firewall_managed",
          "no enabled rule in http_request_firewall_managed executes the OWASP Core Ruleset (4814384a...)",
        ),
      ]);
    for (const { ruleset, rule, index } of owasp) {
      const overrides = at(rule, "action_parameters", "overrides");
      const logging = at(overrides, "action") === "log" || records(at(overrides, "rules")).some((o) => o.action === "log");
      if (!logging) return COMPLIANT;
      if (owasp.length === 1)
        return outcome([resourceFinding(ruleset, `rules[${index}] runs the OWASP Core Ruleset with action "log", so nothing is blocked`)]);
    }
    return outcome([phaseFinding(env, "http_request_firewall_managed", "every OWASP Core Ruleset execution is overridden to log only")]);
  },
};
