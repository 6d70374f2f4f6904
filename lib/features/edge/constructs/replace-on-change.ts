import { DataResource, type TerraformResource } from "cdktf";
import { Construct } from "constructs";

/**
 * Makes Terraform replace `resource` whenever `value` changes, instead of updating it in place (or, for
 * an attribute under ignore_changes, instead of not at all: the origin pull certificate, origin-pulls.ts).
 *
 * Why, for zone settings: provider v5's `cloudflare_zone_setting` sends an update as a JSON merge patch
 * of only the changed leaves (`MarshalJSONForUpdate` -> `apijson.MarshalForPatch`, internal/services/
 * zone_setting/model.go and resource.go, v5.14.0), and Cloudflare does not apply a partial `security_header`
 * value: a changed `max_age` is planned, "applied", and never reaches the zone
 * (github.com/cloudflare/terraform-provider-cloudflare/issues/6447). Create sends the whole value
 * (`MarshalJSON`), and the resource's Delete does nothing (it only leaves state), so a replacement is
 * one full PATCH. A `terraform_data` holding the value in `triggers_replace` is replaced when the
 * value changes, and `replace_triggered_by` carries that to the resource; adding it to an existing
 * stack replaces nothing (checked with Terraform 1.11).
 */
export class ReplaceOnChange extends Construct {
  readonly trigger: DataResource;

  constructor(scope: Construct, id: string, resource: TerraformResource, value: { readonly [key: string]: unknown }) {
    super(scope, id);
    this.trigger = new DataResource(this, "Value", { triggersReplace: { ...value } });
    // A bare address: cdktf renders a construct here as "${terraform_data.x}", which Terraform 1.11
    // refuses in replace_triggered_by ("Invalid character"); `terraform_data.x` validates.
    const address = `${DataResource.tfResourceType}.${this.trigger.friendlyUniqueId}`;
    resource.lifecycle = { ...(resource.lifecycle ?? {}), replaceTriggeredBy: [address] };
  }
}
