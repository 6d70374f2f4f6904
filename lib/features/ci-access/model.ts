import type { AppConfig } from "../../config/schema";
import { policyDocument, type PolicyDocument } from "../../core/iam";
import { goliveRoleName } from "../secrets/model";
import { rolePrefix } from "../../platform/names";
import type { CiRoleKind } from "../../core/ci-roles";
import { adminEnvironmentOf, type GithubConfig } from "./schema";

/** GitHub Actions' OIDC issuer; tokens name the repository, ref or environment in `sub`. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export function githubOidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** `<app>-<env>-<kind>`: a CI role (CI_ROLE_KINDS, lib/core/ci-roles.ts). */
export function ciRoleName(cfg: AppConfig, kind: CiRoleKind): string {
  return goliveRoleName(cfg, kind);
}

/**
 * `<app>-<env>-<name>`: a customer-managed deny policy of the CI roles (CI_DENY_POLICIES in
 * policies.ts), named like the boundary (`<app>-<env>-boundary`). No golive role may change it (the
 * boundary's NoBoundaryChanges) or detach it from a CI role (NoIamChanges, NotTheCiRoles).
 */
export function ciDenyPolicyName(cfg: AppConfig, name: string): string {
  return `${rolePrefix(cfg)}${name}`;
}

/**
 * The `sub` claims a role trusts. `plan` only pull requests (whose plans read no secret-holding
 * state), `plan-main` only the main branch, `deploy` the GitHub environment named like this env (the
 * deploy workflows run in it; never main, where every job could), `admin-deploy` only its own GitHub environment (`<env>-admin`), which
 * must require reviewers: no identity a pull request can obtain reaches the deploy roles.
 */
export function trustedSubjects(github: GithubConfig, env: string, kind: CiRoleKind): string[] {
  const repo = `repo:${github.repository}`;
  switch (kind) {
    case "plan":
      return [`${repo}:pull_request`];
    case "plan-main":
      return [`${repo}:ref:refs/heads/main`];
    case "deploy":
      return [`${repo}:environment:${env}`];
    case "admin-deploy":
      return [`${repo}:environment:${adminEnvironmentOf(github, env)}`];
  }
}

/** Trust policy pinning audience and subject exactly (StringEquals, no wildcards). */
export function githubTrustPolicy(providerArn: string, subjects: readonly string[]): PolicyDocument {
  return policyDocument([
    {
      Sid: "GithubActionsOidc",
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: [...subjects],
        },
      },
    },
  ]);
}
