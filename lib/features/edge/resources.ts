import { REDIRECT_ONLY_ADDRESS } from "./dns-records";
import { envFinding, type EnvView, perView, resourceFinding, type SynthResource } from "../../core/readiness/model";
import type { StackCore } from "../../platform/feature";
import { COMPLIANT, type Finding, notApplicable, type RuleOutcome } from "../../platform/readiness";
import { bool, type JsonRecord, records, str, strings } from "../../core/readiness/values";
import { specialRange } from "../../core/ip-ranges";
import { readMatch } from "./expression-match";

/** Shared readers of the Cloudflare edge resources (zone settings, rulesets, DNS, Access). */

export const NO_EDGE = notApplicable("no Cloudflare zone in this environment");

/** The zone, or (a zone adopted by id, which the stack reads instead) its settings: one of them makes an edge. */
const EDGE_CORE_TYPES: readonly string[] = ["cloudflare_zone", "cloudflare_zone_setting"];

export function hasEdge(view: EnvView): boolean {
  return EDGE_CORE_TYPES.some((type) => view.ofType(type).length > 0);
}

/**
 * Every config names a zone, so every edge stack declares its core: without one, the edge rules fail
 * (lib/engines/check/stack-cores.ts) instead of saying NO_EDGE.
 */
export const EDGE_CORE: StackCore = {
  askedBy: (cfg) => ({ path: "cloudflare.zone.name", asks: `zone ${cfg.cloudflare.zone.name}` }),
  resourceTypes: EDGE_CORE_TYPES,
};

/**
 * Settings of one setting_id, by zone. Each `cloudflare_zone_setting` is one PATCH of the zone's single
 * value, so two of them for the same zone fight: whichever applies last wins, and which one that is
 * depends on Terraform's graph walk, not the file.
 */
export function zoneSettings(view: EnvView, settingId: string): SynthResource[][] {
  const byZone = new Map<string, SynthResource[]>();
  for (const r of view.ofType("cloudflare_zone_setting")) {
    if (r.attrs.setting_id !== settingId) continue;
    const zone = JSON.stringify(r.attrs.zone_id ?? null);
    byZone.set(zone, [...(byZone.get(zone) ?? []), r]);
  }
  return [...byZone.values()];
}

/** Findings for a setting declared more than once for the same zone (one per extra declaration). */
export function duplicateSettingFindings(view: EnvView, settingId: string): Finding[] {
  return zoneSettings(view, settingId)
    .filter((group) => group.length > 1)
    .flatMap((group) =>
      group.map((r) => {
        const others = group.filter((g) => g !== r).map((g) => g.address);
        return resourceFinding(
          r,
          `${settingId} is declared ${group.length} times for this zone (also ${others.join(", ")}); whichever is applied last wins, so the zone's value is not known`,
        );
      }),
    );
}

/**
 * Checks one zone setting: missing is a finding on the environment, a wrong value a finding on the
 * resource; every declaration is judged, and a second declaration for the same zone is a finding.
 * `problem` returns why a value is not acceptable, or undefined when it is.
 */
export function checkZoneSetting(view: EnvView, settingId: string, problem: (value: unknown) => string | undefined): RuleOutcome {
  if (!hasEdge(view)) return NO_EDGE;
  const settings = view.ofType("cloudflare_zone_setting").filter((r) => r.attrs.setting_id === settingId);
  if (settings.length === 0)
    return {
      kind: "non-compliant",
      findings: [envFinding(view, `no cloudflare_zone_setting "${settingId}" is declared, so the zone keeps Cloudflare's default`, "edge")],
    };
  const findings: Finding[] = [];
  for (const r of settings) {
    const why = problem(r.attrs.value);
    if (why !== undefined) findings.push(resourceFinding(r, `${settingId}: ${why}`));
  }
  findings.push(...duplicateSettingFindings(view, settingId));
  return findings.length > 0 ? { kind: "non-compliant", findings } : COMPLIANT;
}

export interface RulesetRule {
  readonly ruleset: SynthResource;
  readonly rule: JsonRecord;
  readonly index: number;
}

/** Enabled rules of every zone ruleset in a phase. */
export function phaseRules(view: EnvView, phase: string): RulesetRule[] {
  const out: RulesetRule[] = [];
  for (const ruleset of view.ofType("cloudflare_ruleset")) {
    // The provider accepts a phase in any case (ruleset schema.go, OneOfCaseInsensitive).
    if ((str(ruleset.attrs.phase) ?? "").toLowerCase() !== phase) continue;
    records(ruleset.attrs.rules).forEach((rule, index) => {
      // An action too (`SKIP`, `LOG`): every rule reads it lower-cased from here, so none fails open.
      const action = str(rule.action);
      const read = action === undefined ? rule : { ...rule, action: action.toLowerCase() };
      if (bool(rule.enabled) !== false) out.push({ ruleset, rule: read, index });
    });
  }
  return out;
}

/**
 * A DNS record's type in capitals: the provider takes it in any case (dns_record schema.go,
 * OneOfCaseInsensitive), so `a` is an A record and every rule compares it in one case.
 */
export function recordType(r: SynthResource): string {
  return (str(r.attrs.type) ?? "").toUpperCase();
}

/** DNS records served through the proxy for users: proxied A/AAAA/CNAME. */
export function proxiedHostRecords(view: EnvView): SynthResource[] {
  return view
    .ofType("cloudflare_dns_record")
    .filter((r) => bool(r.attrs.proxied) === true && ["A", "AAAA", "CNAME"].includes(recordType(r)));
}

export function recordName(r: SynthResource): string {
  return (str(r.attrs.name) ?? "").toLowerCase().replace(/\.$/, "");
}

/**
 * Hosts a redirect rule answers for, on every path (`http.host eq "<host>"`) or on some (`... and
 * <path>`, a path-only redirect). Read as readMatch reads golive's own expressions: a rule whose host
 * clause cannot be verified names no host here.
 */
export function redirectSourceHosts(view: EnvView): Set<string> {
  const out = new Set<string>();
  for (const { rule } of phaseRules(view, "http_request_dynamic_redirect")) {
    if (rule.action !== "redirect") continue;
    for (const host of readMatch(str(rule.expression) ?? "")?.hosts ?? []) out.add(host.value.toLowerCase());
  }
  return out;
}

/**
 * An address in 100::/64 (RFC 6666, discard only): the stand-in a redirect-only name points at
 * (REDIRECT_ONLY_ADDRESS, Cloudflare's placeholder for originless setups). Nobody can reach an origin
 * there, through Cloudflare or around it.
 */
export function isDiscardAddress(address: string): boolean {
  return specialRange(address)?.kind === "discard";
}

const ACCESS_APP_TYPES = ["cloudflare_zero_trust_access_application", "cloudflare_access_application"];

/**
 * Application types that put a login in front of every HTTP request to their hostnames: self-hosted
 * apps and the browser-rendered SSH, VNC and RDP ones (the provider's selfHostedAppTypes,
 * zero_trust_access_application/plan_modifiers.go:16 @ v5.14.0, less mcp_portal, a portal Cloudflare
 * serves itself). A `bookmark` is only a tile in the App Launcher and gates nothing; saas, warp,
 * app_launcher and the rest do not sit in front of a hostname's requests either. `type` is Optional
 * with no default in v5 (zero_trust_access_application/schema.go:142), so an app without one is not counted.
 */
export const GATING_APP_TYPES: readonly string[] = ["self_hosted", "ssh", "vnc", "rdp"];

export interface AccessDestination {
  readonly app: SynthResource;
  readonly host: string;
  readonly path: string;
}

/** Host (and optional path) each Access application names: `domain`, `self_hosted_domains`, `destinations`. */
function namedDestinations(app: SynthResource): AccessDestination[] {
  const uris = [
    ...strings(app.attrs.domain),
    ...strings(app.attrs.self_hosted_domains),
    ...records(app.attrs.destinations)
      .filter((d) => d.type === undefined || d.type === "public")
      .flatMap((d) => strings(d.uri)),
  ];
  return uris.map((uri) => {
    const slash = uri.indexOf("/");
    const host = (slash === -1 ? uri : uri.slice(0, slash)).toLowerCase();
    const path = slash === -1 ? "" : uri.slice(slash).replace(/\/\*?$/, "");
    return { app, host, path };
  });
}

export function isGatingApp(app: SynthResource): boolean {
  return GATING_APP_TYPES.includes((str(app.attrs.type) ?? "").toLowerCase());
}

/** Host (and optional path) each Access application protects; only applications of a gating type count. */
export function accessDestinations(view: EnvView): AccessDestination[] {
  return accessApps(view).filter(isGatingApp).flatMap(namedDestinations);
}

/** Destinations named by Access applications that gate nothing (a bookmark, no type): they protect nothing. */
export function ungatedDestinations(view: EnvView): AccessDestination[] {
  return accessApps(view)
    .filter((app) => !isGatingApp(app))
    .flatMap(namedDestinations);
}

export function accessApps(view: EnvView): SynthResource[] {
  return ACCESS_APP_TYPES.flatMap((t) => [...view.ofType(t)]);
}

/**
 * True when `pattern` (a host, or `*.` and a domain) covers `host`. A wildcard covers one label, as
 * Access matches it: `*.example.com` covers `a.example.com`, not `example.com` nor `a.b.example.com` (a
 * subdomain wildcard "only matches that specific subdomain level. It does not cover ... multiple
 * levels": developers.cloudflare.com/cloudflare-one/access-controls/policies/app-paths/).
 */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith("*.")) return false;
  const label = host.slice(0, host.length - pattern.length + 1);
  return host.endsWith(pattern.slice(1)) && label !== "" && !label.includes(".");
}

/**
 * Hostnames users reach for the app: proxied A/AAAA/CNAME records and load balancers, minus
 * redirect-only names. A name is redirect-only when its record is the stand-in (REDIRECT_ONLY_ADDRESS)
 * and a redirect rule answers for it, whether for the whole host or only some paths: its other paths
 * reach no origin (Cloudflare answers them with its own 5xx error page), so it serves nothing that
 * Access, a health check, the WAF or the rate limits would guard.
 */
export const appHostnames = perView((view: EnvView): readonly { host: string; record: SynthResource }[] => {
  const redirected = redirectSourceHosts(view);
  const seen = new Set<string>();
  const out: { host: string; record: SynthResource }[] = [];
  // A proxied load balancer answers for its hostname as a DNS record would (the release hostname has
  // no record of its own), so it is an app hostname too.
  const balancers = view.ofType("cloudflare_load_balancer").filter((lb) => bool(lb.attrs.proxied) === true);
  for (const record of [...proxiedHostRecords(view), ...balancers]) {
    const host = recordName(record);
    if (seen.has(host) || (redirected.has(host) && str(record.attrs.content) === REDIRECT_ONLY_ADDRESS)) continue;
    seen.add(host);
    out.push({ host, record });
  }
  return out;
});

/** A finding about a missing rule of a phase: on the phase's ruleset when there is one, else on the edge stack. */
export function phaseFinding(view: EnvView, phase: string, message: string): Finding {
  const ruleset = view.ofType("cloudflare_ruleset").find((r) => (str(r.attrs.phase) ?? "").toLowerCase() === phase);
  return ruleset ? resourceFinding(ruleset, message) : envFinding(view, message, "edge");
}
