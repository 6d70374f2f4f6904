import {
  accessAppProblems,
  destinationsFor,
  accessApps,
  appHostnames,
  hasEdge,
  isGatingApp,
  hostMatches,
  NO_EDGE,
  recordName,
  ungatedDestinations,
  type AccessDestination,
  GATING_APP_TYPES,
  hostRecordProblems,
} from "../resources";
import { type EnvView, resourceFinding, type SynthResource } from "../../../core/readiness/model";
import { type EnvConfig, type Finding, outcome, type Rule } from "../../../platform/readiness";
import { literalBool, str } from "../../../core/readiness/values";

/**
 * Hostnames declared public, with their reason. The config is the source: it validates the reason
 * (>= 10 characters) and the synthesized record carries none. Without a config, a DNS record comment
 * `public: <reason>` is accepted so the rule still works on a bare synth artifact.
 */
function publicReason(config: EnvConfig | undefined, host: string, comment: string | undefined): string | undefined {
  const declared = config?.app.edge.hostnames.find((h) => h.name === host)?.public?.reason;
  if (declared !== undefined) return declared;
  const m = /^public:\s*(.{10,})$/i.exec(comment ?? "");
  return m?.[1];
}

/** Names an Access application that lists the host but gates no request (a bookmark, no type). */
function ungatedNote(ungated: readonly AccessDestination[], host: string): string {
  const app = ungated.find((d) => hostMatches(d.host, host))?.app;
  if (app === undefined) return "";
  const type = JSON.stringify(app.attrs.type ?? null);
  return ` (${app.address} names it, but its type ${type} puts no login in front of requests; only ${GATING_APP_TYPES.join(", ")} do)`;
}

/** `proxied` false or left out: the record answers with the origin's address. */
function dnsOnly(r: SynthResource): boolean {
  const proxied = literalBool(r.attrs.proxied);
  return proxied.kind === "absent" || (proxied.kind === "value" && !proxied.value);
}

/**
 * Gating apps that let OPTIONS requests through to the origin unauthenticated: `options_preflight_bypass`
 * "allows options preflight requests to bypass Access authentication and go directly to the origin"
 * (zero_trust_access_application schema @ v5.14.0). An expression may be true, so it fails closed.
 */
function preflightBypassFindings(env: EnvView): Finding[] {
  return accessApps(env)
    .filter(isGatingApp)
    .flatMap((app) => {
      const bypass = literalBool(app.attrs.options_preflight_bypass);
      if (bypass.kind === "absent" || (bypass.kind === "value" && !bypass.value)) return [];
      const shown = bypass.kind === "value" ? "true" : `${bypass.shown}, which may be true`;
      const name = JSON.stringify(str(app.attrs.name) ?? app.address);
      return [
        resourceFinding(
          app,
          `Access application ${name} (${app.address}) has options_preflight_bypass ${shown}: OPTIONS requests reach the origin without Access authentication; remove it (answer preflights with cors_headers instead)`,
        ),
      ];
    });
}

export const accessEveryHostname: Rule = {
  id: "GL-AUTH-001",
  title: "Every app hostname is behind Cloudflare Access (or declared public with a reason)",
  severity: "blocker",
  row: "auth",
  explanation:
    "An internal chatbot reachable without login exposes its tools and data to the internet; an unprotected hostname is usually an oversight, so being public must be a written decision.",
  fix: "Leave the hostname without `public:` so the edge stack creates an Access application for it, or add `public: {reason: ...}` to edge.hostnames[] in config.",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const isProtected = (host: string) => destinationsFor(env, host).some((d) => d.path === "");
    const ungated = ungatedDestinations(env).filter((d) => d.path === "");
    const findings = appHostnames(env)
      .filter(({ host, record }) => !isProtected(host) && publicReason(config, host, str(record.attrs.comment)) === undefined)
      .map(({ host, record }) =>
        resourceFinding(
          record,
          `${host} is proxied to users but no Access application covers it and it is not declared public${ungatedNote(ungated, host)}`,
        ),
      );
    // Records golive cannot read (proxied "${true}") and Access applications whose hostnames it cannot.
    findings.push(...hostRecordProblems(env), ...accessAppProblems(env), ...preflightBypassFindings(env));
    // An app hostname served DNS-only skips the proxy, so Access (and the WAF) never see its requests.
    for (const h of config?.app.edge.hostnames ?? []) {
      if (h.proxied || h.public) continue;
      const record = env.ofType("cloudflare_dns_record").find((r) => recordName(r) === h.name && dnsOnly(r));
      if (record)
        findings.push(
          resourceFinding(
            record,
            `${h.name} is DNS-only (proxied: false), so requests reach the origin without Access; proxy it or declare it public`,
          ),
        );
    }
    return outcome(findings);
  },
};
