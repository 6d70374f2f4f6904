import { MANAGED_RULESETS } from "../waf";
import { hasEdge, NO_EDGE, phaseFinding, phaseRules } from "../resources";
import { COMPLIANT, outcome, type Rule } from "../../../platform/readiness";
import { at } from "../../../core/readiness/values";

const MANAGED_IDS: readonly string[] = [MANAGED_RULESETS.cloudflare, MANAGED_RULESETS.free];

export const wafManaged: Rule = {
  id: "GL-EDGE-006",
  title: "The Cloudflare Managed WAF ruleset executes",
  severity: "blocker",
  row: "input-validation",
  explanation:
    "The managed ruleset blocks known exploit payloads (injection, RCE, CVE probes) before they reach an app that was built for a demo.",
  fix: "Keep edge.waf.managed.cloudflare: true (pro and higher) so http_request_firewall_managed executes ruleset efb7b8c9...; the free plan executes the Free Managed Ruleset.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const ok = phaseRules(env, "http_request_firewall_managed").some(
      ({ rule }) => rule.action === "execute" && MANAGED_IDS.includes(String(at(rule, "action_parameters", "id"))),
    );
    return ok
      ? COMPLIANT
      : outcome([
          phaseFinding(
            env,
            "http_request_firewall_managed",
            "no enabled rule in http_request_firewall_managed executes the Cloudflare Managed (or Free Managed) ruleset",
          ),
        ]);
  },
};
