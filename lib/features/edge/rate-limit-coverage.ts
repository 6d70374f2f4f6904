import { phaseFinding, phaseProblems, phaseRules, type RulesetRule } from "./rulesets";
import { appHostnames, hasEdge, NO_EDGE } from "./resources";
import { expressionPaths, matchCovers, matchMayHit, readMatch } from "./expression-match";
import { ruleName, skippedBy, skipsHitting, skipsOf } from "./skip-rules";
import { type EnvView, resourceFinding } from "../../core/readiness/model";
import { COMPLIANT, type Finding, type RuleOutcome } from "../../platform/readiness";
import { at, isRecord, str } from "../../core/readiness/values";
import { MAX_REQUESTS_PER_PERIOD } from "./schema";
import { MAX_REQUESTS_PER_SECOND } from "./rate-limits";

const PHASE = "http_ratelimit";

type Verdict = { readonly kind: "covers" | "unrelated" } | { readonly kind: "gap"; readonly why: string };

/**
 * Whether a rate-limit rule provably counts and limits every request to `path` (and below it) on every
 * app hostname. A `ratelimit.counting_expression` narrows what is counted (ruleset schema.go @ v5.14.0),
 * so it must cover the path as well. An expression that does not cover the path is a gap when its
 * text names the path (it was meant for it) or it may match requests to it, else unrelated to it.
 */
function verdict(rr: RulesetRule, path: string, hosts: readonly string[]): Verdict {
  const expression = str(rr.rule.expression) ?? "";
  const counting = str(at(rr.rule, "ratelimit", "counting_expression")) ?? "";
  const checks: [string, string][] = [["expression", expression]];
  if (counting.trim() !== "") checks.push(["ratelimit.counting_expression", counting]);
  for (const [what, expr] of checks) {
    const match = readMatch(expr);
    if (matchCovers(match, path, hosts)) continue;
    const main = what === "expression";
    if (main && !namesPath(expr, path) && (match === undefined || !matchMayHit(match, path, hosts))) return { kind: "unrelated" };
    if (match === undefined)
      return {
        kind: "gap",
        why: `its ${what} \`${expr}\` could not be verified (golive reads only path clauses joined by "or", optionally and-ed with an http.host clause)`,
      };
    const why =
      match.hosts !== undefined && matchCovers(match.paths ? { paths: match.paths } : {}, path)
        ? `its ${what} \`${expr}\` limits it to ${match.hosts.map((h) => h.value).join(", ")}, not every app hostname (${hosts.join(", ")})`
        : `its ${what} \`${expr}\` does not match every request to ${path} and below it`;
    return { kind: "gap", why };
  }
  const counter = clientChosenCharacteristic(at(rr.rule, "ratelimit", "characteristics"));
  if (counter !== undefined) return { kind: "gap", why: counter };
  // A limit no client reaches limits nothing (an override, or a construct not written from config).
  const limit = at(rr.rule, "ratelimit", "requests_per_period");
  if (typeof limit !== "number" || limit > MAX_REQUESTS_PER_PERIOD)
    return {
      kind: "gap",
      why: `its ratelimit.requests_per_period ${JSON.stringify(limit ?? null)} is not a number of at most ${MAX_REQUESTS_PER_PERIOD} (edge.rateLimits allows no more)`,
    };
  // The count says nothing without its period: 100000 per 10s lets 10000 requests/s through.
  const period = at(rr.rule, "ratelimit", "period");
  if (typeof period !== "number" || period <= 0)
    return { kind: "gap", why: `its ratelimit.period ${JSON.stringify(period ?? null)} is not a number of seconds` };
  const perSecond = limit / period;
  if (perSecond > MAX_REQUESTS_PER_SECOND)
    return {
      kind: "gap",
      why: `its ratelimit ${limit} per ${period}s is ${perSecond.toFixed(0)} requests/s per IP; allowed: at most ${MAX_REQUESTS_PER_SECOND}/s (edge.rateLimits allows no more)`,
    };
  return { kind: "covers" };
}

/**
 * Characteristics a client cannot pick for itself: the data centre, and the client IP and what Cloudflare
 * derives from it (country, AS number; developers.cloudflare.com/waf/rate-limiting-rules/parameters/).
 * Cloudflare keeps one counter per combination of characteristics (request-rate/), so a header, cookie,
 * query argument, body value, host, path or fingerprint the client writes afresh on each request gets a
 * fresh counter every time and is never limited. `cf.unique_visitor_id` (IP with NAT support) may rest on
 * a session cookie the client can drop, so it does not count either.
 */
const CLIENT_FIXED_CHARACTERISTICS: readonly string[] = [
  "cf.colo.id",
  "ip.src",
  "ip.geoip.country",
  "ip.src.country",
  "ip.geoip.asnum",
  "ip.src.asnum",
];

/** Why requests are counted per a key the client chooses (or one golive cannot read), else undefined. */
function clientChosenCharacteristic(characteristics: unknown): string | undefined {
  const shown = JSON.stringify(characteristics ?? null);
  if (!Array.isArray(characteristics) || characteristics.length === 0)
    return `its ratelimit.characteristics ${shown} is not a list golive can read, so what it counts per is not known`;
  const chosen = characteristics.filter((c) => typeof c !== "string" || !CLIENT_FIXED_CHARACTERISTICS.includes(c));
  if (chosen.length === 0) return undefined;
  return `its ratelimit.characteristics ${shown} count per ${chosen.map((c) => JSON.stringify(c)).join(", ")}, a value the client chooses: a new value on each request gets a new counter and is never limited (allowed: ${CLIENT_FIXED_CHARACTERISTICS.join(", ")})`;
}

/** True when an expression's text compares the request path with a literal of `path` or below it, or is `true`. */
function namesPath(expression: string, path: string): boolean {
  return expression.trim() === "true" || matchMayHit({ paths: expressionPaths(expression) }, path, []);
}

/**
 * Why `path` is not rate limited ("" when no rule is even meant for it), or undefined when an enabled,
 * enforcing (not log-only) rule in http_ratelimit provably covers it and no skip rule can switch it
 * off for requests to it.
 */
function pathGap(view: EnvView, path: string): { readonly message: string; readonly rule?: RulesetRule } | undefined {
  const hosts = appHostnames(view).map((h) => h.host);
  const enforcing = phaseRules(view, PHASE).filter(({ rule }) => rule.action !== "log" && isRecord(rule.ratelimit));
  const reasons: { message: string; rule: RulesetRule }[] = [];
  for (const rr of enforcing) {
    const v = verdict(rr, path, hosts);
    if (v.kind === "gap") reasons.push({ message: `${ruleName(rr)}: ${v.why}`, rule: rr });
    if (v.kind !== "covers") continue;
    const skips = skipsHitting(view, skipsOf(view, PHASE, rr), path);
    if (skips.length === 0) return undefined;
    reasons.push({ message: `${ruleName(rr)} covers it but is ${skippedBy(skips)}`, rule: rr });
  }
  const [first] = reasons;
  return first ? { message: `: ${reasons.map((r) => r.message).join("; ")}`, rule: first.rule } : { message: "" };
}

/** Rate-limit rule over configured paths (`chatPaths` or `toolPaths` of `readiness`). */
export function checkRateLimited(view: EnvView, paths: readonly string[], what: string): RuleOutcome {
  if (!hasEdge(view)) return NO_EDGE;
  // Rules (and custom skip rules) golive cannot read, and rulesets of another zone, count for nothing.
  const findings: Finding[] = phaseProblems(view, PHASE);
  for (const path of paths) {
    const gap = pathGap(view, path);
    if (gap === undefined) continue;
    const message = `${what} path ${path} has no enforcing rate-limit rule in ${PHASE}${gap.message}`;
    findings.push(gap.rule ? resourceFinding(gap.rule.ruleset, message) : phaseFinding(view, PHASE, message));
  }
  return findings.length === 0 ? COMPLIANT : { kind: "non-compliant", findings };
}
