import { accessApps, hasEdge, NO_EDGE } from "../resources";
import { POLICY_TYPES, policyProblem } from "../access-audience";
import { type EnvView, indexByReference, referencedAddresses, resourceFinding, type SynthResource } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { isRecord, list, str } from "../../../core/readiness/values";

/**
 * Findings for the policies an application lists (`policies`, zero_trust_access_application/
 * schema.go:599-930 @ v5.14.0: each item either references an existing policy by `id` or defines its
 * own `decision` and include/require/exclude). Referenced policies declared in the synth are judged
 * on their own resource; one the synth does not declare cannot be read, which is a finding too.
 */
function appPolicyFindings(view: EnvView, app: SynthResource): Finding[] {
  const findings: Finding[] = [];
  list(app.attrs.policies).forEach((item, i) => {
    const id = isRecord(item) ? str(item.id) : str(item);
    if (id !== undefined) {
      const declared = [...referencedAddresses(id)].some((a) => POLICY_TYPES.includes(view.byAddress(a)?.type ?? ""));
      if (!declared)
        findings.push(
          resourceFinding(
            app,
            `policies[${i}] is policy ${JSON.stringify(id)}, which the synth does not declare, so who it admits cannot be verified`,
          ),
        );
      return;
    }
    if (!isRecord(item)) return;
    const why = policyProblem(view, item);
    const name = str(item.name);
    if (why !== undefined) findings.push(resourceFinding(app, `policies[${i}] (inline${name ? ` "${name}"` : ""}): ${why}`));
  });
  return findings;
}

export const accessPoliciesByRole: Rule = {
  id: "GL-AUTHZ-001",
  title: "Access policies admit roles, never everyone; every Access app has a policy",
  severity: "blocker",
  row: "authz",
  explanation:
    "Authorization by role starts at the edge: an allow policy for `everyone` (or any login method, country, network or device, or a public mail provider's e-mail domain such as gmail.com, directly or through an Access group), a Service Auth policy for any valid service token, or a bypass turns Access into a login page with no authorization; so does the same policy written inline on an application. An app without policies is a hostname nobody thought through.",
  fix: "Give each path in edge.access.paths the roles that need it; roles select emails, your organisation's email domains or IdP groups, and service tokens are named one by one. Remove inline policies and groups that include everyone.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const findings: Finding[] = [];
    const policies = POLICY_TYPES.flatMap((t) => [...env.ofType(t)]);
    for (const p of policies) {
      const why = policyProblem(env, p.attrs);
      if (why !== undefined) findings.push(resourceFinding(p, why));
    }
    const linkedApps = indexByReference(policies, (p) => p.attrs.application_id);
    for (const app of accessApps(env)) {
      findings.push(...appPolicyFindings(env, app));
      const hasPolicy = linkedApps.has(app.address) || list(app.attrs.policies).length > 0;
      if (!hasPolicy && app.attrs.type !== "bookmark") findings.push(resourceFinding(app, "Access application has no policies attached"));
    }
    return outcome(findings);
  },
};
