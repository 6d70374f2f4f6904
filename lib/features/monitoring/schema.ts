import { z } from "zod";
import { limitedList, VALUE_NOT_SHOWN } from "../../core/fields";
import { Hostname } from "../../core/dns-names";
import { EmailAddress, UrlPath } from "../../core/web-fields";
import { AwsAccountId, AwsRegion } from "../../core/aws-fields";

/**
 * The longest an uptime alarm may wait before it fires, in minutes (monitoring.alarmMinutes' bound):
 * GL-MON-001 does not count an alarm that needs a check unhealthy for longer.
 */
export const MAX_ALARM_MINUTES = 60;

/** Cloudflare SSL/certificate alert types golive may subscribe to (names as the v5 provider spells them). */
export const SSL_ALERT_TYPES = [
  "universal_ssl_event_type",
  "dedicated_ssl_certificate_event_type",
  "custom_ssl_certificate_event_type",
] as const;

/** A webhook URL given as the secret name (here, and in validate.ts for one without a scheme). */
export const WEBHOOK_URL_MESSAGE =
  "looks like a webhook URL (value not shown); give the Secrets Manager secret name that holds the URL, such as opsbot/production/pagerduty-alerts-url";

/**
 * A webhook destination (PagerDuty, an SNS-aware relay). Its URL carries a credential, so config holds
 * only the Secrets Manager secret *name*; the URL reaches Terraform at deploy time through a sensitive
 * variable (`TF_VAR_alert_webhook_<name>`) and never appears in config or synthesized JSON.
 */
export const AlertWebhookConfig = z.strictObject({
  /** Lower-case name; the Terraform variable is `alert_webhook_<name>` (dashes become underscores). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "must be a lower-case name such as pagerduty"),
  /** Secrets Manager secret whose SecretString is the https URL, e.g. opsbot/production/pagerduty-alerts-url. */
  secretName: z
    .string()
    // A URL here is the webhook itself, credential included: its error never quotes it.
    .refine((value) => !value.includes("://"), { message: WEBHOOK_URL_MESSAGE, abort: true, params: VALUE_NOT_SHOWN })
    .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, "must be a Secrets Manager secret name (not a URL or ARN)"),
  /**
   * The endpoint confirms the SNS subscription by itself (PagerDuty's Amazon CloudWatch integration does).
   * @default true
   */
  autoConfirms: z.boolean().default(true),
});

export const AlertsConfig = z.strictObject({
  /** Receive every alarm (SNS email, confirm once) and every Cloudflare notification. */
  emails: limitedList(EmailAddress, 50, "alert emails").min(1, "at least one alert email is required"),
  /** Paging / chat webhooks, by secret name. @default [] */
  webhooks: limitedList(AlertWebhookConfig, 20, "webhooks").default([]),
});

export const LatencyConfig = z.strictObject({
  /** The hostname whose time to first byte stands for "normal chat requests": an edge hostname or release.hostname. */
  hostname: Hostname,
  /**
   * Which check's TimeToFirstByte is measured. `origin` (the app server, Host/SNI = the hostname) is
   * the honest choice for a hostname behind Cloudflare Access: from outside, the edge only answers
   * with the Access login redirect. `edge` suits a public hostname and includes the Cloudflare hop.
   * @default "origin"
   */
  target: z.enum(["edge", "origin"]).default("origin"),
  /**
   * The path `golive verify` times on `hostname` through Cloudflare (p95 of GETs the app must answer
   * with 2xx; a redirect fails the probe). Behind Access only a service token gets past the login, and only on its own paths,
   * so it must be at or below a path of `edge.access.serviceTokens` (such as /hooks/healthz); on a
   * public hostname any path. @default behind Access the first service-token path, else "/"
   */
  path: UrlPath.optional(),
  /** Launch bar: p95 time to first byte above this many milliseconds alerts. @default 500 */
  p95Ms: z.number().int().min(50, "must be at least 50").max(10000, "must be at most 10000").default(500),
  /** Consecutive 5-minute periods above the bar before alerting. @default 3 */
  periods: z.number().int().min(1).max(12).default(3),
});

export const CloudflareAlertsConfig = z
  .strictObject({
    /** Pool/origin health changes of this environment's load-balancer pools (traffic-<env> declares it). @default true */
    loadBalancingHealth: z.boolean().default(true),
    /**
     * Alert when an Access service token of the Cloudflare account is about to expire (when
     * `edge.access.serviceTokens` is not empty). The alert type has no token filter, so one policy
     * covers every token of the account: only one environment per Cloudflare account declares it
     * (a second is refused); the others set `false`. @default true
     */
    serviceTokenExpiry: z.boolean().default(true),
    /** Certificate events (issuance, renewal, expiry) for the zone. @default ["universal_ssl_event_type"] */
    sslAlertTypes: z.array(z.enum(SSL_ALERT_TYPES)).min(1).default(["universal_ssl_event_type"]),
  })
  .prefault({});

/** The `monitoring` section: uptime checks, alarms and where alerts go. Deployed before traffic. */
export const MonitoringConfig = z.strictObject({
  /**
   * Path every uptime check requests over HTTPS on port 443, at most 255 characters (Route 53's
   * ResourcePath limit, which the provider checks: StringLenBetween(0, 255)). @default "/healthz"
   */
  healthPath: UrlPath.max(255, "must be at most 255 characters (Route 53's health check ResourcePath limit)").default("/healthz"),
  /** Seconds between requests from each Route 53 checker: 10 (fast, costs more) or 30. @default 30 */
  requestInterval: z.union([z.literal(10), z.literal(30)]).default(30),
  /** Consecutive failures before a checker marks the endpoint unhealthy (1-10). @default 3 */
  failureThreshold: z.number().int().min(1, "must be 1-10").max(10, "must be 1-10").default(3),
  /** Consecutive unhealthy minutes before an uptime alarm fires. @default 2 */
  alarmMinutes: z.number().int().min(1).max(MAX_ALARM_MINUTES).default(2),
  /**
   * Also check each origin directly (by IP with Host/SNI = the hostname, or by its hostname). Origins
   * locked to Cloudflare IPs must also allow the Route 53 health-checker ranges, or set this false.
   * @default true
   */
  checkOrigins: z.boolean().default(true),
  /**
   * Region of the default AWS provider. Route 53 health checks are global; their metrics, the alarms
   * and the alert topic always live in us-east-1 (an aliased provider). @default "us-east-1"
   */
  awsRegion: AwsRegion.default("us-east-1"),
  /**
   * Pins both AWS providers to this account, so a plan with the wrong credentials fails instead of
   * creating checks elsewhere. @default secrets.accountId when a secrets section exists
   */
  awsAccountId: AwsAccountId.optional(),
  alerts: AlertsConfig,
  latency: LatencyConfig,
  cloudflare: CloudflareAlertsConfig,
});
export type MonitoringConfig = z.infer<typeof MonitoringConfig>;
export type AlertWebhookConfig = z.infer<typeof AlertWebhookConfig>;
