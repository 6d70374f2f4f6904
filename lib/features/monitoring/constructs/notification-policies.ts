import { NotificationPolicy } from "@cdktf/provider-cloudflare/lib/notification-policy";
import { Construct } from "constructs";
import type { NotificationSpec } from "../notifications";

export interface NotificationPoliciesProps {
  readonly accountId: string;
  readonly zoneId: string;
  readonly policies: readonly NotificationSpec[];
}

/** Renders notification specs as `cloudflare_notification_policy` to email, construct id = spec key. */
export class NotificationPolicies extends Construct {
  readonly policies: ReadonlyMap<string, NotificationPolicy>;

  constructor(scope: Construct, id: string, props: NotificationPoliciesProps) {
    super(scope, id);
    const out = new Map<string, NotificationPolicy>();
    for (const p of props.policies) {
      const filters = {
        ...(p.zoneFilter ? { zones: [props.zoneId] } : {}),
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
          ...(Object.keys(filters).length > 0 ? { filters } : {}),
          mechanisms: { email: p.emails.map((email) => ({ id: email })) },
        }),
      );
    }
    this.policies = out;
  }
}
