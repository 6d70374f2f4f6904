/**
 * A Cloudflare ruleset rule as plain data. Field names follow the provider bindings (camelCase) so the
 * construct passes them through without mapping; nothing here imports cdktf.
 */
export interface EdgeRule {
  /** Stable reference: Cloudflare keeps rule identity (and analytics) across edits by `ref`. */
  readonly ref: string;
  readonly description: string;
  readonly expression: string;
  readonly action: "block" | "managed_challenge" | "log" | "execute" | "redirect" | "rewrite" | "skip" | "set_config";
  readonly enabled: boolean;
  readonly actionParameters?: {
    readonly id?: string;
    readonly overrides?: { readonly rules: readonly { readonly id: string; readonly action?: string; readonly scoreThreshold?: number }[] };
    readonly fromValue?: {
      readonly statusCode: number;
      readonly targetUrl: { readonly expression?: string; readonly value?: string };
      readonly preserveQueryString: boolean;
    };
    readonly headers?: Readonly<Record<string, { readonly operation: "set" | "remove"; readonly value?: string }>>;
    /** set_config: Browser Integrity Check on (true) or off (false) for matching requests. */
    readonly bic?: boolean;
  };
  readonly ratelimit?: {
    readonly characteristics: readonly string[];
    readonly period: number;
    readonly requestsPerPeriod: number;
    readonly mitigationTimeout: number;
  };
}

/** One entry-point ruleset per phase per zone (a Cloudflare rule): these are the phases we own. */
export type EdgePhase =
  | "http_request_dynamic_redirect"
  | "http_request_firewall_managed"
  | "http_request_firewall_custom"
  | "http_ratelimit"
  | "http_response_headers_transform"
  | "http_config_settings";

/** Quotes a string for a Cloudflare Rules expression. */
export function exprString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `{"a" "b"}` set literal. */
export function exprSet(values: readonly string[]): string {
  return `{${values.map(exprString).join(" ")}}`;
}

/**
 * The longest rule expression Cloudflare accepts, in characters: "The maximum length of a rule expression
 * is 4,096 characters" (developers.cloudflare.com/ruleset-engine/rules-language/expressions/#maximum-rule-expression-length).
 */
export const MAX_EXPRESSION_CHARS = 4096;

/**
 * The request path as every path rule compares it: lower-cased, so `/ADMIN` or `/Api/Chat` cannot slip
 * past a rule for `/admin` or `/api/chat` on an origin that routes case-insensitively. "String comparison
 * in rule expressions is case sensitive ... use the lower() function and compare the result with a
 * lowercased string" (developers.cloudflare.com/ruleset-engine/rules-language/operators/#comparing-string-values).
 * lower() is one of the functions the reference restricts to no product or phase (unlike cidr(), join(),
 * regex_replace() ...), so it is allowed in every phase golive writes (custom rules, rate limiting, single
 * redirects) on every plan; free's rate limiting limits the *fields* to Path (and Verified Bot), and this
 * is still the Path field (developers.cloudflare.com/ruleset-engine/rules-language/functions/#lower,
 * developers.cloudflare.com/waf/rate-limiting-rules/#availability).
 */
export const REQUEST_PATH = "lower(http.request.uri.path)";

/**
 * A config path as REQUEST_PATH compares it. Cloudflare's lower() converts only ASCII A-Z ("Only
 * uppercase ASCII bytes are converted"), so this does the same rather than String#toLowerCase.
 */
export function lowerPath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Matches a path prefix exactly at a segment boundary, ignoring case: /api/chat matches /api/chat,
 * /api/chat/x and /API/Chat/x, not /api/chatty. The config value is kept as written; only the
 * expression lowers it.
 */
export function pathPrefixExpr(path: string): string {
  if (path === "/") return "true";
  const base = lowerPath(path.replace(/\/+$/, ""));
  return `(${REQUEST_PATH} eq ${exprString(base)} or starts_with(${REQUEST_PATH}, ${exprString(`${base}/`)}))`;
}

export function anyPathExpr(paths: readonly string[]): string {
  const parts = paths.map(pathPrefixExpr);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" or ")})`;
}
