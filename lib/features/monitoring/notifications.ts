import type { AppConfig } from "../../config/schema";
import type { SSL_ALERT_TYPES } from "./schema";
import { desiredDestinations } from "./destinations";
import { namePrefix } from "../../core/names";

const SSL_LABELS: Readonly<Record<(typeof SSL_ALERT_TYPES)[number], string>> = {
  universal_ssl_event_type: "Universal SSL certificate events",
  dedicated_ssl_certificate_event_type: "Advanced certificate events",
  custom_ssl_certificate_event_type: "Custom certificate events",
};

/** Filters of a notification policy (binding names); which apply depends on the alert type. */
export interface NotificationFilters {
  readonly eventSource?: readonly string[];
  readonly newHealth?: readonly string[];
}

/** One Cloudflare notification policy, as plain data. */
export interface NotificationSpec {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly alertType: string;
  /** `zones` is filled with the zone id by the construct when `zoneFilter` is true. */
  readonly zoneFilter: boolean;
  readonly filters: NotificationFilters;
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
  const prefix = namePrefix(cfg.app, cfg.environment);
  const { emails } = desiredDestinations(cfg);
  const out: NotificationSpec[] = [];
  if (mon.cloudflare.loadBalancingHealth) {
    out.push({
      key: "lb-health",
      name: `${prefix} load balancer pool health`,
      description: "A load-balancer pool or origin changed health (golive monitoring).",
      alertType: "load_balancing_health_alert",
      zoneFilter: false,
      filters: { eventSource: ["pool", "origin"], newHealth: ["Unhealthy", "Healthy"] },
      emails,
    });
  }
  for (const alertType of mon.cloudflare.sslAlertTypes) {
    out.push({
      key: `ssl-${alertType.replace(/_event_type$/, "").replace(/_/g, "-")}`,
      name: `${prefix} ${SSL_LABELS[alertType]} (${cfg.cloudflare.zone.name})`,
      description: `Certificate events for ${cfg.cloudflare.zone.name}: validation, issuance, renewal and expiry (golive monitoring).`,
      alertType,
      zoneFilter: true,
      filters: {},
      emails,
    });
  }
  return out;
}
