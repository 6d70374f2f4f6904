import type { Feature } from "../../platform/feature";
import { deletionScheduled, protectedDestroyed } from "./risks";
import { attestAppCors } from "./rules/attest-app-cors";
import { attestAppRbac } from "./rules/attest-app-rbac";
import { attestInputValidation } from "./rules/attest-input-validation";
import { attestLogRedaction } from "./rules/attest-log-redaction";
import { attestPromptInjection } from "./rules/attest-prompt-injection";
import { attestationsFresh } from "./rules/attestations-fresh";
import { exemptionExpired } from "./rules/exemption-expired";
import { exemptionUnknownRule } from "./rules/exemption-unknown-rule";
import { noSecretLiterals } from "./rules/no-secret-literals";
import { preventDestroy } from "./rules/prevent-destroy";
import { runbooks } from "./rules/runbooks";

/**
 * What no single stack owns: the app's own attestations, exemptions, runbooks, protected resources and
 * secret literals anywhere in the synth output. Declares no stack.
 */
export const readinessFeature: Feature = {
  name: "readiness",
  rules: [
    attestAppRbac,
    noSecretLiterals,
    attestInputValidation,
    attestPromptInjection,
    attestLogRedaction,
    attestAppCors,
    preventDestroy,
    runbooks,
    exemptionExpired,
    exemptionUnknownRule,
    attestationsFresh,
  ],
  risks: [protectedDestroyed, deletionScheduled],
};
