import { REDIRECT_ONLY_ADDRESS } from "./dns-records";
import { envFinding, type EnvView, perView, resourceFinding, type SynthResource } from "../../core/readiness/model";
import type { StackCore } from "../../platform/feature";
import { COMPLIANT, type Finding, notApplicable, type RuleOutcome } from "../../platform/readiness";
import { literalBool, literalStr, records, str, strings, templateIn } from "../../core/readiness/values";
import { specialRange } from "../../core/ip-ranges";
import { readMatch } from "./expression-match";
import { groupBy } from "../../core/group-by";
import { phaseRules } from "./rulesets";
import { inEnvZone, offZoneFindings } from "./zone-scope";

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

/** The literal setting_id of a zone setting, or undefined when it is none (an expression: see settingReadFindings). */
function settingId(r: SynthResource): string | undefined {
  const id = literalStr(r.attrs.setting_id);
  return id.kind === "value" ? id.value : undefined;
}

/** Zone settings of one setting_id (every zone). */
function settingsOf(view: EnvView, id: string): SynthResource[] {
  return view.ofType("cloudflare_zone_setting").filter((r) => settingId(r) === id);
}

/** The settings of `id` in the environment's zone. */
export function zoneSettings(view: EnvView, id: string): SynthResource[] {
  return settingsOf(view, id).filter((r) => inEnvZone(view, r));
}

/**
 * Findings for a setting declared more than once for the environment's zone (one per declaration).
 * Each `cloudflare_zone_setting` is one PATCH of the zone's single value, so two of them fight:
 * whichever applies last wins, and which one that is depends on Terraform's graph walk, not the file.
 */
export function duplicateSettingFindings(view: EnvView, id: string): Finding[] {
  const group = zoneSettings(view, id);
  if (group.length < 2) return [];
  return group.map((r) => {
    const others = group.filter((g) => g !== r).map((g) => g.address);
    return resourceFinding(
      r,
      `${id} is declared ${group.length} times for this zone (also ${others.join(", ")}); whichever is applied last wins, so the zone's value is not known`,
    );
  });
}

/**
 * What keeps the zone's settings of `id` from being read: declarations for another zone
 * (zone-scope.ts), and settings whose setting_id is an expression (it may be this one).
 */
export function settingReadFindings(view: EnvView, id: string): Finding[] {
  const unreadable = view.ofType("cloudflare_zone_setting").flatMap((r) => {
    const read = literalStr(r.attrs.setting_id);
    return read.kind === "unknown" ? [resourceFinding(r, cannotTell("which setting it is", "setting_id", read.shown))] : [];
  });
  return [...offZoneFindings(view, settingsOf(view, id)), ...unreadable];
}

/**
 * Checks one zone setting: missing from the environment's zone is a finding on the environment, a
 * wrong value (or one golive cannot read) a finding on the resource; every declaration is judged, a
 * second declaration for the zone is a finding, and so is one for another zone. `problem` returns why
 * a value is not acceptable, or undefined when it is.
 */
export function checkZoneSetting(view: EnvView, id: string, problem: (value: unknown) => string | undefined): RuleOutcome {
  if (!hasEdge(view)) return NO_EDGE;
  const findings: Finding[] = settingReadFindings(view, id);
  const settings = zoneSettings(view, id);
  if (settings.length === 0)
    findings.push(
      envFinding(view, `no cloudflare_zone_setting "${id}" is declared for the zone, so it keeps Cloudflare's default`, "edge"),
    );
  for (const r of settings) {
    const template = templateIn(r.attrs.value, "value");
    if (template !== undefined)
      findings.push(resourceFinding(r, cannotTell(`its ${id}`, template.path, `the expression ${template.value}`)));
    const why = template === undefined ? problem(r.attrs.value) : undefined;
    if (why !== undefined) findings.push(resourceFinding(r, `${id}: ${why}`));
  }
  findings.push(...duplicateSettingFindings(view, id));
  return findings.length > 0 ? { kind: "non-compliant", findings } : COMPLIANT;
}

/** "cannot tell <what>: <attribute> is <shown>; write a literal": a value golive cannot read. */
export function cannotTell(what: string, attribute: string, shown: string): string {
  return `cannot tell ${what}: ${attribute} is ${shown}; write a literal`;
}

/**
 * A DNS record's type in capitals: the provider takes it in any case (dns_record schema.go,
 * OneOfCaseInsensitive), so `a` is an A record and every rule compares it in one case.
 */
export function recordType(r: SynthResource): string {
  return (str(r.attrs.type) ?? "").toUpperCase();
}

const HOST_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

/** True when a record may be an A/AAAA/CNAME: it is one, or its type is an expression. */
function mayBeHostRecord(r: SynthResource): boolean {
  const type = literalStr(r.attrs.type);
  return type.kind === "unknown" || (type.kind === "value" && HOST_TYPES.includes(type.value.toUpperCase()));
}

/**
 * DNS records served through the proxy for users: proxied A/AAAA/CNAME, and those golive cannot tell
 * are not (a type or `proxied` written as an expression): they may serve users, so they are judged as
 * app hostnames, and hostRecordProblems names them.
 */
export function proxiedHostRecords(view: EnvView): SynthResource[] {
  return view.ofType("cloudflare_dns_record").filter((r) => mayBeHostRecord(r) && mayBeProxied(r));
}

/** `proxied` is true, or an expression that may be. */
function mayBeProxied(r: SynthResource): boolean {
  const proxied = literalBool(r.attrs.proxied);
  return proxied.kind === "unknown" || (proxied.kind === "value" && proxied.value);
}

/**
 * Records and load balancers that may serve users whose type, `proxied` or name golive cannot read:
 * whether Access and the WAF see their requests, or for which hostname, is not known.
 */
export const hostRecordProblems = perView((view: EnvView): Finding[] => {
  const findings: Finding[] = [];
  const check = (r: SynthResource, attribute: string, what: string) => {
    const read = attribute === "proxied" ? literalBool(r.attrs[attribute]) : literalStr(r.attrs[attribute]);
    if (read.kind === "unknown") findings.push(resourceFinding(r, cannotTell(what, attribute, read.shown)));
  };
  // A record DNS-only for sure answers with its content, not for users through the proxy: its name
  // may be an expression (SES's DKIM CNAMEs are).
  for (const r of view.ofType("cloudflare_dns_record").filter((r) => mayBeHostRecord(r) && mayBeProxied(r))) {
    check(r, "type", "whether it serves a hostname");
    check(r, "proxied", "whether its requests go through Cloudflare (Access, the WAF) or straight to the origin");
    check(r, "name", "which hostname it serves");
  }
  for (const lb of view.ofType("cloudflare_load_balancer")) {
    check(lb, "proxied", "whether its requests go through Cloudflare (Access, the WAF) or straight to the origins");
    check(lb, "name", "which hostname it serves");
  }
  return findings;
});

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

/**
 * The gating destinations that can cover `host` (hostMatches: its own name, or the one `*.` pattern a
 * label above it), looked up by name: rules ask for every hostname, and a scan of every destination
 * per hostname grew with hostnames × applications (50,000 resources took 90 s).
 */
export function destinationsFor(view: EnvView, host: string): readonly AccessDestination[] {
  const byHost = destinationsByHost(view);
  const dot = host.indexOf(".");
  return [...(byHost.get(host) ?? []), ...(dot === -1 ? [] : (byHost.get(`*${host.slice(dot)}`) ?? []))];
}

const destinationsByHost = perView(
  (view: EnvView): ReadonlyMap<string, AccessDestination[]> => groupBy(accessDestinations(view), (d) => d.host),
);

/** Destinations named by Access applications that gate nothing (a bookmark, no type): they protect nothing. */
export function ungatedDestinations(view: EnvView): AccessDestination[] {
  return accessApps(view)
    .filter((app) => !isGatingApp(app))
    .flatMap(namedDestinations);
}

export function accessApps(view: EnvView): SynthResource[] {
  return ACCESS_APP_TYPES.flatMap((t) => [...view.ofType(t)]);
}

/** Access applications whose type or hostnames golive cannot read: which requests they gate is not known. */
export function accessAppProblems(view: EnvView): Finding[] {
  return accessApps(view).flatMap((app) => {
    const type = literalStr(app.attrs.type);
    if (type.kind === "unknown")
      return [resourceFinding(app, cannotTell("whether it puts a login in front of requests", "type", type.shown))];
    const found = ["domain", "self_hosted_domains", "destinations"]
      .map((key) => templateIn(app.attrs[key], key))
      .find((t) => t !== undefined);
    return found ? [resourceFinding(app, cannotTell("which hostnames it covers", found.path, `the expression ${found.value}`))] : [];
  });
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
  // no record of its own), so it is an app hostname too. One whose name is an expression serves a
  // hostname nobody can tell (hostRecordProblems).
  const balancers = view.ofType("cloudflare_load_balancer").filter(mayBeProxied);
  for (const record of [...proxiedHostRecords(view), ...balancers]) {
    if (literalStr(record.attrs.name).kind !== "value") continue;
    const host = recordName(record);
    if (seen.has(host) || (redirected.has(host) && str(record.attrs.content) === REDIRECT_ONLY_ADDRESS)) continue;
    seen.add(host);
    out.push({ host, record });
  }
  return out;
});
