import type { AppConfig } from "../../config/schema";

/**
 * The zone's URL normalization, declared so that what every path rule matches is pinned in code: WAF
 * custom rules, rate limits and Access read `http.request.uri.path` after normalization, and with it off
 * (scope `none`, one dashboard switch) `/%61dmin` and `/x/../admin` are not `/admin` to any of them
 * (developers.cloudflare.com/rules/normalization/, .../settings/, .../how-it-works/).
 *
 * Scope `incoming` (Cloudflare's default, "Normalize incoming URLs" on, "to origin" off) changes only
 * what rules see; `both` also rewrites the URL the origin receives, which can change what an app routes,
 * so it is opt-in. Type `cloudflare` adds merging `//` and turning `\` into `/` to RFC 3986's decoding
 * and dot-segment removal, so `//admin` is `/admin` at the edge as it is at an origin that merges
 * slashes (nginx's default); the settings page gives RFC-3986 as the dashboard's default type, so this
 * is golive's choice, not the zone's default.
 *
 * Every plan has it ("URL normalization is available in all Cloudflare plans",
 * developers.cloudflare.com/rules/normalization/), so it needs no zone subscription. It is one
 * setting per zone that always exists: the provider's Create sends the same PUT
 * /zones/<id>/url_normalization as its Update (internal/services/url_normalization_settings/
 * resource.go:58-97 @ v5.14.0, `URLNormalization.Update`, http.MethodPut in cloudflare-go v6
 * url_normalization/urlnormalization.go), so on an adopted zone the first apply overwrites the live
 * value and needs no import block.
 */
export const URL_NORMALIZATION_TYPE = "cloudflare_url_normalization_settings";

export interface DesiredUrlNormalization {
  /** Allowed "cloudflare" | "rfc3986" (schema.go:42-48 @ v5.14.0, case-insensitive). */
  readonly type: "cloudflare" | "rfc3986";
  /** Allowed by the provider "incoming" | "both" | "none" (schema.go:31-41); golive refuses "none". */
  readonly scope: "incoming" | "both";
}

export function desiredUrlNormalization(cfg: AppConfig): DesiredUrlNormalization {
  return { type: cfg.edge.urlNormalization.type, scope: cfg.edge.urlNormalization.scope };
}
