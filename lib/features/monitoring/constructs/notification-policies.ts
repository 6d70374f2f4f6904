import { NotificationPolicy } from "@cdktf/provider-cloudflare/lib/notification-policy";
import { Construct } from "constructs";
import type { NotificationSpec } from "../notifications";

export interface NotificationPoliciesProps {
  readonly accountId: string;
  /** Filled into `zones` of the specs with `zoneFilter`. @default none: no spec may ask for it */
  readonly zoneId?: string;
  /** Filled into `pool_id` of the specs with `poolFilter`. @default none: no spec may ask for it */
  readonly poolIds?: readonly string[];
  readonly policies: readonly NotificationSpec[];
}

/** Renders notification specs as `cloudflare_notification_policy` to email, construct id = spec key. */
export class NotificationPolicies extends Construct {
  readonly policies: ReadonlyMap<string, NotificationPolicy>;

  constructor(scope: Construct, id: string, props: NotificationPoliciesProps) {
    super(scope, id);
    const out = new Map<string, NotificationPolicy>();
    for (const p of props.policies) {
      // A filter left empty would widen the policy to the whole account: refuse instead.
      if ((p.zoneFilter && !props.zoneId) || (p.poolFilter && !props.poolIds?.length))
        throw new Error(`notification policy ${p.key}: its ${p.zoneFilter ? "zone" : "pool"} filter has no value`);
      const filters = {
        ...(p.zoneFilter && props.zoneId ? { zones: [props.zoneId] } : {}),
        ...(p.poolFilter && props.poolIds ? { poolId: [...props.poolIds] } : {}),
        ...(p.filters.eventSource ? { eventSource: [...p.filters.eventSource] } : {}),
        ...(p.filters.newHealth ? { newHealth: [...p.filters.newHealth] } : {}),
      };
      out.set(
        p.key,
        new NotificationPolicy(this, p.key, {
          accountId: props.accountId,
          name: p.name,
          description: p.description,
          alertType: p.alertType,
          enabled: true,
          // Always declared, `{}` when the spec has none: `filters` is Optional, not Computed
          // (notification_policy/schema.go:166, model.go:24, v5.14.0), Read stores the whole response
          // (resource.go:177) and the API returns `{}`, so an omitted one plans `{} -> null` on every run
          // (terraform-provider-cloudflare#5656; the provider's own
          // testdata/checkcloudflarenotificationpolicyupdated.tf:11 declares `filters = {}`).
          filters,
          mechanisms: { email: p.emails.map((email) => ({ id: email })) },
        }),
      );
    }
    this.policies = out;
  }
}
