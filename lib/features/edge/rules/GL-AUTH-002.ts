import { appHostnames, cannotTell, destinationsFor, hasEdge, isDiscardAddress, NO_EDGE } from "../resources";
import { inEnvZone, offZoneFindings } from "../zone-scope";
import { type EnvView, referencedAddresses, resourceFinding, type SynthResource } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { literalBool, records, str } from "../../../core/readiness/values";
import { isTunnelTarget, ORIGIN_PULL_KEY_SECRET } from "../origin-lockdown";

const AOP_TYPE = "cloudflare_authenticated_origin_pulls_settings";
const AOP_CERTIFICATE_TYPE = "cloudflare_authenticated_origin_pulls_certificate";

/**
 * Without a certificate of the zone's own, origin pulls present Cloudflare's global one, which "is
 * shared across all Cloudflare accounts ... only guarantees that a request is coming from the Cloudflare
 * network" (developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/global/).
 */
const GLOBAL_ONLY = `only global Authenticated Origin Pulls (no ${AOP_CERTIFICATE_TYPE}): Cloudflare presents the certificate it shares across all accounts, so anyone can add a zone in their own Cloudflare account that proxies to this origin, pass its certificate check and skip Access, the WAF and the rate limits; set edge.originPullCertificate to a client certificate of your own CA (its key is the deploy secret ${ORIGIN_PULL_KEY_SECRET}) and make the origins trust only that CA (runbooks/deploy.md, "Origin lockdown")`;

/** Where a user-facing hostname sends requests: a record's content, or every origin of a load balancer's pools. */
function originsOf(view: EnvView, resource: SynthResource): string[] {
  if (resource.type !== "cloudflare_load_balancer") return [str(resource.attrs.content) ?? ""];
  const pools = referencedAddresses([resource.attrs.default_pools, resource.attrs.fallback_pool]);
  return [...pools].flatMap((address) => records(view.byAddress(address)?.attrs.origins).map((o) => str(o.address) ?? ""));
}

/**
 * Public hostnames (no Access application) served from an origin that also serves a hostname behind
 * Access (a release pool's origins serve the release hostname, always behind Access). Lockdown proves
 * "through Cloudflare", not "for which hostname": Cloudflare's requests for the public hostname pass
 * the origin's certificate check too, and an origin that serves the app whatever the Host header then
 * serves it there without a login. With access-jwt the app refuses a request without an Access token
 * whatever its hostname (and the branch below already names a public hostname with an open origin);
 * tunnel origins route by hostname in the tunnel's own ingress rules, which the synth does not show.
 */
function sharedOriginFindings(env: EnvView, jwt: boolean): Finding[] {
  if (jwt) return [];
  const isGated = (host: string) => destinationsFor(env, host).length > 0;
  const lockable = (origin: string) => origin !== "" && !isTunnelTarget(origin) && !isDiscardAddress(origin);
  const hosts = appHostnames(env);
  const gatedBy = new Map<string, string>();
  for (const { host, record } of hosts)
    if (isGated(host)) for (const origin of originsOf(env, record).filter(lockable)) gatedBy.set(sameOrigin(origin), host);
  const findings: Finding[] = [];
  for (const { host, record } of hosts) {
    if (isGated(host)) continue;
    const shared = originsOf(env, record).filter((o) => lockable(o) && gatedBy.has(sameOrigin(o)));
    const [origin] = shared;
    if (origin === undefined) continue;
    const other = gatedBy.get(sameOrigin(origin));
    findings.push(
      resourceFinding(
        record,
        `${host} is public (no Access application) but served from ${shared.join(", ")}, which also serves ${other} behind Access: Cloudflare's requests for ${host} pass the origin's lockdown, so an origin that serves the app whatever the Host header serves ${other} there without a login; give ${host} an origin of its own, or put it behind Access`,
      ),
    );
  }
  return findings;
}

/** An origin address as two records name the same one: IP text and DNS names compared without case or a final dot. */
function sameOrigin(origin: string): string {
  return origin.toLowerCase().replace(/\.$/, "");
}

export const originLockdown: Rule = {
  id: "GL-AUTH-002",
  title: "Origins answer only Cloudflare, so nobody skips Access by calling an origin",
  severity: "blocker",
  row: "auth",
  explanation:
    "Access, the WAF and the rate limits run at Cloudflare's edge. An origin that answers anyone who finds its address (old DNS, certificate logs, scans) serves the app with no login at all; origins must refuse requests that did not come through the zone. A public hostname sharing an origin with a hostname behind Access (or a release pool) is a blocker too: the lockdown lets Cloudflare's requests for it through, and an origin that serves the app whatever the Host header serves it there without a login.",
  fix: `Keep edge.originLockdown at authenticated-origin-pulls with edge.originPullCertificate set to a client certificate of your own CA (zone-level Authenticated Origin Pulls; its private key is the deploy secret ${ORIGIN_PULL_KEY_SECRET}, and each origin requires a certificate of that CA: runbooks/deploy.md, "Origin lockdown"); Cloudflare's global certificate alone does not count, as every Cloudflare account shares it. Or serve every hostname from a Cloudflare Tunnel (edge.originLockdown: tunnel, origins <id>.cfargotunnel.com). Give a public hostname an origin no hostname behind Access uses, or put it behind Access; exempt GL-AUTH-002 with a reason only when that origin refuses every Host but the public one.`,
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const jwt = config?.app.edge.originLockdown === "access-jwt";
    const shared = sharedOriginFindings(env, jwt);
    // Origin pulls of another zone lock nothing here (zone-scope.ts); an enabled golive cannot read
    // ("${true}") locks nothing for sure.
    const declared = [...env.ofType(AOP_TYPE), ...env.ofType(AOP_CERTIFICATE_TYPE)];
    const problems: Finding[] = [...offZoneFindings(env, declared), ...shared];
    const pulls = env.ofType(AOP_TYPE).filter((r) => inEnvZone(env, r));
    const reads = pulls.map((r) => ({ r, enabled: literalBool(r.attrs.enabled) }));
    for (const { r, enabled } of reads)
      if (enabled.kind === "unknown")
        problems.push(resourceFinding(r, cannotTell("whether origin pulls are on", "enabled", enabled.shown)));
    const enabled = reads.some((p) => p.enabled.kind === "value" && p.enabled.value);
    const ownCertificate = env.ofType(AOP_CERTIFICATE_TYPE).some((r) => inEnvZone(env, r) && (str(r.attrs.certificate) ?? "") !== "");
    if (enabled && ownCertificate) return outcome(problems);
    const findings: Finding[] = reads
      .filter((p) => p.enabled.kind !== "unknown" && !(p.enabled.kind === "value" && p.enabled.value))
      .map((p) => resourceFinding(p.r, "Authenticated Origin Pulls is declared with enabled = false"));
    findings.push(...problems);
    const behindAccess = (host: string) => destinationsFor(env, host).some((d) => d.path === "");
    for (const { host, record } of appHostnames(env)) {
      // A tunnel answers only Cloudflare; 100::/64 (the redirect-only stand-in) answers nobody at all.
      const open = originsOf(env, record).filter((o) => !isTunnelTarget(o) && !isDiscardAddress(o));
      if (open.length === 0) continue;
      // The app checks the Access JWT (edge.originLockdown: access-jwt): that locks only hosts behind Access.
      if (jwt && behindAccess(host)) continue;
      const served = `${host} is served from ${open.join(", ")}`;
      if (enabled && !jwt) {
        findings.push(resourceFinding(record, `${served}, reachable through any Cloudflare zone: ${GLOBAL_ONLY}`));
        continue;
      }
      const why = jwt
        ? "it is not behind Access, so no Access JWT reaches its origin to check (edge.originLockdown: access-jwt)"
        : `no zone-level Authenticated Origin Pulls (${AOP_CERTIFICATE_TYPE} and an enabled ${AOP_TYPE}) and not a Cloudflare Tunnel`;
      findings.push(
        resourceFinding(
          record,
          `${served}, reachable without Cloudflare: ${why}; a direct request skips what Cloudflare enforces (Access, WAF, rate limits)`,
        ),
      );
    }
    return outcome(findings);
  },
};
