import type { Feature } from "../../platform/feature";
import { provisionerRuns } from "./provisioners";
import { deletionScheduled, protectedDestroyed } from "./risks";
import { attestAppCors } from "./rules/GL-APP-005";
import { attestAppRbac } from "./rules/GL-APP-002";
import { attestInputValidation } from "./rules/GL-APP-004";
import { attestLogRedaction } from "./rules/GL-APP-003";
import { attestPromptInjection } from "./rules/GL-APP-001";
import { attestationsFresh } from "./rules/GL-READY-003";
import { exemptionExpired } from "./rules/GL-READY-001";
import { exemptionUnknownRule } from "./rules/GL-READY-002";
import { noSecretLiterals } from "./rules/GL-SEC-004";
import { preventDestroy } from "./rules/GL-REL-002";
import { runbooks } from "./rules/GL-REL-003";

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
  risks: [protectedDestroyed, deletionScheduled, provisionerRuns],
};
