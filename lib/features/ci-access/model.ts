import type { AppConfig } from "../../config/schema";
import type { GithubConfig } from "../secrets/schema";
import { policyDocument, type PolicyDocument } from "../../core/iam";
import { rolePrefix } from "../../platform/names";

/** GitHub Actions' OIDC issuer; tokens name the repository, ref or environment in `sub`. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export type GithubRoleKind = "plan" | "deploy";

export function githubOidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export function githubRoleName(cfg: AppConfig, kind: GithubRoleKind): string {
  return `${rolePrefix(cfg)}${kind}`;
}

/**
 * The `sub` claims a role trusts. Plan runs on pull requests and on main (read-only); deploy runs
 * only from the protected GitHub environment named like this env, or from main when so configured.
 */
export function trustedSubjects(github: GithubConfig, env: string, kind: GithubRoleKind): string[] {
  const repo = `repo:${github.repository}`;
  if (kind === "plan") return [`${repo}:pull_request`, `${repo}:ref:refs/heads/main`];
  return github.deployFrom === "environment" ? [`${repo}:environment:${env}`] : [`${repo}:ref:refs/heads/main`];
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

/** Plan reads everything but secret values; ReadOnlyAccess alone would not forbid that explicitly. */
export function planGuardPolicy(): PolicyDocument {
  return policyDocument([
    { Sid: "NoSecretValues", Effect: "Deny", Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], Resource: "*" },
  ]);
}

/**
 * What the plan role needs beyond ReadOnlyAccess when state is in S3: write and remove lock files
 * (`use_lockfile` writes `<key>.tflock`) and use the state bucket's key, found by its alias.
 */
export function stateLockPolicy(bucket: string, keyPrefix: string, keyAlias: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "StateLockFiles",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: `arn:aws:s3:::${bucket}/${keyPrefix}/*.tflock`,
    },
    {
      Sid: "StateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": keyAlias } },
    },
  ]);
}

/** IAM write actions denied on the CI credentials themselves. */
const IAM_WRITE_ACTIONS = [
  "iam:Create*",
  "iam:Update*",
  "iam:Put*",
  "iam:Attach*",
  "iam:Detach*",
  "iam:Delete*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Add*",
  "iam:Remove*",
];

/**
 * The deploy role manages IAM only for this app and env's runtime roles. It may not change the CI
 * credentials (plan and deploy roles, the OIDC provider): that would let a workflow widen its own
 * trust, so `access-<env>` is deployed by an administrator.
 */
export function deployIamPolicy(cfg: AppConfig, accountId: string): PolicyDocument {
  const ciRoles = (["plan", "deploy"] as const).map((k) => `arn:aws:iam::${accountId}:role/${githubRoleName(cfg, k)}`);
  return policyDocument([
    { Sid: "ManageOwnRoles", Effect: "Allow", Action: "iam:*", Resource: `arn:aws:iam::${accountId}:role/${rolePrefix(cfg)}*` },
    { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
    { Sid: "ProtectCiCredentials", Effect: "Deny", Action: IAM_WRITE_ACTIONS, Resource: [...ciRoles, githubOidcProviderArn(accountId)] },
  ]);
}
