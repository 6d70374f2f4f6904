import type { AppConfig } from "../../config/schema";
import type { StringOrList } from "../../core/iam";
import { stateKeyAlias } from "../../platform/backend-model";
import { type GolivePrincipals, secretsKeyAlias, webhookSecretNames } from "../secrets/model";
import { stateAccess } from "../state/bucket-policy";

// What the CI roles' policies and the boundary refer to: ARNs and aliases from config, and the action lists they share.

/** Writes to a role; a role golive creates may take them only on roles of its own prefix, keeping the boundary. */
export const ROLE_WRITE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:PassRole",
] as const;

/** Every IAM write (the deploy role's stacks declare no IAM at all). */
export const IAM_WRITE_ACTIONS = [
  "iam:Add*",
  "iam:Attach*",
  "iam:Change*",
  "iam:Create*",
  "iam:Deactivate*",
  "iam:Delete*",
  "iam:Detach*",
  "iam:Enable*",
  "iam:PassRole",
  "iam:Put*",
  "iam:Remove*",
  "iam:Reset*",
  "iam:Resync*",
  "iam:Set*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Update*",
  "iam:Upload*",
] as const;

/** Ways to run new code as an existing role without iam:PassRole (a function or task of a runtime role). */
export const RUN_AS_OTHER_ROLES = [
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "ecs:RunTask",
  "ecs:StartTask",
  "ecs:ExecuteCommand",
  "ssm:SendCommand",
  "ssm:StartSession",
  "codebuild:StartBuild",
  "codebuild:StartBuildBatch",
  "batch:SubmitJob",
] as const;

/**
 * Secret values kept outside Secrets Manager that ReadOnlyAccess (or PowerUserAccess) hands out:
 * SecureString parameters (the account's `aws/ssm` key decrypts for any caller through SSM), and the
 * environment variables of functions and task definitions. No golive stack reads them.
 */
export const OTHER_SECRET_READS = [
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  "lambda:GetFunction",
  "lambda:GetFunctionConfiguration",
  "ecs:DescribeTaskDefinition",
] as const;

export const KMS_ALIAS_ACTIONS = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"] as const;

/** What the CI role and boundary policies refer to, from config. */
export interface CiScope {
  readonly principals: GolivePrincipals;
  /** The four CI roles' ARNs. */
  readonly ciRoles: readonly string[];
  /** `arn:aws:secretsmanager:<region>:<account>:secret:<app>/<env>/*` */
  readonly secrets: string;
  /** Aliases of golive's keys (secrets; state with S3 state). */
  readonly keyAliases: readonly string[];
  readonly aliasArns: readonly string[];
  /** `arn:aws:kms:*:<account>:alias/<app>-<env>-secrets` */
  readonly secretsAliasArn: string;
  /** `arn:aws:secretsmanager:*:<account>:secret:<name>-??????` of each alert webhook's secret. */
  readonly webhookSecrets: readonly string[];
  readonly rotationFunctions: readonly string[];
  readonly app: string;
  readonly environment: string;
  readonly state?: {
    readonly bucketArn: string;
    readonly keyAlias: string;
    readonly aliasArn: string;
    /** State object ARN of a stack kind; its lock file adds `.tflock`. */
    readonly objectArn: (kind: string) => string;
  };
}

export function ciScope(cfg: AppConfig, principals: GolivePrincipals): CiScope {
  const secrets = cfg.secrets;
  const account = principals.accountId;
  const region = secrets?.region ?? "*";
  const aliasArn = (alias: string) => `arn:aws:kms:*:${account}:${alias}`;
  const s3 = cfg.state?.backend === "s3" ? cfg.state : undefined;
  const access = s3 ? stateAccess(cfg, s3) : undefined;
  const state =
    s3 && access
      ? {
          bucketArn: access.bucketArn,
          keyAlias: stateKeyAlias(s3.bucket),
          aliasArn: aliasArn(stateKeyAlias(s3.bucket)),
          objectArn: access.objectArn,
        }
      : undefined;
  const keyAliases = [secretsKeyAlias(cfg), ...(state ? [state.keyAlias] : [])];
  return {
    principals,
    ciRoles: principals.ci ? Object.values(principals.ci) : [],
    secrets: `arn:aws:secretsmanager:${region}:${account}:secret:${cfg.app}/${cfg.environment}/*`,
    keyAliases,
    aliasArns: keyAliases.map(aliasArn),
    secretsAliasArn: aliasArn(secretsKeyAlias(cfg)),
    // Secrets Manager appends `-` and six random characters to a secret's name in its ARN.
    webhookSecrets: [...webhookSecretNames(cfg)].map((name) => `arn:aws:secretsmanager:*:${account}:secret:${name}-??????`),
    rotationFunctions: (secrets?.items ?? []).flatMap((i) => (i.rotation.lambda ? [i.rotation.lambda.functionArn] : [])),
    app: cfg.app,
    environment: cfg.environment,
    ...(state ? { state } : {}),
  };
}

export function keyAliased(aliases: readonly string[]): Record<string, Record<string, StringOrList>> {
  return { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [...aliases] } };
}
