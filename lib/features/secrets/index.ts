import type { Feature } from "../../platform/feature";
import { SECRETS_CORE } from "./resources";
import { secretsEncrypted } from "./rules/GL-SEC-001";
import { secretsPolicy } from "./rules/GL-SEC-003";
import { secretsRotated } from "./rules/GL-SEC-002";
import { onlyIntendedReaders } from "./rules/GL-SEC-007";
import { recoveryWindowShortened, secretGrantWidened } from "./risks";
import { rotationLambdaOtherAccount } from "./rotation-account";
import { validateSecrets } from "./validate";

/** Secrets Manager secrets under a customer-managed key, readable only by the roles that need them. */
export const secretsFeature: Feature = {
  name: "secrets",
  stack: {
    kind: "secrets",
    build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildSecretsStack(scope, cfg),
    // Its key, secret and role policies decide who reads secrets; secret values never enter its state.
    appliedBy: "admin-deploy",
    stateHoldsSecrets: false,
    awsServices: ["iam", "kms", "secretsmanager"],
    needs: [{ kind: "access", reason: "runtime roles carry the permissions boundary access-<env> creates" }],
    core: SECRETS_CORE,
  },
  validate: validateSecrets,
  rules: [secretsEncrypted, secretsRotated, secretsPolicy, onlyIntendedReaders],
  risks: [secretGrantWidened, recoveryWindowShortened, rotationLambdaOtherAccount],
};
