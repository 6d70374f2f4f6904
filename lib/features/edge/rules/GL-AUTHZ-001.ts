import { accessApps, hasEdge, NO_EDGE } from "../resources";
import { indexByReference, resourceFinding } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { isRecord, records, str, strings } from "../../../core/readiness/values";

const POLICY_TYPES = ["cloudflare_zero_trust_access_policy", "cloudflare_access_policy"];
/** Include selectors that admit anyone with an account or a token: not a role. */
const OPEN_SELECTORS = ["everyone", "any_valid_service_token", "login_method", "certificate"];

export const accessPoliciesByRole: Rule = {
  id: "GL-AUTHZ-001",
  title: "Access policies admit roles, never everyone; every Access app has a policy",
  severity: "blocker",
  row: "authz",
  explanation:
    "Authorization by role starts at the edge: an allow policy for `everyone` (or any valid service token) or a bypass turns Access into a login page with no authorization, and an app without policies is a hostname nobody thought through.",
  fix: "Give each path in edge.access.paths the roles that need it; roles select emails, email domains or IdP groups.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const findings: Finding[] = [];
    for (const type of POLICY_TYPES) {
      for (const p of env.ofType(type)) {
        const decision = str(p.attrs.decision);
        if (decision === "bypass") findings.push(resourceFinding(p, 'decision is "bypass": requests skip authentication'));
        if (decision !== "allow") continue;
        const open = records(p.attrs.include).flatMap((inc) => OPEN_SELECTORS.filter((s) => isRecord(inc[s]) || inc[s] === true));
        if (open.length > 0)
          findings.push(resourceFinding(p, `allow policy includes ${open.join(", ")}: anyone who can sign in gets through`));
      }
    }
    const linkedApps = indexByReference(
      POLICY_TYPES.flatMap((t) => [...env.ofType(t)]),
      (p) => p.attrs.application_id,
    );
    for (const app of accessApps(env)) {
      const linked = linkedApps.has(app.address);
      const hasPolicy = linked || records(app.attrs.policies).length > 0 || strings(app.attrs.policies).length > 0;
      if (!hasPolicy && app.attrs.type !== "bookmark") findings.push(resourceFinding(app, "Access application has no policies attached"));
    }
    return outcome(findings);
  },
};
