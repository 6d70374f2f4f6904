import type { AppConfig } from "../../config/schema";
import { type Claim, secondClaims } from "../../core/claims";
import type { CrossEnvIssue, LoadedEnvironment, SharedCreator } from "../../platform/feature";
import { rolePrefix } from "../../platform/names";
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
 * Two environments in one AWS account whose role prefixes `<app>-<env>-` overlap (one starts with the
 * other: `opsbot-production-` and `opsbot-production-eu-`, or app `opsbot` env `a-b` and app `opsbot-a`
 * env `b`). Each environment's admin-deploy role and boundary scope role writes by
 * `role/<app>-<env>-*` (ManageRuntimeRoles, NoRolesOutsidePrefix), which then matches the other's CI and
 * runtime roles too, and excepts only its own CI roles. Refused rather than renamed: renaming
 * would destroy the roles in place.
 */
function overlappingRolePrefixes(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  return envs.flatMap((later, i) => {
    const account = later.cfg.secrets?.accountId;
    if (account === undefined) return [];
    const prefix = rolePrefix(later.cfg);
    return envs.slice(0, i).flatMap((earlier) => {
      const other = rolePrefix(earlier.cfg);
      if (earlier.cfg.secrets?.accountId !== account || !(prefix.startsWith(other) || other.startsWith(prefix))) return [];
      const [wide, narrow] = prefix.length <= other.length ? [later, earlier] : [earlier, later];
      const ofFile = (e: LoadedEnvironment) => `${e.cfg.environment} (${e.file})`;
      return [
        {
          file: later.file,
          issue: {
            path: ["environment"],
            message: `"${later.cfg.environment}": in AWS account ${account} (secrets.accountId), roles ${rolePrefix(narrow.cfg)}* of ${ofFile(narrow)} fall under ${rolePrefix(wide.cfg)}* of ${ofFile(wide)}, whose admin-deploy role and boundary allow role writes there: it could re-trust, rewrite or delete the other's CI and runtime roles; allowed: another AWS account, or environment names where neither <app>-<env>- prefix starts the other`,
          },
        },
      ];
    });
  });
}

/**
 * Two environments both creating their account's GitHub OIDC provider, or overlapping role prefixes in
 * one account (overlappingRolePrefixes); an admin environment
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
    ...overlappingRolePrefixes(envs),
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
