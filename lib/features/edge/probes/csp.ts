import type { CheckResult } from "../../../core/verify/types";
import { fail, pass } from "../../../core/verify/result";

/** One policy: directive name (lower case) -> its source tokens. */
export type CspPolicy = ReadonlyMap<string, readonly string[]>;

/** Keywords compare case-blind ('SELF' is 'self'); hosts, nonces and hashes as written. */
const KEYWORD =
  /^'(none|self|unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|report-sample|wasm-unsafe-eval|unsafe-allow-redirects|inline-speculation-rules)'$/i;

function token(t: string): string {
  return KEYWORD.test(t) ? t.toLowerCase() : t;
}

/**
 * A serialized policy as CSP3 parses it (https://www.w3.org/TR/CSP3/#parse-serialized-policy): directives
 * split on ";", the name case-blind, and a repeated directive ignored (the first one counts).
 */
export function parsePolicy(policy: string): CspPolicy {
  const out = new Map<string, readonly string[]>();
  for (const directive of policy.split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name === undefined || name === "") continue;
    const key = name.toLowerCase();
    if (!out.has(key)) out.set(key, sources.map(token));
  }
  return out;
}

/**
 * The policies of a Content-Security-Policy value. Several headers arrive joined with ", ", and a
 * browser enforces every one of them (CSP3 "parse a response's Content Security Policies": the header
 * is a comma-separated list of policies).
 */
export function parsePolicies(value: string): CspPolicy[] {
  return value
    .split(",")
    .filter((p) => p.trim() !== "")
    .map(parsePolicy);
}

/**
 * Why a frame-ancestors source list lets another site frame the page, or undefined when it does not.
 * Restrictive means: 'none' (also an empty list, which matches nothing), 'self', or named https hosts
 * without a wildcard (a portal the app is meant to be embedded in). `*`, a scheme alone (`https:`,
 * `data:`), a wildcard host (`*.example.com`, `https://*`) and a plain-http host (whose page anyone on
 * the network can rewrite) are not.
 */
export function framingProblem(sources: readonly string[]): string | undefined {
  const bad = sources.filter(
    (s) => s === "*" || /^[a-z][a-z0-9+.-]*:$/i.test(s) || (!s.startsWith("'") && s.includes("*")) || /^http:/i.test(s),
  );
  return bad.length === 0 ? undefined : `${bad.join(" ")} lets other sites frame the page`;
}

/** Sources of a directive, as a set in a stable order (source order does not matter to a browser). */
function sourceSet(sources: readonly string[]): string {
  return [...new Set(sources)].sort().join(" ");
}

/** Directive by directive, order-blind: what differs between the live policy and the configured one. */
export function policyDifferences(live: CspPolicy, want: CspPolicy): string[] {
  const names = [...new Set([...want.keys(), ...live.keys()])].sort();
  return names.flatMap((name) => {
    const [l, w] = [live.get(name), want.get(name)];
    if (l === undefined) return [`${name} missing (configured "${w?.join(" ")}")`];
    if (w === undefined) return [`${name} not configured (live "${l.join(" ")}")`];
    return sourceSet(l) === sourceSet(w) ? [] : [`${name} is "${l.join(" ")}", configured "${w.join(" ")}"`];
  });
}

/**
 * The live Content-Security-Policy must be the one the edge sets (edge.securityHeaders.contentSecurityPolicy,
 * or golive's default): a different one means the rule did not apply, or the app or another rule sends its own.
 */
export function evaluateCsp(target: string, value: string | undefined, configured: string): CheckResult {
  const check = "headers.csp";
  const field = `edge.securityHeaders.contentSecurityPolicy ("${configured}")`;
  if (value === undefined) return fail(check, target, `no Content-Security-Policy header; configured: ${field}`);
  const policies = parsePolicies(value);
  if (policies.length !== 1)
    return fail(
      check,
      target,
      `${policies.length} policies (several Content-Security-Policy headers: "${value}"), each enforced; the edge sets one, ${field}: the app or another rule adds its own`,
    );
  const differences = policyDifferences(policies[0] ?? new Map(), parsePolicy(configured));
  return differences.length === 0
    ? pass(check, target, `as configured: ${value}`)
    : fail(check, target, `differs from ${field}: ${differences.join("; ")}`);
}
