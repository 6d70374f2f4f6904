import { CertificatePack } from "@cdktf/provider-cloudflare/lib/certificate-pack";
import { Construct } from "constructs";
import type { DesiredCertificatePack } from "../certificate-coverage";

export interface AdvancedCertificateProps {
  readonly zoneId: string;
  readonly pack: DesiredCertificatePack;
}

/**
 * The zone's advanced `cloudflare_certificate_pack` (what it covers and why: certificate-coverage.ts).
 * Provider v5.14.0 internal/services/certificate_pack/schema.go: type OneOf "advanced";
 * certificate_authority "google" | "lets_encrypt" | "ssl_com"; validation_method "txt" | "http" |
 * "email"; validity_days 14 | 30 | 90 | 365; hosts "Must contain the zone apex, may not contain more
 * than 50 hosts". Every one of them RequiresReplace, so a new deep name orders a new pack: created
 * before the old one is destroyed, so the names already covered stay covered meanwhile.
 */
export class AdvancedCertificate extends Construct {
  readonly resource: CertificatePack;

  constructor(scope: Construct, id: string, props: AdvancedCertificateProps) {
    super(scope, id);
    this.resource = new CertificatePack(this, "Resource", {
      zoneId: props.zoneId,
      type: "advanced",
      hosts: [...props.pack.hosts],
      certificateAuthority: props.pack.certificateAuthority,
      validationMethod: props.pack.validationMethod,
      validityDays: props.pack.validityDays,
      lifecycle: { createBeforeDestroy: true },
    });
  }
}
