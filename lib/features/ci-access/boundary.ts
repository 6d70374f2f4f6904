import { policyDocument, type PolicyDocument, type PolicyStatement } from "../../core/iam";
import { namePrefix } from "../../core/names";
import { RECOVERY_WINDOW_DAYS } from "../secrets/model";
import { KMS_PROTECTED_ACTIONS } from "../secrets/policies";
import { STATE_BUCKET_PROTECTIONS, STATE_HISTORY_PROTECTIONS } from "../state/bucket-policy";
import type { CiScope } from "./scope";
import { KMS_ALIAS_ACTIONS, KMS_ALIAS_REMOVALS, keyAliased } from "./kms-actions";
import { IAM_WRITE_ACTIONS, ROLE_WRITE_ACTIONS } from "./iam-write-actions";
import { taggedForAnother } from "./other-environments";

/**
 * The role writes that RolesKeepThisBoundary does not already refuse on a role whose current boundary
 * is another (it reads the current one on every action but PutRolePermissionsBoundary), as wildcards:
 * the boundary is a managed policy, 6,144 characters at most in the largest config (policy-sizes.ts).
 */
const FOREIGN_ROLE_WRITES = ["iam:Put*", "iam:Delete*", "iam:Update*", "iam:Tag*", "iam:Untag*", "iam:PassRole"] as const;

/**
 * The permissions boundary of every role golive creates: anything its own policies grant, except
 * privilege escalation. No role outside `<app>-<env>-*` is touched, nor the CI roles inside it; a role
 * is created or changed only if it keeps this boundary, which nobody may remove or change; no managed policy is created,
 * changed or attached (AdministratorAccess included); no user, access key or identity provider; no
 * assuming other roles; golive's keys (every key aliased `alias/<app>-<env>-*`, and the state key)
 * are never deleted, disabled or granted, nor their aliases removed (the key denies find the keys by alias); golive's secrets are never deleted sooner than
 * their recovery window; the state bucket's protections and its key are never changed.
 */
export function boundaryPolicy(scope: CiScope): PolicyDocument {
  const boundary = scope.principals.boundaryArn;
  const ownAliases = `alias/${namePrefix(scope.app, scope.environment)}-*`;
  const statements: PolicyStatement[] = [
    { Sid: "WithinBoundary", Effect: "Allow", Action: "*", Resource: "*" },
    { Sid: "NoRolesOutsidePrefix", Effect: "Deny", Action: [...ROLE_WRITE_ACTIONS], NotResource: scope.principals.goliveRoles },
    // The CI roles share the prefix but are an administrator's (access-<env>): their own denies
    // (NoIamChanges, NotTheCiRoles) bind only themselves, so a role the admin-deploy role creates in
    // the prefix could otherwise re-trust, rewrite, detach, delete or recreate them.
    ...(scope.ciRoles.length > 0
      ? [{ Sid: "CiRolesUntouched", Effect: "Deny" as const, Action: [...IAM_WRITE_ACTIONS], Resource: [...scope.ciRoles] }]
      : []),
    // The prefix may still hold another environment's roles if names overlap (cross-env.ts refuses that
    // in one config folder, not across folders or apps: `opsbot-production-x-production-*`). RolesKeepThisBoundary
    // reads the role's current boundary except on PutRolePermissionsBoundary, whose iam:PermissionsBoundary
    // is the new one (service authorization reference), so a foreign role could be given this boundary first.
    // Roles carry the provider's default `golive:scope` tag (`<app>/<env>`, lib/core/scope-tag.ts): one
    // tagged for another app or environment takes none of these writes. Untagged (a role being created: no
    // aws:ResourceTag yet; one created before the tag existed, until its next apply) is left to the rest.
    {
      Sid: "NotOtherEnvironments",
      Effect: "Deny",
      Action: [...FOREIGN_ROLE_WRITES],
      Resource: "*",
      Condition: taggedForAnother(scope.app, scope.environment),
    },
    {
      Sid: "RolesKeepThisBoundary",
      Effect: "Deny",
      Action: [
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:UpdateAssumeRolePolicy",
      ],
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundary } },
    },
    {
      Sid: "NoBoundaryChanges",
      Effect: "Deny",
      Action: [
        "iam:DeleteRolePermissionsBoundary",
        "iam:PutUserPermissionsBoundary",
        "iam:DeleteUserPermissionsBoundary",
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:AttachRolePolicy",
        "iam:AttachUserPolicy",
        "iam:AttachGroupPolicy",
      ],
      Resource: "*",
    },
    {
      Sid: "NoUsersKeysOrFederation",
      Effect: "Deny",
      Action: [
        "iam:CreateUser",
        "iam:CreateAccessKey",
        "iam:UpdateAccessKey",
        "iam:CreateLoginProfile",
        "iam:UpdateLoginProfile",
        "iam:PutUserPolicy",
        "iam:PutGroupPolicy",
        "iam:AddUserToGroup",
        "iam:CreateServiceSpecificCredential",
        "iam:UploadSSHPublicKey",
        "iam:UploadSigningCertificate",
        "iam:CreateOpenIDConnectProvider",
        "iam:UpdateOpenIDConnectProviderThumbprint",
        "iam:AddClientIDToOpenIDConnectProvider",
        "iam:CreateSAMLProvider",
        "iam:UpdateSAMLProvider",
        "sts:AssumeRole",
        "sts:GetFederationToken",
      ],
      Resource: "*",
    },
    // Every key aliased in the prefix (`alias/<app>-<env>-*`): the secrets key, and the alert and SES
    // feedback topic keys the deploy role administers (it rewrites their policies; prevent_destroy keeps
    // Terraform from deleting them, and it needs none of these). The state key is StateKeyStays'.
    {
      Sid: "GoliveKeysStay",
      Effect: "Deny",
      Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:CreateGrant", "kms:ReplicateKey", "kms:UpdatePrimaryRegion"],
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "kms:ResourceAliases": ownAliases } },
    },
    // GoliveKeysStay matches a key by its alias: deleted, or pointed at another key, the alias would no
    // longer name the key, and the deny would let it be deleted, disabled and granted. The admin-deploy
    // and deploy roles still create the aliases (the first apply); the state key's alias is StateKeyAliasStays'.
    {
      Sid: "GoliveKeyAliasesStay",
      Effect: "Deny",
      Action: [...KMS_ALIAS_REMOVALS],
      Resource: `arn:aws:kms:*:${scope.principals.accountId}:${ownAliases}`,
    },
    // prevent_destroy guards Terraform only: a deleted secret stays restorable (RestoreSecret) for its
    // recovery window, which DeleteSecret may skip (ForceDeleteWithoutRecovery) or shorten to 7 days
    // (RecoveryWindowInDays; absent, Secrets Manager waits 30). Both are DeleteSecret's condition keys
    // in the service authorization reference; each condition needs a statement of its own (they would AND).
    {
      Sid: "SecretsNotDeletedAtOnce",
      Effect: "Deny",
      Action: "secretsmanager:DeleteSecret",
      Resource: scope.secrets,
      Condition: { Bool: { "secretsmanager:ForceDeleteWithoutRecovery": "true" } },
    },
    {
      Sid: "SecretsKeepTheirRecoveryWindow",
      Effect: "Deny",
      Action: "secretsmanager:DeleteSecret",
      Resource: scope.secrets,
      Condition: { NumericLessThan: { "secretsmanager:RecoveryWindowInDays": String(RECOVERY_WINDOW_DAYS) } },
    },
  ];
  if (scope.state) {
    statements.push(
      {
        Sid: "StateKeyStays",
        Effect: "Deny",
        Action: [...KMS_PROTECTED_ACTIONS],
        Resource: "*",
        Condition: keyAliased([scope.state.keyAlias]),
      },
      { Sid: "StateKeyAliasStays", Effect: "Deny", Action: [...KMS_ALIAS_ACTIONS], Resource: scope.state.aliasArn },
      {
        Sid: "StateBucketStays",
        Effect: "Deny",
        Action: [...STATE_BUCKET_PROTECTIONS, ...STATE_HISTORY_PROTECTIONS],
        Resource: [scope.state.bucketArn, `${scope.state.bucketArn}/*`],
      },
    );
  }
  return policyDocument(statements);
}
