import { AuthenticatedOriginPullsSettings } from "@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { Construct } from "constructs";
import { setDynamicAttribute } from "../../../core/constructs/dynamic-attribute";

export interface OriginPullsProps {
  readonly zoneId: string;
}

/**
 * Global Authenticated Origin Pulls: Cloudflare presents its own, shared origin-pull client certificate on
 * every connection to every origin of the zone, so an origin that requires it refuses anyone who
 * calls its address directly (and so skips Access and the WAF). Cloudflare's set-up takes two
 * switches, the `tls_client_auth` zone setting and the zone's origin_tls_client_auth settings
 * (developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/global/; Cloudflare
 * calls it "zone-level" only with a certificate you upload). Neither resource undoes anything on destroy (their Delete is empty:
 * internal/services/{zone_setting,authenticated_origin_pulls_settings}/resource.go, v5.14.0).
 */
export class OriginPulls extends Construct {
  readonly resource: AuthenticatedOriginPullsSettings;
  readonly setting: ZoneSetting;

  constructor(scope: Construct, id: string, props: OriginPullsProps) {
    super(scope, id);
    this.setting = new ZoneSetting(this, "TlsClientAuth", { zoneId: props.zoneId, settingId: "tls_client_auth", value: {} });
    setDynamicAttribute(this.setting, "value", "on");
    this.resource = new AuthenticatedOriginPullsSettings(this, "Resource", { zoneId: props.zoneId, enabled: true });
  }
}
