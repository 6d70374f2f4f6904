import { UrlNormalizationSettings } from "@cdktf/provider-cloudflare/lib/url-normalization-settings";
import { Construct } from "constructs";
import type { DesiredUrlNormalization } from "../url-normalization";

export interface UrlNormalizationProps {
  readonly zoneId: string;
  readonly settings: DesiredUrlNormalization;
}

/**
 * The zone's `cloudflare_url_normalization_settings` (why and which values: url-normalization.ts).
 * Its Delete sends DELETE /zones/<id>/url_normalization (internal/services/url_normalization_settings/
 * resource.go:188-211 @ v5.14.0), which drops the zone's own setting; a plan that removes it is flagged
 * (risks/url-normalization.ts).
 */
export class UrlNormalization extends Construct {
  readonly resource: UrlNormalizationSettings;

  constructor(scope: Construct, id: string, props: UrlNormalizationProps) {
    super(scope, id);
    this.resource = new UrlNormalizationSettings(this, "Resource", {
      zoneId: props.zoneId,
      type: props.settings.type,
      scope: props.settings.scope,
    });
  }
}
