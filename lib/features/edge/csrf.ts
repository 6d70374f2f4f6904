import type { AppConfig } from "../../config/schema";
import { type EdgeRule, exprSet, exprString } from "./edge-rule";

export const STATE_CHANGING_METHODS: readonly string[] = ["POST", "PUT", "PATCH", "DELETE"];

/**
 * Request header fields: a map keyed by the lower-cased header name, each an array of that header's
 * values in request order, "not pre-processed" (developers.cloudflare.com/ruleset-engine/rules-language/
 * fields/reference/http.request.headers/).
 */
const ORIGIN = 'http.request.headers["origin"]';
const REFERER = 'http.request.headers["referer"]';

/**
 * A header the request does not carry is no empty array but a "missing value": "Any comparison
 * `<expr> <op> <literal>` where `<expr>` evaluates to a missing value will evaluate to false", and a
 * function of one "will return a missing value in most cases" (.../rules-language/values/#maps, Notes).
 * So `len(h) == 0` is false for an absent header as for a present one; the docs test a key with
 * `len(m["k"]) >= 0` (the map contains it) and `not len(m["k"]) >= 0` (it does not: `not` of that false
 * comparison), and so does this rule.
 */
const present = (header: string) => `len(${header}) >= 0`;
const absent = (header: string) => `not ${present(header)}`;

/** Origins as the browser sends them: scheme://host[:port], no path (URL lower-cases scheme and host). */
function originOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/** `edge.waf.allowedOrigins` as browsers send them, once each. */
export function allowedOrigins(cfg: AppConfig): string[] {
  return [...new Set(cfg.edge.waf.allowedOrigins.map(originOf))];
}

/**
 * True for a Referer from an allowed origin: the origin itself, or the origin followed by `/` (a
 * Referer is a URL; cross-origin, browsers send at most `<origin>/`). The `/` is what keeps
 * `https://app.example.com.evil.net/` and `https://app.example.com:8443/` from passing as
 * `https://app.example.com`: a bare prefix match would let them. `any(f(x[*]))` applies f to each value
 * (.../rules-language/functions/, "Transformation functions ... require the [*] index notation").
 */
function refererAllowed(origins: readonly string[]): string {
  const prefixes = origins.map((o) => `any(starts_with(${REFERER}[*], ${exprString(`${o}/`)}))`);
  return [`any(${REFERER}[*] in ${exprSet(origins)})`, ...prefixes].join(" or ");
}

/**
 * Blocks a POST/PUT/PATCH/DELETE when its Origin is present and not allowed, or, without an Origin, when
 * its Referer is present and not from an allowed origin: OWASP's "Verifying origin with standard
 * headers" (cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html),
 * Referer as the fallback for browsers that leave Origin out. `Origin: null` (sandboxed or privacy-
 * redirected requests) is present and not allowed, so it is blocked without looking at Referer.
 *
 * With neither header the request passes this rule. OWASP leaves that case to the site ("you can either
 * accept or block"); here it is how non-browser callers arrive (Access service tokens, webhooks on
 * public hostnames, health checks), and every current browser sends Origin on a cross-origin
 * state-changing request (Fetch standard, "append a request Origin header": all CORS requests and every
 * method but GET and HEAD), so a forged browser request carries one of the two headers. The app's own
 * CSRF defence (token or SameSite cookie) stays the backstop for a browser old enough to send neither.
 */
export function csrfRule(cfg: AppConfig): EdgeRule {
  return {
    ref: "csrf_foreign_origin",
    description: "Block state-changing requests from origins that are not allowed (Origin, else Referer: CSRF)",
    expression: csrfExpression(allowedOrigins(cfg)),
    action: "block",
    enabled: true,
  };
}

/** The CSRF rule's expression for these origins (as browsers send them): what GL-CSRF-001 compares a rule with. */
export function csrfExpression(origins: readonly string[]): string {
  const foreignOrigin = `(${present(ORIGIN)} and not any(${ORIGIN}[*] in ${exprSet(origins)}))`;
  const foreignReferer = `(${absent(ORIGIN)} and ${present(REFERER)} and not (${refererAllowed(origins)}))`;
  return `(http.request.method in ${exprSet(STATE_CHANGING_METHODS)} and (${foreignOrigin} or ${foreignReferer}))`;
}

/**
 * The origins a CSRF rule's expression allows, read from its Origin set (`...[*] in {"https://a" ...}`),
 * or undefined without one: with csrfExpression, what a synth without its config is compared with.
 */
export function csrfOriginsIn(expression: string): string[] | undefined {
  const start = expression.indexOf(`${ORIGIN}[*] in {`);
  if (start === -1) return undefined;
  const origins: string[] = [];
  const literal = /\s*"((?:[^"\\]|\\.)*)"/y;
  literal.lastIndex = start + `${ORIGIN}[*] in {`.length;
  for (let m = literal.exec(expression); m !== null; m = literal.exec(expression)) origins.push((m[1] ?? "").replace(/\\(.)/g, "$1"));
  return origins;
}
