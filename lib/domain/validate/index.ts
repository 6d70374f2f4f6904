import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../issues";
import { validateAccess } from "./access";
import { validateDns } from "./dns";
import { validateEmail } from "./email";
import { validateHostnames } from "./hostnames";
import { validateMonitoring } from "../monitoring/validate";
import { validateRateLimits } from "./rate-limits";
import { validateRedirects } from "./redirects";
import { validateRelease } from "../release/validate";
import { validateSecrets } from "../secrets/validate";
import { validateTier } from "./tier";

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
