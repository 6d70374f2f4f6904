import type { TerraformResource } from "cdktf";

/**
 * The one escape hatch for Cloudflare v5 attributes whose provider type is dynamic but whose generated
 * binding types them as a map: `cloudflare_zone_setting.value` (mostly strings such as "strict") and
 * `cloudflare_dns_record.data.flags` (a number for CAA). Writing the value as an override renders it
 * exactly, without casts; tests assert the rendered JSON.
 */
export function setDynamicAttribute(
  resource: TerraformResource,
  path: string,
  value: string | number | { readonly [key: string]: unknown },
): void {
  resource.addOverride(path, value);
}
