import type { AppConfig } from "../../config/schema";
import type { AlertWebhookConfig } from "./schema";

/** A webhook subscription whose URL arrives at deploy time through a sensitive Terraform variable. */
export interface WebhookDestination {
  readonly name: string;
  /** Terraform variable name; set it with `TF_VAR_<variable>` read from Secrets Manager. */
  readonly variable: string;
  readonly secretName: string;
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

function toDestination(w: AlertWebhookConfig): WebhookDestination {
  return { name: w.name, variable: webhookVariable(w.name), secretName: w.secretName, autoConfirms: w.autoConfirms };
}

/** Where alerts go: email addresses (deduplicated, in order) and webhooks by secret name only. */
export function desiredDestinations(cfg: AppConfig): AlertDestinations {
  const alerts = cfg.monitoring?.alerts;
  if (!alerts) return { emails: [], webhooks: [] };
  return { emails: [...new Set(alerts.emails)], webhooks: alerts.webhooks.map(toDestination) };
}

/** The shell line that feeds a webhook URL from Secrets Manager into Terraform without printing it. */
export function webhookExportCommand(w: WebhookDestination): string {
  return `export TF_VAR_${w.variable}="$(aws secretsmanager get-secret-value --secret-id ${w.secretName} --query SecretString --output text)"`;
}
