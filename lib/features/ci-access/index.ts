import type { Feature } from "../../platform/feature";
import { noStaticKeys } from "./rules/no-static-keys";
import { oidcDeployRole } from "./rules/oidc-deploy-role";
import { validateCiAccess } from "./validate";

/** GitHub Actions reaching AWS through OIDC: separate plan and deploy roles, no static keys. */
export const ciAccessFeature: Feature = {
  name: "ci-access",
  stack: { kind: "access", build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildAccessStack(scope, cfg) },
  validate: validateCiAccess,
  rules: [oidcDeployRole, noStaticKeys],
  risks: [],
};
