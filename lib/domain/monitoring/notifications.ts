import type { AppConfig } from "../../../config/schema";

/** One Cloudflare notification policy, as plain data. Filters use the provider's attribute names. */
export interface NotificationSpec {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly alertType: string;
  /** `zones` is filled with the zone id by the construct when `zoneFilter` is true. */
  readonly zoneFilter: boolean;
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly emails: readonly string[];
}

/**
 * Cloudflare complements the Route 53 checks: pool/origin health changes of the load balancer (every
 * pool in the account, so the policy exists before the traffic stack creates its pools) and SSL
 * certificate events of the zone (validation, issuance, renewal, expiry).
 */
export function desiredNotifications(cfg: AppConfig): NotificationSpec[] {
  const mon = cfg.monitoring;
  if (!mon) return [];
  const prefix = `${cfg.app}-${cfg.environment}`;
  const emails = [...new Set(mon.alerts.emails)];
  const out: NotificationSpec[] = [];
  if (mon.cloudflare.loadBalancingHealth) {
    out.push({
      key: "lb-health",
      name: `${prefix} load balancer pool health`,
      description: "A load-balancer pool or origin changed health (golive monitoring).",
      alertType: "load_balancing_health_alert",
      zoneFilter: false,
      filters: { event_source: ["pool", "origin"], new_health: ["Unhealthy", "Healthy"] },
      emails,
    });
  }
  for (const alertType of mon.cloudflare.sslAlertTypes) {
    out.push({
      key: `ssl-${alertType.replace(/_event_type$/, "").replace(/_/g, "-")}`,
      name: `${prefix} ${alertType.replace(/_/g, " ")} (${cfg.cloudflare.zone.name})`,
      description: `Certificate events for ${cfg.cloudflare.zone.name}: validation, issuance, renewal and expiry (golive monitoring).`,
      alertType,
      zoneFilter: true,
      filters: {},
      emails,
    });
  }
  return out;
}
