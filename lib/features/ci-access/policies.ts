import { policyDocument, type PolicyDocument, type PolicyStatement } from "../../core/iam";
import { KMS_ADMIN_ACTIONS, KMS_PROTECTED_ACTIONS, SECRET_VALUE_ACTIONS } from "../secrets/policies";
import { CI_ROLE_KINDS, type CiRoleKind } from "../../core/ci-roles";
import type { CiScope } from "./scope";
import { IAM_WRITE_ACTIONS, ROLE_WRITE_ACTIONS } from "./iam-write-actions";
import { READS_THAT_RUN_CODE, RUN_AS_OTHER_ROLES, S3_CODE_WRITES } from "./run-as-other-roles";
import { API_KEY_VALUE_READS, OTHER_SECRET_READS, SUBSCRIPTION_ATTRIBUTES, SUBSCRIPTION_LISTINGS } from "./other-secret-reads";
import { KMS_ALIAS_ACTIONS, keyAliased, SECRET_ENCRYPT_ACTIONS, VIA_SECRETS_MANAGER } from "./kms-actions";
import { noKeyLockout, noTopicKeyCrypto, tagOnlyOwnKeys } from "./kms-guards";
import { onlyAppliedServices } from "./applied-services";
import { noDataOfPlannedServices, type PlanRole } from "./plan-reads";
import { notOtherEnvironmentsResources, notUntaggedForeignTopics } from "./other-environments";
import { notOtherTeamsResources } from "./other-teams";

// Identity policies of the CI roles (their boundary is in boundary.ts).

/** Both plan roles: explicitly no secret value, whatever a managed policy grants. */
function noSecretValues(): PolicyStatement {
  return { Sid: "NoSecretValues", Effect: "Deny", Action: [...SECRET_VALUE_ACTIONS, "secretsmanager:PutSecretValue"], Resource: "*" };
}

/**
 * A customer-managed policy of the CI roles (`<app>-<env>-<name>`, `ciDenyPolicyName`): denies kept out
 * of the roles' inline policies, which IAM caps at 10,240 characters per role (policy-sizes.ts), shared
 * by every role that needs the same statements; its document is built from the environment's scope.
 */
export interface CiDenyPolicy {
  /** The name after `<app>-<env>-`; with its construct id, part of the state address: never rename. */
  readonly name: string;
  readonly description: string;
  readonly document: (scope: CiScope) => PolicyDocument;
  /** The CI roles it is attached to. */
  readonly roles: readonly CiRoleKind[];
}

/**
 * Every CI role: no secret kept outside Secrets Manager (OTHER_SECRET_READS, API_KEY_VALUE_READS),
 * whatever a managed policy grants.
 */
const NO_OTHER_SECRETS: CiDenyPolicy = {
  name: "no-other-secrets",
  description: "no CI role reads secrets other services keep (SSM parameters, environment variables, API keys)",
  document: () =>
    policyDocument([
      { Sid: "NoSecretsOfOtherServices", Effect: "Deny", Action: [...OTHER_SECRET_READS], Resource: "*" },
      { Sid: "NoApiKeyValues", Effect: "Deny", Action: API_KEY_VALUE_READS.action, Resource: [...API_KEY_VALUE_READS.resources] },
    ]),
  roles: CI_ROLE_KINDS,
};

/** The deploy role (PowerUserAccess): no new code as a role already in place (RUN_AS_OTHER_ROLES). */
const NO_CODE_AS_OTHER_ROLES: CiDenyPolicy = {
  name: "no-code-as-other-roles",
  description: "the deploy role runs no new code as a role already in place",
  document: () => policyDocument([{ Sid: "NoCodeAsOtherRoles", Effect: "Deny", Action: [...RUN_AS_OTHER_ROLES], Resource: "*" }]),
  roles: ["deploy"],
};

/**
 * The deploy role: no AWS service but its stacks' (and the webhook URLs deploy-environment.yml reads
 * for monitoring), no bucket but state, no key locked out or left unrotated, and of its stacks'
 * services no other team's key, hosted zone, alarm or SES resource (applied-services.ts,
 * kms-guards.ts, other-teams.ts). Managed, not inline: the largest config's inline policies hold no more.
 */
const DEPLOY_REACH: CiDenyPolicy = {
  name: "deploy-reach",
  description: "the deploy role calls only the AWS services of the stacks it applies, and locks out no key",
  document: (scope) =>
    policyDocument([
      ...onlyAppliedServices(
        scope,
        "deploy",
        scope.webhookSecrets.length > 0 ? ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] : [],
      ),
      ...noKeyLockout(scope),
      ...notOtherTeamsResources(scope),
    ]),
  roles: ["deploy"],
};

/** The admin-deploy role (ReadOnlyAccess): the same for secrets-<env>, with its rotation functions' invocation. */
const ADMIN_DEPLOY_REACH: CiDenyPolicy = {
  name: "admin-deploy-reach",
  description: "the admin-deploy role calls only the AWS services of the stack it applies, and locks out no key",
  document: (scope) =>
    policyDocument([
      ...onlyAppliedServices(scope, "admin-deploy", scope.rotationFunctions.length > 0 ? ["lambda:InvokeFunction"] : []),
      ...noKeyLockout(scope),
    ]),
  roles: ["admin-deploy"],
};

/** The CI roles' customer-managed deny policies, in the order the stack declares them. */
export const CI_DENY_POLICIES: readonly CiDenyPolicy[] = [NO_OTHER_SECRETS, NO_CODE_AS_OTHER_ROLES, DEPLOY_REACH, ADMIN_DEPLOY_REACH];

/** The deny policies attached to `kind`. */
export function denyPoliciesOf(kind: CiRoleKind): CiDenyPolicy[] {
  return CI_DENY_POLICIES.filter((g) => g.roles.includes(kind));
}

/**
 * The read-only roles (ReadOnlyAccess): no call named like a read that runs code as another role
 * (READS_THAT_RUN_CODE). The deploy role is denied them with RUN_AS_OTHER_ROLES.
 */
function noCodeThroughReads(): PolicyStatement {
  return { Sid: "NoCodeThroughReads", Effect: "Deny", Action: [...READS_THAT_RUN_CODE], Resource: "*" };
}

/**
 * No SNS subscription endpoint (an alert webhook URL) but those of the topics whose stacks the role
 * plans, which Terraform reads subscription by subscription (GetSubscriptionAttributes on the
 * subscription, `<topic ARN>:<id>`; the topic ARN too, the simulator's resource for the action); no
 * listing of subscriptions at all (SUBSCRIPTION_LISTINGS).
 */
function noSubscriptionEndpoints(planned: readonly (string | undefined)[]): PolicyStatement[] {
  const own = planned.flatMap((topic) => (topic ? [topic, `${topic}:*`] : []));
  return [
    { Sid: "NoSubscriptionListings", Effect: "Deny", Action: [...SUBSCRIPTION_LISTINGS], Resource: "*" },
    {
      Sid: "NoSubscriptionEndpoints",
      Effect: "Deny",
      Action: SUBSCRIPTION_ATTRIBUTES,
      ...(own.length > 0 ? { NotResource: own } : { Resource: "*" }),
    },
  ];
}

/**
 * No CI role encrypts a secret value, and none but the deploy role (alert webhook URLs) decrypts one,
 * under any key: Secrets Manager calls KMS as the caller for a new value's data key and to decrypt,
 * and an explicit deny here holds whatever a key policy says (`aws/secretsmanager` lets the whole
 * account in; the admin-deploy role writes the secrets key's policy).
 */
function noSecretValueCrypto(decrypt: boolean): PolicyStatement {
  return {
    Sid: decrypt ? "NoSecretValueCrypto" : "NoSecretValueEncryption",
    Effect: "Deny",
    Action: [...(decrypt ? ["kms:Decrypt"] : []), ...SECRET_ENCRYPT_ACTIONS],
    Resource: "*",
    Condition: VIA_SECRETS_MANAGER,
  };
}

/**
 * The denies on top of what a plan role reads (planReadsPolicy), whatever another policy would grant:
 * the pull-request plan role reads no secret value (of Secrets Manager here; of other services by
 * its deny policy NO_OTHER_SECRETS), no S3 object
 * but the state of the stacks whose state holds no secret, no alert webhook URL through SNS (it plans
 * email, not monitoring), no people's data of the services it reads (NoDataOfPlannedServices); the
 * main-branch plan role reads no secret value, and the subscriptions of golive's topics only (it
 * plans monitoring, whose state holds the webhook URLs anyway: drift.yml).
 */
export function planGuardPolicy(scope: CiScope, kind: PlanRole): PolicyDocument {
  const planned = kind === "plan" ? [scope.topics.feedback] : [scope.topics.feedback, scope.topics.alerts];
  const statements: PolicyStatement[] = [
    noSecretValues(),
    noSecretValueCrypto(true),
    ...noSubscriptionEndpoints(planned),
    noCodeThroughReads(),
    noDataOfPlannedServices(),
  ];
  if (kind === "plan") {
    const state = scope.state;
    const own = state ? state.kindsOf("plan").flatMap((k) => [state.objectArn(k), `${state.objectArn(k)}.tflock`]) : [];
    statements.push({
      Sid: "NoObjectsButSecretFreeState",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      ...(own.length > 0 ? { NotResource: own } : { Resource: "*" }),
    });
  }
  return policyDocument(statements);
}

/**
 * A plan role's state key, when state is in S3 (its state objects are planReadsPolicy's): decrypt
 * only, and no lock file. Both plan roles plan with `--no-lock` (pull requests in pr.yml, main's drift
 * plans in drift.yml), and a lock file a plan role could write or remove would let whoever edits its
 * workflow block a deploy (a planted `<key>.tflock`) or let two applies in (a deploy's lock removed
 * mid-apply). `kind` is kept for the caller's one call per role: the two roles get the same.
 */
export function stateLockPolicy(scope: CiScope, _kind: PlanRole): PolicyDocument | undefined {
  const state = scope.state;
  if (!state) return undefined;
  return policyDocument([
    { Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*", Condition: keyAliased([state.keyAlias]) },
  ]);
}

/**
 * No S3 write that puts code where a service runs it (S3_CODE_WRITES) but the role's own state and
 * lock files, which Terraform writes and removes: a deny with NotResource leaves those to the allow
 * (PowerUserAccess) and the state bucket's policy. The bucket itself (its policy, its ACL) is not
 * excepted, and without S3 state nothing is.
 */
function noS3WritesButOwnState(scope: CiScope): PolicyStatement {
  const state = scope.state;
  const own = state ? state.kindsOf("deploy").flatMap((k) => [state.objectArn(k), `${state.objectArn(k)}.tflock`]) : [];
  return {
    Sid: "NoS3WritesButOwnState",
    Effect: "Deny",
    Action: [...S3_CODE_WRITES],
    ...(own.length > 0 ? { NotResource: own } : { Resource: "*" }),
  };
}

/**
 * The deploy role applies edge, email, monitoring and traffic: it changes no IAM at all, reads no
 * secret but the alert webhook URLs its monitoring deploy needs, writes no secret value under any
 * key, administers none of golive's keys, puts no code in S3 and touches no SNS, CloudWatch or SES
 * resource tagged for another environment (other-environments.ts); its deny policies forbid running new
 * code as another role (NO_CODE_AS_OTHER_ROLES) and reading secrets kept outside Secrets Manager
 * (NO_OTHER_SECRETS). PowerUserAccess would allow all of it.
 */
export function deployGuardPolicy(scope: CiScope): PolicyDocument {
  const webhooks = scope.webhookSecrets;
  return policyDocument([
    { Sid: "NoIamChanges", Effect: "Deny", Action: [...IAM_WRITE_ACTIONS], Resource: "*" },
    webhooks.length > 0
      ? { Sid: "NoSecretsButWebhookUrls", Effect: "Deny", Action: "secretsmanager:*", NotResource: [...webhooks] }
      : { Sid: "NoSecrets", Effect: "Deny", Action: "secretsmanager:*", Resource: "*" },
    ...(webhooks.length > 0
      ? [
          {
            Sid: "WebhookUrlsReadOnly",
            Effect: "Deny" as const,
            NotAction: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: [...webhooks],
          },
        ]
      : []),
    {
      Sid: "GoliveKeysUntouched",
      Effect: "Deny",
      Action: [...KMS_PROTECTED_ACTIONS],
      Resource: "*",
      Condition: keyAliased(scope.keyAliases),
    },
    { Sid: "GoliveKeyAliasesUntouched", Effect: "Deny", Action: [...KMS_ALIAS_ACTIONS], Resource: [...scope.aliasArns] },
    noS3WritesButOwnState(scope),
    noSecretValueCrypto(false),
    notOtherEnvironmentsResources(scope.app, scope.environment),
    notUntaggedForeignTopics(scope.principals.accountId, scope.app, scope.environment),
    ...noTopicKeyCrypto(scope),
  ]);
}

/**
 * The admin-deploy role applies `secrets-<env>`: runtime roles (never the CI roles, never without
 * the boundary), the secrets key (found by its tags) and its alias, the secrets and their policies
 * and rotation, and its stack's state. It reads and writes no secret value: Terraform calls
 * UpdateSecret for a changed description or key (terraform-provider-aws
 * internal/service/secretsmanager/secret.go, resourceSecretUpdate), and a value sent with it needs a
 * data key that Secrets Manager cannot get for this role (NoSecretValueCrypto).
 */
export function adminDeployPolicy(scope: CiScope): PolicyDocument {
  const roleWrites = ROLE_WRITE_ACTIONS.filter((a) => a !== "iam:PassRole" && a !== "iam:DeleteRolePermissionsBoundary");
  const state = scope.state;
  const statements: PolicyStatement[] = [
    { Sid: "ManageRuntimeRoles", Effect: "Allow", Action: roleWrites, Resource: scope.principals.goliveRoles },
    { Sid: "NotTheCiRoles", Effect: "Deny", Action: [...ROLE_WRITE_ACTIONS], Resource: [...scope.ciRoles] },
    {
      Sid: "CreateSecretsKey",
      Effect: "Allow",
      // Tags given to CreateKey need kms:TagResource too; the key is found by these tags afterwards.
      Action: ["kms:CreateKey", "kms:TagResource"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestTag/app": scope.app, "aws:RequestTag/environment": scope.environment } },
    },
    ...tagOnlyOwnKeys(scope),
    {
      Sid: "ManageSecretsKey",
      Effect: "Allow",
      Action: [...KMS_ADMIN_ACTIONS],
      Resource: `arn:aws:kms:*:${scope.principals.accountId}:key/*`,
      Condition: { StringEquals: { "aws:ResourceTag/app": scope.app, "aws:ResourceTag/environment": scope.environment } },
    },
    // Creating the alias only: the boundary denies deleting or repointing it (GoliveKeyAliasesStay).
    { Sid: "ManageSecretsKeyAlias", Effect: "Allow", Action: "kms:CreateAlias", Resource: scope.secretsAliasArn },
    {
      Sid: "ManageSecrets",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:UpdateSecret",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:DeleteResourcePolicy",
        "secretsmanager:ValidateResourcePolicy",
        "secretsmanager:RotateSecret",
        "secretsmanager:CancelRotateSecret",
      ],
      Resource: scope.secrets,
    },
    noSecretValues(),
    noSecretValueCrypto(true),
    // It applies secrets-<env> only: no subscription of any topic.
    ...noSubscriptionEndpoints([]),
    noCodeThroughReads(),
  ];
  if (scope.rotationFunctions.length > 0)
    statements.push({ Sid: "RotationFunctions", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [...scope.rotationFunctions] });
  if (state)
    statements.push(
      {
        Sid: "OwnState",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject"],
        Resource: state.kindsOf("admin-deploy").flatMap((k) => [state.objectArn(k), `${state.objectArn(k)}.tflock`]),
      },
      {
        Sid: "StateKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: keyAliased([state.keyAlias]),
      },
    );
  return policyDocument(statements);
}
