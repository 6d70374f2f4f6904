import type { Feature } from "../../platform/feature";
import { ciAccessCrossEnvironmentIssues, oidcProviderCreator } from "./cross-env";
import { noStaticKeys } from "./rules/GL-SEC-006";
import { oidcDeployRole } from "./rules/GL-SEC-005";
import { ciRemoteState } from "./rules/GL-SEC-008";
import { codeownersOwnEverything } from "./rules/GL-SEC-009";
import { attestGithubEnvironments } from "./rules/GL-SEC-010";
import { accessKeyCreated } from "./access-keys";
import { identityPolicyWidened, resourcePolicyWidened, trustPolicyWidened } from "./risks";
import { validateCiAccess } from "./validate";
import { webhookReaderIssues } from "./webhook-readers";

/** GitHub Actions reaching AWS through OIDC: roles by blast radius under one permissions boundary, no static keys. */
export const ciAccessFeature: Feature = {
  name: "ci-access",
  stack: {
    kind: "access",
    build: (scope, cfg, stacks) => (require("./stack") as typeof import("./stack")).buildAccessStack(scope, cfg, stacks),
    // By hand: the CI roles' own trust policies and permissions boundary.
    appliedBy: "administrator",
    stateHoldsSecrets: false,
    awsServices: ["iam"],
    sharedCreator: oidcProviderCreator,
  },
  validate: (cfg) => [...validateCiAccess(cfg), ...webhookReaderIssues(cfg)],
  crossEnvironment: ciAccessCrossEnvironmentIssues,
  rules: [oidcDeployRole, noStaticKeys, ciRemoteState, codeownersOwnEverything, attestGithubEnvironments],
  risks: [trustPolicyWidened, identityPolicyWidened, resourcePolicyWidened, accessKeyCreated],
};
