import { REDIRECT_ONLY_ADDRESS } from "./dns-records";
import { lowerPath } from "./edge-rule";
import { envFinding, type EnvView, perView, resourceFinding, type SynthResource } from "../../core/readiness/model";
import { COMPLIANT, type Finding, notApplicable, type RuleOutcome } from "../../platform/readiness";
import { at, bool, isRecord, type JsonRecord, records, str, strings } from "../../core/readiness/values";

/** Shared readers of the Cloudflare edge resources (zone settings, rulesets, DNS, Access). */

export const NO_EDGE = notApplicable("no Cloudflare zone in this environment");

export function hasEdge(view: EnvView): boolean {
  return view.ofType("cloudflare_zone").length > 0 || view.ofType("cloudflare_zone_setting").length > 0;
}

/**
 * Checks one zone setting: missing is a finding on the environment, a wrong value a finding on the
 * resource. `problem` returns why a value is not acceptable, or undefined when it is.
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
    if (ruleset.attrs.phase !== phase) continue;
    records(ruleset.attrs.rules).forEach((rule, index) => {
      if (bool(rule.enabled) !== false) out.push({ ruleset, rule, index });
    });
  }
  return out;
}

/** DNS records served through the proxy for users: proxied A/AAAA/CNAME. */
export function proxiedHostRecords(view: EnvView): SynthResource[] {
  return view
    .ofType("cloudflare_dns_record")
    .filter((r) => bool(r.attrs.proxied) === true && ["A", "AAAA", "CNAME"].includes(str(r.attrs.type) ?? ""));
}

export function recordName(r: SynthResource): string {
  return (str(r.attrs.name) ?? "").toLowerCase().replace(/\.$/, "");
}

/** Hosts whose every request is redirected: a redirect rule matching only `http.host eq "<host>"`. */
export function redirectOnlyHosts(view: EnvView): Set<string> {
  const out = new Set<string>();
  for (const { rule } of phaseRules(view, "http_request_dynamic_redirect")) {
    const m = /^\(?\s*http\.host eq "([^"]+)"\s*\)?$/.exec(str(rule.expression) ?? "");
    if (m?.[1] && rule.action === "redirect") out.add(m[1].toLowerCase());
  }
  return out;
}

/** A string literal compared against the request path, and how. */
export interface PathLiteral {
  readonly value: string;
  readonly match: "exact" | "prefix";
  /** Compared with `lower(http.request.uri.path)`: any case of the path matches a lower-case literal. */
  readonly lowered: boolean;
}

/** The request path as an expression names it: the field itself, or `lower(...)` of it (REQUEST_PATH). */
const PATH_FIELD = String.raw`(lower\(\s*http\.request\.uri\.path\s*\)|http\.request\.uri\.path)`;

/** String literals compared against the request path: `eq "/x"`, `starts_with(..., "/x")`, `in {"/x"}`. */
export function expressionPaths(expression: string): PathLiteral[] {
  const out: PathLiteral[] = [];
  const lowered = (field: string | undefined) => (field ?? "").startsWith("lower");
  for (const m of expression.matchAll(new RegExp(String.raw`${PATH_FIELD}\s+(?:eq|==)\s+"([^"]*)"`, "g")))
    out.push({ value: m[2] ?? "", match: "exact", lowered: lowered(m[1]) });
  for (const m of expression.matchAll(new RegExp(String.raw`starts_with\(\s*${PATH_FIELD}\s*,\s*"([^"]*)"\s*\)`, "g")))
    out.push({ value: m[2] ?? "", match: "prefix", lowered: lowered(m[1]) });
  for (const m of expression.matchAll(new RegExp(String.raw`${PATH_FIELD}\s+in\s+\{([^}]*)\}`, "g"))) {
    for (const lit of (m[2] ?? "").matchAll(/"([^"]*)"/g)) out.push({ value: lit[1] ?? "", match: "exact", lowered: lowered(m[1]) });
  }
  return out;
}

/**
 * True when the expression matches requests to `path` (exact, or a prefix that contains it). A literal
 * compared with the lower-cased path is checked against `path` lower-cased (ASCII, as Cloudflare's
 * lower()), so a rule for "/api/chat" covers "/API/Chat" and a literal with capitals covers nothing.
 */
export function expressionCoversPath(expression: string, path: string): boolean {
  if (expression.trim() === "true") return true;
  return expressionPaths(expression).some((lit) => {
    const p = lit.lowered ? lowerPath(path) : path;
    return lit.match === "exact" ? p === lit.value : p.startsWith(lit.value) || `${p}/` === lit.value;
  });
}

const ACCESS_APP_TYPES = ["cloudflare_zero_trust_access_application", "cloudflare_access_application"];

/** Host (and optional path) each Access application protects: `domain`, `self_hosted_domains`, `destinations`. */
export function accessDestinations(view: EnvView): { app: SynthResource; host: string; path: string }[] {
  const out: { app: SynthResource; host: string; path: string }[] = [];
  for (const type of ACCESS_APP_TYPES) {
    for (const app of view.ofType(type)) {
      const uris = [
        ...strings(app.attrs.domain),
        ...strings(app.attrs.self_hosted_domains),
        ...records(app.attrs.destinations)
          .filter((d) => d.type === undefined || d.type === "public")
          .flatMap((d) => strings(d.uri)),
      ];
      for (const uri of uris) {
        const slash = uri.indexOf("/");
        const host = (slash === -1 ? uri : uri.slice(0, slash)).toLowerCase();
        const path = slash === -1 ? "" : uri.slice(slash).replace(/\/\*?$/, "");
        out.push({ app, host, path });
      }
    }
  }
  return out;
}

export function accessApps(view: EnvView): SynthResource[] {
  return ACCESS_APP_TYPES.flatMap((t) => [...view.ofType(t)]);
}

/** True when `pattern` (a host or `*.zone`) covers `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  return pattern.startsWith("*.") && host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
}

/** The value of a response header set by a transform rule, if any rule sets it. */
export function responseHeader(view: EnvView, header: string): { rule: RulesetRule; value: string } | undefined {
  for (const rr of phaseRules(view, "http_response_headers_transform")) {
    const headers = at(rr.rule, "action_parameters", "headers");
    if (!isRecord(headers)) continue;
    for (const name in headers) {
      if (name.toLowerCase() !== header.toLowerCase()) continue;
      const value = str(at(headers[name], "value"));
      if (value !== undefined && at(headers[name], "operation") !== "remove") return { rule: rr, value };
    }
  }
  return undefined;
}

/** Paths of `paths` that no enabled, enforcing (not log-only) rate-limit rule covers. */
export function pathsWithoutRateLimit(view: EnvView, paths: readonly string[]): string[] {
  const enforcing = phaseRules(view, "http_ratelimit").filter(({ rule }) => rule.action !== "log" && isRecord(rule.ratelimit));
  return paths.filter((path) => !enforcing.some(({ rule }) => expressionCoversPath(str(rule.expression) ?? "", path)));
}

/** Rate-limit rule over configured paths (`chatPaths` or `toolPaths` of `readiness`). */
export function checkRateLimited(view: EnvView, paths: readonly string[], what: string): RuleOutcome {
  if (!hasEdge(view)) return NO_EDGE;
  const missing = pathsWithoutRateLimit(view, paths);
  return missing.length === 0
    ? COMPLIANT
    : {
        kind: "non-compliant",
        findings: missing.map((p) =>
          phaseFinding(view, "http_ratelimit", `${what} path ${p} has no enforcing rate-limit rule in http_ratelimit`),
        ),
      };
}

/** Hostnames users reach for the app: proxied A/AAAA/CNAME records and load balancers, minus redirect-only names. */
export const appHostnames = perView((view: EnvView): readonly { host: string; record: SynthResource }[] => {
  const redirected = redirectOnlyHosts(view);
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
  const ruleset = view.ofType("cloudflare_ruleset").find((r) => r.attrs.phase === phase);
  return ruleset ? resourceFinding(ruleset, message) : envFinding(view, message, "edge");
}
