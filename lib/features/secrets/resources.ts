import type { StackCore } from "../../platform/feature";

/**
 * Each of secrets.items is a Secrets Manager secret of the secrets stack: without any, the secrets rules
 * fail (lib/engines/check/stack-cores.ts) instead of finding no secret in the environment.
 */
export const SECRETS_CORE: StackCore = {
  askedBy: (cfg) => {
    const count = cfg.secrets?.items.length ?? 0;
    return count > 0 ? { path: "secrets.items", asks: `${count} secret${count === 1 ? "" : "s"}` } : undefined;
  },
  resourceTypes: ["aws_secretsmanager_secret"],
};
