import type { AppConfig } from "../../config/schema";
import { secretName } from "../secrets/model";
import type { AlertWebhookConfig } from "./schema";

/** A webhook subscription whose URL arrives at deploy time through a sensitive Terraform variable. */
export interface WebhookDestination {
  readonly name: string;
  /** Terraform variable name; set it with `TF_VAR_<variable>` read from Secrets Manager. */
  readonly variable: string;
  readonly secretName: string;
  /** Region of that secret, for the read command the variable's description gives (webhookExportCommand). */
  readonly secretRegion: string;
  readonly autoConfirms: boolean;
}

export interface AlertDestinations {
  readonly emails: readonly string[];
  readonly webhooks: readonly WebhookDestination[];
}

/** Every webhook variable starts with this; CI finds them by it (deploy reads secrets, plan uses placeholders). */
export const WEBHOOK_VARIABLE_PREFIX = "alert_webhook_";

/**
 * What `golive plan` gives every webhook variable instead of the URL: plans run with the read-only plan
 * role, which may not read secret values. Clearly fake (`.invalid` can never resolve, RFC 2606), and
 * harmless: the subscription ignores changes to `endpoint`, and golive never applies its plans.
 */
export const WEBHOOK_PLAN_PLACEHOLDER = "https://placeholder.invalid/golive-plan";

export function webhookVariable(name: string): string {
  return `${WEBHOOK_VARIABLE_PREFIX}${name.replace(/-/g, "_")}`;
}

export function isWebhookVariable(variable: string): boolean {
  return variable.startsWith(WEBHOOK_VARIABLE_PREFIX);
}

/**
 * Where a webhook's secret lives: one of secrets.items is created by secrets-<env> in secrets.region;
 * another is created by hand in the region that deploys monitoring-<env> (runbooks/secret-rotation.md,
 * "The alert webhook"). The read names it: a shell whose default region is another one reads nothing.
 */
function webhookSecretRegion(cfg: AppConfig, name: string, monitoringRegion: string): string {
  const items = (cfg.secrets?.items ?? []).map((i) => secretName(cfg.app, cfg.environment, i.name));
  return cfg.secrets && items.includes(name) ? cfg.secrets.region : monitoringRegion;
}

function toDestination(cfg: AppConfig, w: AlertWebhookConfig, monitoringRegion: string): WebhookDestination {
  return {
    name: w.name,
    variable: webhookVariable(w.name),
    secretName: w.secretName,
    secretRegion: webhookSecretRegion(cfg, w.secretName, monitoringRegion),
    autoConfirms: w.autoConfirms,
  };
}

/** Where alerts go: email addresses (deduplicated, in order) and webhooks by secret name only. */
export function desiredDestinations(cfg: AppConfig): AlertDestinations {
  const monitoring = cfg.monitoring;
  if (!monitoring) return { emails: [], webhooks: [] };
  const { alerts, awsRegion } = monitoring;
  return { emails: [...new Set(alerts.emails)], webhooks: alerts.webhooks.map((w) => toDestination(cfg, w, awsRegion)) };
}

/** The shell line that feeds a webhook URL from Secrets Manager into Terraform without printing it. */
export function webhookExportCommand(w: WebhookDestination): string {
  return `export TF_VAR_${w.variable}="$(aws secretsmanager get-secret-value --secret-id ${w.secretName} --region ${w.secretRegion} --query SecretString --output text)"`;
}
