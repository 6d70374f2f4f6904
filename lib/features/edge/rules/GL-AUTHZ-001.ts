import { type AccessDestination, accessApps, destinationsFor, hasEdge, NO_EDGE } from "../resources";
import { type AccessAppModel, appCovers, desiredAccess, protectedHostnames } from "../access";
import type { AppConfig } from "../../../config/schema";
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

const shownPath = (d: AccessDestination) => d.path || "/";
const admits = (a: AccessAppModel) =>
  [...a.roles.map((r) => `role ${r}`), ...a.serviceTokens.map((t) => `service token ${t}`)].join(", ") || "nobody";

/**
 * Configured paths that, on some protected hostname, fall to a synthesized Access application built
 * for another edge.access path admitting other roles (or for none). Access applies the most specific
 * matching application (the longest path; an exact hostname before a `*.` one), so an application that
 * misses `chat.example.com/admin` leaves it to the `/` application and its roles. Which roles an
 * application admits is read from the path its destination names, as edge.access gives them.
 */
function pathFindings(view: EnvView, cfg: AppConfig): Finding[] {
  const apps = desiredAccess(cfg).apps;
  const byPath = new Map(apps.map((a) => [a.path, a]));
  const findings: Finding[] = [];
  for (const want of apps) {
    for (const host of protectedHostnames(cfg)) {
      const covering = destinationsFor(view, host).filter((d) => appCovers(shownPath(d), want.path));
      // Longest path first, then the exact hostname before a wildcard one.
      const best = covering.reduce<AccessDestination | undefined>(
        (b, d) =>
          b === undefined || d.path.length > b.path.length || (d.path.length === b.path.length && d.host === host && b.host !== host)
            ? d
            : b,
        undefined,
      );
      // No application covers the host at all: GL-AUTH-001 says so.
      if (best === undefined) continue;
      const served = byPath.get(shownPath(best));
      if (served !== undefined && admits(served) === admits(want)) continue;
      const target = `${host}${want.path === "/" ? "" : want.path}`;
      const gets =
        served === undefined ? "a path edge.access.paths does not configure" : `edge.access path ${served.path} (${admits(served)})`;
      findings.push(
        resourceFinding(
          best.app,
          `${target} falls to ${best.app.address} (most specific destination ${best.host}${best.path}), built for ${gets}; edge.access gives ${want.path} ${admits(want)}: add ${target} to the destinations of its own application`,
        ),
      );
    }
  }
  return findings;
}

export const accessPoliciesByRole: Rule = {
  id: "GL-AUTHZ-001",
  title: "Access policies admit roles, never everyone; every Access app has a policy",
  severity: "blocker",
  row: "authz",
  explanation:
    "Authorization by role starts at the edge: an allow policy for `everyone` (or any login method, country, network or device, or a public mail provider's e-mail domain such as gmail.com, directly or through an Access group), a Service Auth policy for any valid service token, or a bypass turns Access into a login page with no authorization; so does the same policy written inline on an application. An app without policies is a hostname nobody thought through, and a configured path whose own application misses a hostname falls there to a less specific application and its roles.",
  fix: "Give each path in edge.access.paths the roles that need it; roles select emails, your organisation's email domains or IdP groups, and service tokens are named one by one. Remove inline policies and groups that include everyone.",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const findings: Finding[] = config === undefined ? [] : pathFindings(env, config.app);
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
