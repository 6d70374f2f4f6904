import { AuthenticatedOriginPullsCertificate } from "@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-certificate";
import { AuthenticatedOriginPullsSettings } from "@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { setDynamicAttribute } from "../../../core/constructs/dynamic-attribute";
import { ORIGIN_PULL_KEY_SECRET, ORIGIN_PULL_KEY_VARIABLE } from "../origin-lockdown";

export interface OriginPullsProps {
  readonly zoneId: string;
  /**
   * The public client certificate (PEM) Cloudflare presents to the origins: zone-level Authenticated
   * Origin Pulls. Without it only the global certificate, which every Cloudflare account shares.
   * @default none (global only; GL-AUTH-002 fails)
   */
  readonly certificate?: string;
}

/**
 * Authenticated Origin Pulls: Cloudflare presents a client certificate on every connection to every
 * origin of the zone, so an origin that requires it refuses anyone who calls its address directly.
 * The `tls_client_auth` zone setting and the zone's origin_tls_client_auth settings are the switches
 * (developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/zone-level/).
 * Only with a `certificate` of the user's own CA does that prove "through this zone": the global
 * certificate "is shared across all Cloudflare accounts ... only guarantees that a request is coming
 * from the Cloudflare network" (.../set-up/global/), so anyone could proxy a zone of their own to the
 * origin and skip Access. The uploaded certificate's private key never enters config or cdk.tf.json: it
 * is the sensitive variable ORIGIN_PULL_KEY_VARIABLE, set by the deploy (TF_VAR_...). The settings and
 * the zone setting undo nothing on destroy (their Delete is empty: internal/services/{zone_setting,
 * authenticated_origin_pulls_settings}/resource.go, v5.14.0); the certificate's Delete removes it.
 */
export class OriginPulls extends Construct {
  readonly resource: AuthenticatedOriginPullsSettings;
  readonly setting: ZoneSetting;
  readonly certificate?: AuthenticatedOriginPullsCertificate;

  constructor(scope: Construct, id: string, props: OriginPullsProps) {
    super(scope, id);
    this.setting = new ZoneSetting(this, "TlsClientAuth", { zoneId: props.zoneId, settingId: "tls_client_auth", value: {} });
    setDynamicAttribute(this.setting, "value", "on");
    if (props.certificate !== undefined) this.certificate = this.zoneCertificate(props.zoneId, props.certificate);
    this.resource = new AuthenticatedOriginPullsSettings(this, "Resource", {
      zoneId: props.zoneId,
      enabled: true,
      // Turned on once the zone's own certificate is uploaded, so it is the one presented from the start.
      ...(this.certificate ? { dependsOn: [this.certificate] } : {}),
    });
  }

  private zoneCertificate(zoneId: string, certificate: string): AuthenticatedOriginPullsCertificate {
    const key = new TerraformVariable(this, "PrivateKey", {
      type: "string",
      sensitive: true,
      nullable: false,
      // Empty only where no apply follows: the daily drift plan has no secret, and the key is ignored
      // once uploaded (below). The deploy refuses to run without it (deploy-environment.yml).
      default: "",
      description: `PEM private key of edge.originPullCertificate (zone-level Authenticated Origin Pulls): set TF_VAR_${ORIGIN_PULL_KEY_VARIABLE} from the GitHub environment secret ${ORIGIN_PULL_KEY_SECRET}; never in config`,
    });
    // A fixed name so the deploy can set TF_VAR_<name>; the default logical id would carry a hash.
    key.overrideLogicalId(ORIGIN_PULL_KEY_VARIABLE);
    return new AuthenticatedOriginPullsCertificate(this, "Certificate", {
      zoneId,
      certificate,
      privateKey: key.stringValue,
      // The provider cannot change an uploaded key (its Update is empty: authenticated_origin_pulls_certificate/
      // resource.go:98, v5.14.0); a new key comes with a new certificate, which replaces the resource
      // (RequiresReplace on certificate, schema.go:32) and is created with the key given then.
      lifecycle: { ignoreChanges: ["private_key"] },
    });
  }
}
