import type { Feature } from "../../platform/feature";
import { dkimRemoved, dmarcWeakened, spfWidened } from "./risks";
import { dkim } from "./rules/dkim";
import { dmarc } from "./rules/dmarc";
import { dmarcEnforcing } from "./rules/dmarc-enforcing";
import { spf } from "./rules/spf";
import { validateEmail } from "./validate";

/** Outbound email through SES passing SPF, DKIM and DMARC, with MTA-STS and TLS-RPT. */
export const emailFeature: Feature = {
  name: "email",
  stack: { kind: "email", build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildEmailStack(scope, cfg) },
  validate: validateEmail,
  rules: [spf, dkim, dmarc, dmarcEnforcing],
  risks: [dmarcWeakened, spfWidened, dkimRemoved],
};
