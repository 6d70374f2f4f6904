import type { Feature } from "../../platform/feature";
import { noStaticKeys } from "./rules/GL-SEC-006";
import { oidcDeployRole } from "./rules/GL-SEC-005";
import { trustPolicyWidened } from "./risks";
import { validateCiAccess } from "./validate";

/** GitHub Actions reaching AWS through OIDC: separate plan and deploy roles, no static keys. */
export const ciAccessFeature: Feature = {
  name: "ci-access",
  stack: { kind: "access", build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildAccessStack(scope, cfg) },
  validate: validateCiAccess,
  rules: [oidcDeployRole, noStaticKeys],
  risks: [trustPolicyWidened],
};
