import type { AppConfig } from "../../config/schema";
import { type Claim, secondClaims } from "../../core/claims";
import type { CrossEnvIssue, LoadedEnvironment } from "../../platform/feature";
import { alertsOnTokenExpiry } from "./notifications";

const TOKEN_EXPIRY = ["monitoring", "cloudflare", "serviceTokenExpiry"] as const;

/**
 * Cloudflare's `expiring_service_token_alert` has no token filter (provider v5.14 notification_policy
 * filters; Cloudflare's alert has none for it): a policy covers every service token of the account.
 */
function tokenExpiryClaims(cfg: AppConfig): Claim[] {
  const account = cfg.cloudflare.accountId;
  return alertsOnTokenExpiry(cfg) ? [{ key: account, path: TOKEN_EXPIRY, value: account }] : [];
}

/**
 * Two environments in one Cloudflare account both declaring the service-token expiry alert: each
 * policy covers every token of the account, so every expiry would reach both environments' on-call twice.
 */
export function monitoringCrossEnvironmentIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  return secondClaims(
    envs,
    tokenExpiryClaims,
    (c, first) =>
      `true in Cloudflare account ${c.value}, where ${first.file} (monitoring.cloudflare.serviceTokenExpiry) already alerts on every Access service token of the account, this environment's included (the alert has no token filter, so a second policy sends every expiry twice, to both environments' on-call); allowed: false here`,
  );
}
