import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { validateAccess } from "../../features/edge/validate/access";
import { validateDns } from "../../features/edge/validate/dns";
import { validateEmail } from "../../features/email/validate";
import { validateHostnames } from "../../features/edge/validate/hostnames";
import { validateMonitoring } from "../../features/monitoring/validate";
import { validateRateLimits } from "../../features/edge/validate/rate-limits";
import { validateRedirects } from "../../features/edge/validate/redirects";
import { validateRelease } from "../../features/release/validate";
import { validateSecrets } from "../../features/secrets/validate";
import { validateTier } from "../../features/edge/validate/tier";

/** Cross-field rules run after the schema has passed. Each returns every issue it finds. */
export const CONFIG_VALIDATORS: readonly ((cfg: AppConfig) => ConfigIssue[])[] = [
  validateHostnames,
  validateDns,
  validateRedirects,
  validateRateLimits,
  validateTier,
  validateAccess,
  validateEmail,
  validateMonitoring,
  validateRelease,
  validateSecrets,
];

export function validateConfig(cfg: AppConfig): ConfigIssue[] {
  return CONFIG_VALIDATORS.flatMap((v) => v(cfg));
}
