import type { CheckResult, HttpObservation } from "../../../core/verify/types";
import { fail, noAnswer, pass } from "../../../core/verify/result";

/** One year, the floor browsers' preload lists and most audits use. */
export const MIN_HSTS_MAX_AGE = 31_536_000;

/** Referrer policies that never leak a full URL to another origin. */
export const SAFE_REFERRER_POLICIES: readonly string[] = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];

/** Parsed Strict-Transport-Security: `max-age=63072000; includeSubDomains`. */
export function parseHsts(value: string): { maxAge?: number; includeSubDomains: boolean } {
  const parts = value.split(";").map((p) => p.trim().toLowerCase());
  const age = parts.map((p) => /^max-age\s*=\s*"?(\d+)"?$/.exec(p)).find((m) => m !== null);
  const includeSubDomains = parts.includes("includesubdomains");
  return age ? { maxAge: Number(age[1]), includeSubDomains } : { includeSubDomains };
}

/** What the environment's config declares (`edge.hsts`), which the live header must carry. */
export interface HstsExpectation {
  readonly maxAge: number;
  readonly preload: boolean;
}

function hsts(target: string, value: string | undefined, want?: HstsExpectation): CheckResult {
  if (value === undefined) return fail("headers.hsts", target, "no Strict-Transport-Security header");
  const h = parseHsts(value);
  const problems: string[] = [];
  if (h.maxAge === undefined || h.maxAge < MIN_HSTS_MAX_AGE) problems.push(`max-age must be >= ${MIN_HSTS_MAX_AGE}`);
  // Below the config's value: the zone's HSTS setting did not take the last change (runbooks/deploy.md, HSTS).
  else if (want && h.maxAge < want.maxAge) problems.push(`max-age is below edge.hsts.maxAge (${want.maxAge})`);
  if (!h.includeSubDomains) problems.push("includeSubDomains is missing");
  if (want?.preload && !value.split(";").some((p) => p.trim().toLowerCase() === "preload"))
    problems.push("preload is missing though edge.hsts.preload is true");
  return problems.length === 0 ? pass("headers.hsts", target, value) : fail("headers.hsts", target, `"${value}": ${problems.join("; ")}`);
}

function frameAncestors(csp: string | undefined): string | undefined {
  return csp
    ?.split(";")
    .map((d) => d.trim())
    .find((d) => d.toLowerCase().startsWith("frame-ancestors"));
}

function framing(target: string, xfo: string | undefined, csp: string | undefined): CheckResult {
  const ancestors = frameAncestors(csp);
  if (ancestors !== undefined) return pass("headers.frame", target, `CSP ${ancestors}`);
  const v = xfo?.trim().toUpperCase();
  if (v === "DENY" || v === "SAMEORIGIN") return pass("headers.frame", target, `X-Frame-Options: ${v}`);
  return fail(
    "headers.frame",
    target,
    `neither X-Frame-Options (DENY/SAMEORIGIN) nor CSP frame-ancestors; got X-Frame-Options ${xfo ?? "(none)"}`,
  );
}

/** HSTS (as configured, when `hsts` is given) and the security headers a browser needs, on one HTTPS response. */
export function evaluateSecurityHeaders(obs: HttpObservation, want?: HstsExpectation): CheckResult[] {
  const missing = noAnswer("headers.hsts", obs);
  if (missing) return [missing];
  const target = obs.url;
  const h = obs.headers;
  const nosniff =
    h["x-content-type-options"]?.trim().toLowerCase() === "nosniff"
      ? pass("headers.nosniff", target, "X-Content-Type-Options: nosniff")
      : fail("headers.nosniff", target, `X-Content-Type-Options is ${h["x-content-type-options"] ?? "(missing)"}; expected nosniff`);
  const referrer = h["referrer-policy"]
    ?.split(",")
    .map((p) => p.trim().toLowerCase())
    .pop();
  const referrerResult =
    referrer !== undefined && SAFE_REFERRER_POLICIES.includes(referrer)
      ? pass("headers.referrer-policy", target, `Referrer-Policy: ${referrer}`)
      : fail(
          "headers.referrer-policy",
          target,
          `Referrer-Policy is ${h["referrer-policy"] ?? "(missing)"}; allowed: ${SAFE_REFERRER_POLICIES.join(", ")}`,
        );
  const permissions = h["permissions-policy"];
  const permissionsResult =
    permissions !== undefined && permissions.trim() !== ""
      ? pass("headers.permissions-policy", target, `Permissions-Policy: ${permissions}`)
      : fail("headers.permissions-policy", target, "no Permissions-Policy header");
  return [
    hsts(target, h["strict-transport-security"], want),
    nosniff,
    framing(target, h["x-frame-options"], h["content-security-policy"]),
    referrerResult,
    permissionsResult,
  ];
}
