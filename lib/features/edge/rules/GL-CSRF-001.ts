import { hasEdge, NO_EDGE, phaseFinding, phaseRules } from "../resources";
import { CUSTOM_PHASE, skippedBy, skipsHitting, skipsOf } from "../skip-rules";
import { COMPLIANT, outcome, type Rule } from "../../../platform/readiness";
import { str } from "../../../core/readiness/values";

const ORIGIN = /headers\["origin"\]/i;
/** The Referer fallback: the header map or the `http.referer` field. */
const REFERER = /headers\["referer"\]|\bhttp\.referer\b/i;

export const csrfEdge: Rule = {
  id: "GL-CSRF-001",
  title: "State-changing requests from foreign origins are blocked at the edge",
  severity: "blocker",
  row: "cors-csrf",
  explanation:
    "A browser carries the Access cookie on cross-site POSTs; blocking POST/PUT/PATCH/DELETE whose Origin (or, when a browser leaves Origin out, Referer) is foreign stops CSRF against chat actions even if the app forgets.",
  fix: "Set edge.waf.allowedOrigins; the edge stack then declares the csrf_foreign_origin block rule (Origin, else Referer) in http_request_firewall_custom.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const originRules = phaseRules(env, "http_request_firewall_custom").filter(({ rule }) => {
      const expr = str(rule.expression) ?? "";
      return rule.action === "block" && expr.includes("http.request.method") && ORIGIN.test(expr);
    });
    const full = originRules.filter(({ rule }) => REFERER.test(str(rule.expression) ?? ""));
    // A skip rule before it with `ruleset: "current"` skips it for the requests it matches (skip-rules.ts).
    const skipped = full.map((rr) => skipsHitting(env, skipsOf(env, CUSTOM_PHASE, rr)));
    if (skipped.some((skips) => skips.length === 0)) return COMPLIANT;
    const [first] = skipped;
    if (first !== undefined)
      return outcome([
        phaseFinding(env, CUSTOM_PHASE, `the block rule checking the Origin of state-changing requests is ${skippedBy(first)}`),
      ]);
    const message =
      originRules.length === 0
        ? "no enabled block rule in http_request_firewall_custom checks the Origin of state-changing requests"
        : "the block rule in http_request_firewall_custom checks the Origin of state-changing requests but lets those without an Origin through without looking at their Referer";
    return outcome([phaseFinding(env, "http_request_firewall_custom", message)]);
  },
};
