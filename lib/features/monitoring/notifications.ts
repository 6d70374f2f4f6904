import type { AppConfig } from "../../config/schema";
import type { SSL_ALERT_TYPES } from "./schema";
import { desiredDestinations } from "./destinations";
import { namePrefix } from "../../core/names";
import { desiredCertificatePack } from "../edge/certificate-coverage";

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
  /** `pool_id` is filled with this environment's pool ids by the construct when `poolFilter` is true. */
  readonly poolFilter?: boolean;
  readonly filters: NotificationFilters;
  readonly emails: readonly string[];
}

/**
 * Load-balancer pool and origin health changes of this environment's pools only: without a `pool_id`
 * filter the policy covers every pool of the account, and a staging pool flap pages production's
 * on-call. Pool ids exist only once `traffic-<env>` creates the pools, and monitoring deploys before
 * traffic, so the traffic stack declares this policy next to its pools (a lookup from the monitoring
 * stack would find no pool on the first deploy and miss every pool added later). Undefined without a
 * release, without monitoring, or with `monitoring.cloudflare.loadBalancingHealth: false`.
 */
export function poolHealthNotification(cfg: AppConfig): NotificationSpec | undefined {
  const mon = cfg.monitoring;
  if (!mon?.cloudflare.loadBalancingHealth || !cfg.release) return undefined;
  return {
    key: "pool-health",
    name: `${namePrefix(cfg.app, cfg.environment)} load balancer pool health`,
    description: `A load-balancer pool or origin of ${cfg.release.hostname} changed health (golive monitoring).`,
    alertType: "load_balancing_health_alert",
    zoneFilter: false,
    poolFilter: true,
    filters: { eventSource: ["pool", "origin"], newHealth: ["Unhealthy", "Healthy"] },
    emails: desiredDestinations(cfg).emails,
  };
}

/**
 * This environment declares its Cloudflare account's service-token expiry alert: it has monitoring,
 * service tokens, and `monitoring.cloudflare.serviceTokenExpiry` (one environment per account, cross-env.ts).
 */
export function alertsOnTokenExpiry(cfg: AppConfig): boolean {
  return cfg.edge.access.serviceTokens.length > 0 && cfg.monitoring?.cloudflare.serviceTokenExpiry === true;
}

/**
 * What the monitoring stack asks Cloudflare to alert on: SSL certificate events of the zone
 * (validation, issuance, renewal, expiry) and, when the edge issues Access service tokens (one year by
 * default, `edge.access.serviceTokens[].duration`), their coming expiry: an expired token locks every
 * machine caller out. The alert type has no token filter, so it covers every service token of the
 * account, and one environment per account declares it (alertsOnTokenExpiry). Pool health is declared by the traffic stack (poolHealthNotification).
 */
export function desiredNotifications(cfg: AppConfig): NotificationSpec[] {
  const mon = cfg.monitoring;
  if (!mon) return [];
  const prefix = namePrefix(cfg.app, cfg.environment);
  const { emails } = desiredDestinations(cfg);
  const out: NotificationSpec[] = [];
  // Universal SSL events say nothing of an advanced certificate: with the pack golive orders
  // (edge.advancedCertificate), its own events (dedicated_ssl_certificate_event_type) are alerted on too.
  const advanced = desiredCertificatePack(cfg) === undefined ? [] : (["dedicated_ssl_certificate_event_type"] as const);
  for (const alertType of new Set([...mon.cloudflare.sslAlertTypes, ...advanced])) {
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
  const tokens = cfg.edge.access.serviceTokens;
  if (alertsOnTokenExpiry(cfg)) {
    out.push({
      key: "service-token-expiry",
      name: `${prefix} Access service token expiring`,
      description: `An Access service token of the account expires soon; ${prefix} uses ${tokens.map((t) => `${prefix}-${t.name}`).join(", ")}: refresh it before it expires, runbooks/secret-rotation.md#access-service-token-expiring (golive monitoring).`,
      // Available values of alert_type in provider v5.14 (lib/notification-policy/index.d.ts).
      alertType: "expiring_service_token_alert",
      zoneFilter: false,
      filters: {},
      emails,
    });
  }
  return out;
}
