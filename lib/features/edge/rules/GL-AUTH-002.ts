import { accessDestinations, appHostnames, hasEdge, hostMatches, NO_EDGE } from "../resources";
import { type EnvView, referencedAddresses, resourceFinding, type SynthResource } from "../../../core/readiness/model";
import { COMPLIANT, type Finding, outcome, type Rule } from "../../../platform/readiness";
import { bool, records, str } from "../../../core/readiness/values";
import { isTunnelTarget } from "../origin-lockdown";

const AOP_TYPE = "cloudflare_authenticated_origin_pulls_settings";

/** Where a user-facing hostname sends requests: a record's content, or every origin of a load balancer's pools. */
function originsOf(view: EnvView, resource: SynthResource): string[] {
  if (resource.type !== "cloudflare_load_balancer") return [str(resource.attrs.content) ?? ""];
  const pools = referencedAddresses([resource.attrs.default_pools, resource.attrs.fallback_pool]);
  return [...pools].flatMap((address) => records(view.byAddress(address)?.attrs.origins).map((o) => str(o.address) ?? ""));
}

export const originLockdown: Rule = {
  id: "GL-AUTH-002",
  title: "Origins answer only Cloudflare, so nobody skips Access by calling an origin",
  severity: "blocker",
  row: "auth",
  explanation:
    "Access, the WAF and the rate limits run at Cloudflare's edge. An origin that answers anyone who finds its address (old DNS, certificate logs, scans) serves the app with no login at all; origins must refuse requests that did not come through the zone.",
  fix: "Keep edge.originLockdown at authenticated-origin-pulls (the edge stack enables global Authenticated Origin Pulls; each origin must then require Cloudflare's origin-pull client certificate: runbooks/deploy.md), or serve every hostname from a Cloudflare Tunnel (edge.originLockdown: tunnel, origins <id>.cfargotunnel.com).",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const pulls = env.ofType(AOP_TYPE);
    if (pulls.some((r) => bool(r.attrs.enabled) === true)) return COMPLIANT;
    const findings: Finding[] = pulls.map((r) => resourceFinding(r, "global Authenticated Origin Pulls is declared with enabled = false"));
    const jwt = config?.app.edge.originLockdown === "access-jwt";
    const whole = accessDestinations(env).filter((d) => d.path === "");
    const behindAccess = (host: string) => whole.some((d) => hostMatches(d.host, host));
    for (const { host, record } of appHostnames(env)) {
      const open = originsOf(env, record).filter((o) => !isTunnelTarget(o));
      if (open.length === 0) continue;
      // The app checks the Access JWT (edge.originLockdown: access-jwt): that locks only hosts behind Access.
      if (jwt && behindAccess(host)) continue;
      const why = jwt
        ? "it is not behind Access, so no Access JWT reaches its origin to check (edge.originLockdown: access-jwt)"
        : `no global Authenticated Origin Pulls (${AOP_TYPE}) and not a Cloudflare Tunnel`;
      findings.push(
        resourceFinding(
          record,
          `${host} is served from ${open.join(", ")}, reachable without Cloudflare: ${why}; a direct request skips what Cloudflare enforces (Access, WAF, rate limits)`,
        ),
      );
    }
    return outcome(findings);
  },
};
