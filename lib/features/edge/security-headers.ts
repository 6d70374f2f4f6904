import type { AppConfig } from "../../config/schema";
import type { EdgeRule } from "./edge-rule";

/** Response headers every app hostname sends. HSTS is a zone setting, not set here. */
export function securityHeaders(cfg: AppConfig): Record<string, string> {
  const h = cfg.edge.securityHeaders;
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": h.referrerPolicy,
    "Permissions-Policy": h.permissionsPolicy,
  };
  // frame-ancestors is the modern form of X-Frame-Options; keep both for old browsers.
  headers["Content-Security-Policy"] = h.contentSecurityPolicy ?? "frame-ancestors 'none'";
  return headers;
}

export function securityHeaderRules(cfg: AppConfig): EdgeRule[] {
  const headers = Object.fromEntries(
    Object.entries(securityHeaders(cfg)).map(([name, value]) => [name, { operation: "set" as const, value }]),
  );
  return [
    {
      ref: "security_headers",
      description: "Security response headers",
      expression: "true",
      action: "rewrite",
      enabled: true,
      actionParameters: { headers },
    },
  ];
}
