import type { EnvConfig } from "../../platform/readiness";
import type { GithubConfig } from "./schema";

/** Whether CI deploys an environment: its config and CI settings, or why the CI rules do not apply. */
export type CiDeploy =
  | { readonly deployed: true; readonly config: EnvConfig; readonly github: GithubConfig }
  | { readonly deployed: false; readonly why: string };

/**
 * Where the CI rules (GL-SEC-008, 009, 010) apply: without a config golive cannot tell, and without
 * secrets.github no workflow deploys the environment (no CI role trusts a GitHub token).
 */
export function ciDeploy(config: EnvConfig | undefined): CiDeploy {
  if (!config) return { deployed: false, why: "no config file for this environment" };
  const github = config.app.secrets?.github;
  if (!github) return { deployed: false, why: "no secrets.github: no CI workflow deploys this environment" };
  return { deployed: true, config, github };
}
