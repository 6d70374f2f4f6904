import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { ZoneDnssec } from "@cdktf/provider-cloudflare/lib/zone-dnssec";
import { Construct } from "constructs";
import { preventDestroy } from "../../../core/constructs/lifecycle";

export interface EdgeZoneProps {
  readonly accountId: string;
  readonly name: string;
  /** Adopt an existing zone instead of creating one. @default create */
  readonly existingZoneId?: string;
}

/** The zone (created or adopted) and its DNSSEC, both protected from destroy. */
export class EdgeZone extends Construct {
  readonly zoneId: string;
  readonly zone?: Zone;
  readonly dnssec: ZoneDnssec;

  constructor(scope: Construct, id: string, props: EdgeZoneProps) {
    super(scope, id);
    if (props.existingZoneId) {
      this.zoneId = props.existingZoneId;
    } else {
      this.zone = preventDestroy(new Zone(this, "Resource", { account: { id: props.accountId }, name: props.name, type: "full" }));
      this.zoneId = this.zone.id;
    }
    this.dnssec = preventDestroy(new ZoneDnssec(this, "Dnssec", { zoneId: this.zoneId, status: "active" }));
  }
}
