import { hasEdge, NO_EDGE, phaseFinding, phaseRules } from "../resources";
import { COMPLIANT, outcome, type Rule } from "../../../platform/readiness";
import { str } from "../../../core/readiness/values";

export const csrfEdge: Rule = {
  id: "GL-CSRF-001",
  title: "State-changing requests from foreign origins are blocked at the edge",
  severity: "blocker",
  row: "cors-csrf",
  explanation:
    "A browser carries the Access cookie on cross-site POSTs; blocking foreign Origin headers on POST/PUT/PATCH/DELETE stops CSRF against chat actions even if the app forgets.",
  fix: "Set edge.waf.allowedOrigins; the edge stack then declares the csrf_foreign_origin block rule in http_request_firewall_custom.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const ok = phaseRules(env, "http_request_firewall_custom").some(({ rule }) => {
      const expr = str(rule.expression) ?? "";
      return rule.action === "block" && expr.includes("http.request.method") && /headers\["origin"\]/i.test(expr);
    });
    return ok
      ? COMPLIANT
      : outcome([
          phaseFinding(
            env,
            "http_request_firewall_custom",
            "no enabled block rule in http_request_firewall_custom checks the Origin of state-changing requests",
          ),
        ]);
  },
};
