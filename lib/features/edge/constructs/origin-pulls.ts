import { createHash } from "node:crypto";
import { AuthenticatedOriginPullsCertificate } from "@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-certificate";
import { AuthenticatedOriginPullsSettings } from "@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { setDynamicAttribute } from "../../../core/constructs/dynamic-attribute";
import { ORIGIN_PULL_KEY_SECRET, ORIGIN_PULL_KEY_VARIABLE } from "../origin-lockdown";
import { ReplaceOnChange } from "./replace-on-change";

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
    if (props.certificate !== undefined) this.certificate = this.zoneCertificate(props.zoneId, props.certificate);
    // Both switches are turned on once the zone's own certificate is uploaded, so it is the one
    // presented from the start (runbooks/deploy.md, "Origin lockdown").
    const afterUpload = this.certificate ? { dependsOn: [this.certificate] } : {};
    this.setting = new ZoneSetting(this, "TlsClientAuth", {
      zoneId: props.zoneId,
      settingId: "tls_client_auth",
      value: {},
      ...afterUpload,
    });
    setDynamicAttribute(this.setting, "value", "on");
    this.resource = new AuthenticatedOriginPullsSettings(this, "Resource", { zoneId: props.zoneId, enabled: true, ...afterUpload });
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
    const uploaded = new AuthenticatedOriginPullsCertificate(this, "Certificate", {
      zoneId,
      certificate,
      privateKey: key.stringValue,
      // Both are read only when the certificate is uploaded. private_key: the provider cannot change an
      // uploaded key (its Update is empty: authenticated_origin_pulls_certificate/resource.go:98, v5.14.0).
      // certificate: provider 5.14.0 writes the API's text into state as returned (Read, resource.go:132)
      // and compares it with RequiresReplace (schema.go:35), so every plan after the first apply would
      // destroy and re-upload it; its own test says the API's formatting differs and the re-upload fails
      // with "certificate already exists" (resource_test.go, ExpectNonEmptyPlan, until 9fa8e398f, v5.17.0).
      lifecycle: { ignoreChanges: ["certificate", "private_key"] },
    });
    // A real change of certificate still replaces the upload: a terraform_data holding the SHA-256 of the
    // canonical PEM (config normalizes it, lib/core/pem-certificate.ts) is replaced when the certificate changes,
    // and replace_triggered_by carries that to the upload, which is created from the config then (with
    // the key given then). Destroy, then create: Cloudflare asks to "keep only one certificate active"
    // (API, Upload Certificate), so no create_before_destroy. Shown with terraform_data alone in
    // docs/edge.md ("The origin pull certificate in state").
    const sha256 = createHash("sha256").update(certificate).digest("hex");
    new ReplaceOnChange(this, "CertificateFingerprint", uploaded, { sha256 });
    return uploaded;
  }
}
