import { CUSTOM_PHASE, phaseFinding, phaseProblems, phaseRules, type RulesetRule } from "../rulesets";
import { allowedOrigins, csrfExpression, csrfOriginsIn, STATE_CHANGING_METHODS } from "../csrf";
import { hasEdge, NO_EDGE } from "../resources";
import { ruleName, skippedBy, skipsHitting, skipsOf } from "../skip-rules";
import { type EnvConfig, outcome, type Rule } from "../../../platform/readiness";
import { str } from "../../../core/readiness/values";

const ORIGIN = /headers\["origin"\]/i;

/**
 * The expression a rule must have to count: the one csrf.ts builds for edge.waf.allowedOrigins, or,
 * with no config, for the origins the rule's own Origin set names. Text that merely mentions the
 * method, Origin and Referer (`http.request.method eq "TRACE" and ...`) proves nothing, and reading
 * every way to write the same test is a parser golive does not need: it writes this one.
 */
function expectedExpression(rr: RulesetRule, config: EnvConfig | undefined): string | undefined {
  if (config !== undefined) return csrfExpression(allowedOrigins(config.app));
  const origins = csrfOriginsIn(str(rr.rule.expression) ?? "");
  return origins === undefined ? undefined : csrfExpression(origins);
}

export const csrfEdge: Rule = {
  id: "GL-CSRF-001",
  title: "State-changing requests from foreign origins are blocked at the edge",
  severity: "blocker",
  row: "cors-csrf",
  explanation:
    "A browser carries the Access cookie on cross-site POSTs; blocking POST/PUT/PATCH/DELETE whose Origin (or, when a browser leaves Origin out, Referer) is foreign stops CSRF against chat actions even if the app forgets. Only the rule golive writes counts: its expression is compared with the one built from edge.waf.allowedOrigins, as a rule that only mentions the method and the headers may test anything.",
  fix: "Set edge.waf.allowedOrigins; the edge stack then declares the csrf_foreign_origin block rule (Origin, else Referer) in http_request_firewall_custom. Keep its expression as golive writes it.",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const originRules = phaseRules(env, CUSTOM_PHASE).filter(
      ({ rule }) => rule.action === "block" && ORIGIN.test(str(rule.expression) ?? ""),
    );
    const full = originRules.filter((rr) => str(rr.rule.expression) === expectedExpression(rr, config));
    // A skip rule before it with `ruleset: "current"` skips it for the requests it matches (skip-rules.ts).
    const skipped = full.map((rr) => skipsHitting(env, skipsOf(env, CUSTOM_PHASE, rr)));
    const problems = phaseProblems(env, CUSTOM_PHASE);
    if (skipped.some((skips) => skips.length === 0)) return outcome(problems);
    const [first] = skipped;
    if (first !== undefined)
      return outcome([
        ...problems,
        phaseFinding(env, CUSTOM_PHASE, `the block rule checking the Origin of state-changing requests is ${skippedBy(first)}`),
      ]);
    const [other] = originRules;
    const message =
      other === undefined
        ? "no enabled block rule in http_request_firewall_custom checks the Origin of state-changing requests"
        : `${ruleName(other)} checks the Origin header, but its expression is not the one golive writes for ${config ? "edge.waf.allowedOrigins" : "the origins it allows"}, so it is not known to block every ${STATE_CHANGING_METHODS.join(", ")} whose Origin (or, without one, Referer) is foreign`;
    return outcome([...problems, phaseFinding(env, CUSTOM_PHASE, message)]);
  },
};
