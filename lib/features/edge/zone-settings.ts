import type { AppConfig } from "../../config/schema";

/** A zone setting's value: a string for most settings, an object for a few (HSTS). */
export type ZoneSettingValue = string | number | { readonly [key: string]: unknown };

export interface DesiredZoneSetting {
  /** Cloudflare setting id, also the construct id. */
  readonly id: string;
  readonly value: ZoneSettingValue;
}

/** The zone's SSL/TLS encryption mode: Full (strict), the origin's certificate validated. */
export const ZONE_SSL_MODE = "strict";

/** The hardened TLS/HTTPS baseline for every zone. */
export function desiredZoneSettings(cfg: AppConfig): DesiredZoneSetting[] {
  return [
    { id: "ssl", value: ZONE_SSL_MODE },
    { id: "min_tls_version", value: "1.2" },
    { id: "tls_1_3", value: "on" },
    { id: "always_use_https", value: "on" },
    { id: "automatic_https_rewrites", value: "on" },
    // 0-RTT data can be replayed; chat and tool calls are not idempotent.
    { id: "0rtt", value: "off" },
    { id: "opportunistic_encryption", value: "on" },
    { id: "browser_check", value: "on" },
    {
      id: "security_header",
      value: {
        strict_transport_security: {
          enabled: true,
          max_age: cfg.edge.hsts.maxAge,
          include_subdomains: true,
          preload: cfg.edge.hsts.preload,
          nosniff: true,
        },
      },
    },
  ];
}
