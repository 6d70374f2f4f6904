import type { AppConfig } from "../../config/schema";
import { type Claim, secondClaims } from "../../core/claims";
import type { CrossEnvIssue, LoadedEnvironment, SharedCreator } from "../../platform/feature";
import { adminEnvironmentOf, defaultAdminEnvironment, githubEnvironmentKey, sameGithubEnvironment } from "./schema";

/** IAM allows one OIDC provider per URL in an account: the second `create` fails with EntityAlreadyExists. */
function oidcClaims(cfg: AppConfig): Claim[] {
  const secrets = cfg.secrets;
  return secrets?.github?.oidcProvider === "create"
    ? [{ key: secrets.accountId, path: ["secrets", "github", "oidcProvider"], value: secrets.accountId }]
    : [];
}

const ADMIN_ENVIRONMENT = ["secrets", "github", "adminEnvironment"] as const;

/**
 * The GitHub environment whose jobs may assume an environment's admin-deploy role (`adminEnvironment`,
 * @default `<env>-admin`), keyed as GitHub tells environments apart, for environments with CI roles.
 */
function adminClaims(cfg: AppConfig): Claim[] {
  const github = cfg.secrets?.github;
  if (!github) return [];
  const admin = adminEnvironmentOf(github, cfg.environment);
  return [{ key: githubEnvironmentKey(admin), path: ADMIN_ENVIRONMENT, value: admin }];
}

/**
 * An admin environment that another environment deploys from: every environment's deploy jobs run in
 * the GitHub environment named like it (deploy.yml, deploy-environment.yml), so that environment's
 * deploys could administer this one's secrets. Its own name is validate.ts's.
 */
function adminEnvironmentIsADeployEnvironment(envs: readonly LoadedEnvironment[], configured: readonly string[]): CrossEnvIssue[] {
  return envs.flatMap((e) =>
    adminClaims(e.cfg).flatMap((claim) => {
      const deployerOf = (name: string) => configured.find((other) => other !== e.cfg.environment && sameGithubEnvironment(other, name));
      const deployer = deployerOf(claim.value);
      if (deployer === undefined) return [];
      const byDefault = defaultAdminEnvironment(e.cfg.environment);
      const allowed = deployerOf(byDefault) ? "set secrets.github.adminEnvironment" : `such as ${byDefault} (the default)`;
      return [
        {
          file: e.file,
          issue: {
            path: claim.path,
            message: `"${claim.value}" is ${deployer}'s deploy environment (${deployer}.yaml: its deploy jobs run there), whose jobs would then administer this environment's secrets (GitHub environment names ignore case); allowed: an environment of its own with required reviewers, ${allowed}`,
          },
        },
      ];
    }),
  );
}

/**
 * Two environments both creating their account's GitHub OIDC provider; an admin environment
 * (`secrets.github.adminEnvironment`) that another environment deploys from (`configured`: every
 * environment with a config file) or administers from.
 */
export function ciAccessCrossEnvironmentIssues(envs: readonly LoadedEnvironment[], configured: readonly string[]): CrossEnvIssue[] {
  return [
    ...secondClaims(
      envs,
      oidcClaims,
      (c, first) =>
        `"create" in AWS account ${c.value}, where ${first.file} (secrets.github.oidcProvider) already creates the GitHub OIDC provider; an account holds one, so the second access apply fails; allowed: "existing" here (access-<env> then deploys after access-${first.cfg.environment})`,
    ),
    ...adminEnvironmentIsADeployEnvironment(envs, configured),
    ...secondClaims(
      envs,
      adminClaims,
      (c, first) =>
        `"${c.value}" is also ${first.file}'s admin environment (secrets.github.adminEnvironment, default <env>-admin); the admin deploys of one environment would then administer the other's secrets; allowed: an environment of its own with required reviewers`,
    ),
  ];
}

/** The environment that creates the GitHub OIDC provider of the account where `cfg` uses an existing one. */
export function oidcProviderCreator(cfg: AppConfig, envs: readonly AppConfig[]): SharedCreator | undefined {
  const secrets = cfg.secrets;
  if (secrets?.github?.oidcProvider !== "existing") return undefined;
  const account = secrets.accountId;
  const creator = envs.find((e) => e.secrets?.accountId === account && e.secrets.github?.oidcProvider === "create");
  return creator ? { environment: creator.environment, reason: `GitHub OIDC provider of account ${account}` } : undefined;
}
