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

/** Matches a path prefix exactly at a segment boundary: /api/chat matches /api/chat and /api/chat/x. */
export function pathPrefixExpr(path: string): string {
  if (path === "/") return "true";
  const base = path.replace(/\/+$/, "");
  return `(http.request.uri.path eq ${exprString(base)} or starts_with(http.request.uri.path, ${exprString(`${base}/`)}))`;
}

export function anyPathExpr(paths: readonly string[]): string {
  const parts = paths.map(pathPrefixExpr);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" or ")})`;
}
