import type { Feature } from "../../platform/feature";
import { secretsEncrypted } from "./rules/secrets-encrypted";
import { secretsPolicy } from "./rules/secrets-policy";
import { secretsRotated } from "./rules/secrets-rotated";
import { validateSecrets } from "./validate";

/** Secrets Manager secrets under a customer-managed key, readable only by the roles that need them. */
export const secretsFeature: Feature = {
  name: "secrets",
  stack: { kind: "secrets", build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildSecretsStack(scope, cfg) },
  validate: validateSecrets,
  rules: [secretsEncrypted, secretsRotated, secretsPolicy],
  risks: [],
};
