import { MANAGED_RULESETS } from "../waf";
import { hasEdge, NO_EDGE } from "../resources";
import { managedExecutions, managedOutcome } from "../managed-waf";
import type { Rule } from "../../../platform/readiness";

const MANAGED_IDS: readonly string[] = [MANAGED_RULESETS.cloudflare, MANAGED_RULESETS.free];

export const wafManaged: Rule = {
  id: "GL-EDGE-006",
  title: "The Cloudflare Managed WAF ruleset executes",
  severity: "blocker",
  row: "input-validation",
  explanation:
    "The managed ruleset blocks known exploit payloads (injection, RCE, CVE probes) before they reach an app that was built for a demo. An execute rule does nothing when its overrides turn the rules off or to log only (the whole ruleset, a category such as sqli, or single rules), when its expression leaves requests out, or when a skip rule (a WAF exception) skips it.",
  fix: "Keep edge.waf.managed.cloudflare: true (pro and higher) so http_request_firewall_managed executes ruleset efb7b8c9... on every request, without overrides (ruleset, category or rule) that set enabled = false or action = log, and no skip rule for it; the free plan executes the Free Managed Ruleset. Exempt GL-EDGE-006 with a reason for a deliberate WAF exception.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    return managedOutcome(
      env,
      managedExecutions(env, MANAGED_IDS),
      "Cloudflare Managed Ruleset",
      "no enabled rule in http_request_firewall_managed executes the Cloudflare Managed (or Free Managed) ruleset",
    );
  },
};
