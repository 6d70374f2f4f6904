import type { Feature } from "../../platform/feature";
import { EMAIL_CORE } from "./resources";
import { dkimRemoved, dmarcWeakened, spfWidened } from "./risks";
import { dkim } from "./rules/GL-MAIL-002";
import { dmarc } from "./rules/GL-MAIL-003";
import { dmarcEnforcing } from "./rules/GL-MAIL-004";
import { spf } from "./rules/GL-MAIL-001";
import { feedbackTopicEncrypted } from "./rules/GL-MAIL-005";
import { validateEmail } from "./validate";
import { EMAIL_ZONE_EXPORT } from "./zone-export";
import { emailZoneNames } from "./zone-names";

/** Outbound email through SES passing SPF, DKIM and DMARC, with MTA-STS and TLS-RPT. */
export const emailFeature: Feature = {
  name: "email",
  stack: {
    kind: "email",
    build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildEmailStack(scope, cfg),
    appliedBy: "deploy",
    stateHoldsSecrets: false,
    awsServices: ["kms", "ses", "sns"],
    needs: [{ kind: "edge", reason: "looks up the zone edge-<env> creates and writes records in it" }],
    core: EMAIL_CORE,
  },
  validate: validateEmail,
  zoneNames: emailZoneNames,
  rules: [spf, dkim, dmarc, dmarcEnforcing, feedbackTopicEncrypted],
  risks: [dmarcWeakened, spfWidened, dkimRemoved],
  zoneExport: EMAIL_ZONE_EXPORT,
  zoneChecks: (lines, options) => (require("./zone-check") as typeof import("./zone-check")).checkZoneEmail(lines, options),
  probes: (cfg, inputs) => [
    ...(require("./probe-set") as typeof import("./probe-set")).emailProbes(inputs),
    ...(require("./mta-sts-probe") as typeof import("./mta-sts-probe")).mtaStsProbes(cfg),
    ...(require("./mta-sts-mx-probe") as typeof import("./mta-sts-mx-probe")).mtaStsMxProbes(cfg),
  ],
};
