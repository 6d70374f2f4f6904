import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { validateAccess } from "./access";
import { validateAccessLimits } from "./access-limits";
import { validateCertificateCoverage } from "./certificate-coverage";
import { validateDns } from "./dns";
import { validateExpressionLength } from "./expression-length";
import { validateHostnames } from "./hostnames";
import { validateOriginLockdown } from "./origin-lockdown";
import { validatePublicAddresses } from "./public-addresses";
import { validateRateLimits } from "./rate-limits";
import { validateRedirects } from "./redirects";
import { validateTier } from "./tier";
import { validateZoneName } from "./zone-name";
import { validateZoneTargets } from "./zone-targets";

/** Cross-field rules of `cloudflare` and `edge`, the zone and hostnames first (later rules assume them valid). */
export function validateEdge(cfg: AppConfig): ConfigIssue[] {
  return [
    validateZoneName,
    validateHostnames,
    validateDns,
    validateZoneTargets,
    validatePublicAddresses,
    validateRedirects,
    validateCertificateCoverage,
    validateRateLimits,
    validateTier,
    validateAccess,
    validateAccessLimits,
    validateOriginLockdown,
    validateExpressionLength,
  ].flatMap((v) => v(cfg));
}
