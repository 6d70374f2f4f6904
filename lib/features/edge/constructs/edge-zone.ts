import { DataCloudflareZone } from "@cdktf/provider-cloudflare/lib/data-cloudflare-zone";
import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { ZoneDnssec } from "@cdktf/provider-cloudflare/lib/zone-dnssec";
import { ZoneSubscription } from "@cdktf/provider-cloudflare/lib/zone-subscription";
import { Construct } from "constructs";
import { preventDestroy } from "../../../core/constructs/lifecycle";
import type { PlanTier } from "../schema";

export interface EdgeZoneProps {
  readonly accountId: string;
  readonly name: string;
  /**
   * The plan a created zone is subscribed to (none on free: see `subscription`). An adopted zone's
   * subscription is left alone.
   */
  readonly plan: PlanTier;
  /** Adopt an existing zone instead of creating one. @default create */
  readonly existingZoneId?: string;
}

/**
 * The zone (created or adopted), the plan of a created zone, and DNSSEC; zone and DNSSEC are
 * protected from destroy. Construct ids `Resource` and `Dnssec` are state addresses: never rename them.
 */
export class EdgeZone extends Construct {
  readonly zoneId: string;
  readonly zone?: Zone;
  /**
   * The created zone's plan. In provider v5 `cloudflare_zone.plan` is read-only (computed, "Please use
   * the /zones/{zone_id}/subscription API to update a zone's plan": internal/services/zone/schema.go,
   * v5.14.0), so without this a new zone stays on Free and the API refuses the rulesets a higher tier
   * allows; they depend on it. Undefined on `plan: free`: a zone is created on Free, and the API has no
   * Free subscription to create, import or read (404, code 1207 "Add a core subscription first":
   * terraform-provider-cloudflare#7083): declaring it fails the apply, and where the provider reads the
   * 404 it drops it from state (internal/services/zone_subscription/resource.go:175-178, v5.14.0), so
   * every plan would create it again.
   */
  readonly subscription?: ZoneSubscription;
  readonly dnssec: ZoneDnssec;
  /** The name servers Cloudflare assigned to the zone: set them at the registrar. */
  readonly nameServers: string[];

  constructor(scope: Construct, id: string, props: EdgeZoneProps) {
    super(scope, id);
    if (props.existingZoneId) {
      this.zoneId = props.existingZoneId;
      // Read only: the name servers of a zone this stack does not own.
      this.nameServers = new DataCloudflareZone(this, "Existing", { zoneId: props.existingZoneId }).nameServers;
    } else {
      this.zone = preventDestroy(new Zone(this, "Resource", { account: { id: props.accountId }, name: props.name, type: "full" }));
      this.zoneId = this.zone.id;
      this.nameServers = this.zone.nameServers;
      // rate_plan.id takes the paid tier names as they are ("pro", "business", "enterprise":
      // internal/services/zone_subscription/schema.go, v5.14.0; no subscription on free, see above). `frequency` is left to the API: a value
      // the plan does not support reads back as "not-applicable" and plans a diff on every run
      // (TestAccCloudflareZoneSubscriptionResource_FrequencyNotSupported, resource_test.go, v5.14.0).
      // Deleting this resource only drops it from state (its Delete is empty in resource.go), so
      // removing it never downgrades the zone.
      if (props.plan !== "free")
        this.subscription = new ZoneSubscription(this, "Plan", { zoneId: this.zoneId, ratePlan: { id: props.plan } });
    }
    const dnssec = new ZoneDnssec(this, "Dnssec", { zoneId: this.zoneId, status: "active" });
    // `status` is Optional but not Computed (internal/services/zone_dnssec/schema.go, v5.14.0) and Read
    // stores what the API reports (resource.go), which is "pending" until the DS record is at the
    // registrar (developers.cloudflare.com/dns/dnssec/dnssec-states/). Declaring "active" enables DNSSEC
    // on create; later status changes are ignored. `dnssec_multi_signer`, `dnssec_presigned` and
    // `dnssec_use_nsec3` are Optional bools, not Computed (schema.go:32,36,40, model.go:18-20), and Read
    // stores the whole response (resource.go:177), so left unset they would plan `false -> null` on
    // every run (the provider's resource_test.go:75-78 ignores them on import too). They are ignored,
    // not declared false: an adopted zone may sign with several providers, and golive must not undo it.
    dnssec.lifecycle = {
      ...(dnssec.lifecycle ?? {}),
      ignoreChanges: ["status", "dnssec_multi_signer", "dnssec_presigned", "dnssec_use_nsec3"],
    };
    this.dnssec = preventDestroy(dnssec);
  }
}
