import { policyDocument } from "../../lib/core/iam";
import {
  kmsStep,
  readSecretSteps,
  readStateSteps,
  secretStep,
  stateObjectStep,
  subscriptionEndpointReads,
} from "../../lib/engines/check/access/steps";
import type { KeyInfo } from "../../lib/engines/check/access/world";
import { FEATURE_STACKS } from "../../lib/features";
import { keyOf, type Step, type World } from "./iam-world";

/**
 * The questions the access matrix asks, each as the API calls that must all be allowed. The read
 * questions are the ones `golive check` asks (lib/engines/check/access/steps.ts).
 */
export type CheckName = string;

/** The stack kinds with a state object (bootstrap, creating the state backend, keeps its state local). */
export const STATE_KINDS = FEATURE_STACKS.filter((s) => !s.createsStateBackend).map((s) => s.kind);

export function matrixChecks(world: World): ReadonlyMap<CheckName, readonly Step[]> {
  const account = world.accountId;
  const secretsKey = keyOf(world, "secrets");
  const alertsKey = world.keys.alerts;
  const feedbackKey = world.keys.feedback;
  const stateKey = world.keys.state;
  const prefix = `${world.cfg.app}-${world.cfg.environment}-`;
  const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
  const boundaryArn = `arn:aws:iam::${account}:policy/${prefix}boundary`;
  const fullName = (name: string) => `${world.cfg.app}/${world.cfg.environment}/${name}`;
  const state = world.bucket;
  const bucket = (action: string): Step => ({
    action,
    resource: state?.arn ?? "",
    resourceAccount: account,
    resourcePolicy: state?.policy,
  });
  const iam = (action: string, resource: string, context: Record<string, string> = {}): Step => ({
    action,
    resource,
    resourceAccount: account,
    context,
  });
  const checks = new Map<CheckName, readonly Step[]>();
  for (const name of world.secrets.keys()) checks.set(`read secret ${name.split("/").pop() ?? name}`, readSecretSteps(world, name));
  if (stateKey) {
    for (const kind of STATE_KINDS) checks.set(`read ${kind} state`, readStateSteps(world, kind));
    for (const kind of ["access", "secrets", "edge"])
      checks.set(`write ${kind} state`, [
        stateObjectStep(world, kind, "s3:PutObject"),
        kmsStep(world, stateKey, "kms:GenerateDataKey", "s3"),
      ]);
    // Terraform's S3 lock (`use_lockfile`): a new `<key>.tflock`, encrypted like the state, then its
    // removal. A lock someone else writes blocks a deploy; one someone else removes lets two applies in.
    const lockFile = (kind: string, action: string): Step => ({
      ...stateObjectStep(world, kind, action),
      resource: `${world.stateObject(kind)}.tflock`,
    });
    for (const kind of ["secrets", "traffic", "edge"]) {
      checks.set(`take the ${kind} state lock`, [lockFile(kind, "s3:PutObject"), kmsStep(world, stateKey, "kms:GenerateDataKey", "s3")]);
      checks.set(`remove the ${kind} state lock`, [lockFile(kind, "s3:DeleteObject")]);
    }
  }
  // The alert webhook URLs as SNS hands them out (subscription endpoints), each way on its own.
  const topic = world.alertTopic;
  if (topic) {
    const [attributes = [], byTopic = [], all = []] = subscriptionEndpointReads(world, topic.arn);
    checks.set("read an alert subscription's endpoint (GetSubscriptionAttributes)", attributes);
    checks.set("list the alert topic's subscriptions with endpoints", byTopic);
    checks.set("list the account's subscriptions with endpoints", all);
  }
  checks.set("read an object of another bucket", [
    { action: "s3:GetObject", resource: "arn:aws:s3:::some-other-bucket/report.csv", resourceAccount: account },
  ]);
  // Application data no stack a plan role plans declares (its reads are its stacks' services only).
  checks.set("scan a DynamoDB table's items", [
    { action: "dynamodb:Scan", resource: `arn:aws:dynamodb:${world.region}:${account}:table/orders`, resourceAccount: account },
  ]);
  checks.set("receive an SQS queue's messages", [
    { action: "sqs:ReceiveMessage", resource: `arn:aws:sqs:${world.region}:${account}:jobs`, resourceAccount: account },
  ]);
  checks.set("read an SSM SecureString parameter", [
    {
      action: "ssm:GetParameter",
      resource: `arn:aws:ssm:${world.region}:${account}:parameter/shared/db-password`,
      resourceAccount: account,
    },
  ]);
  const keys = [
    ["secrets", secretsKey],
    ...(stateKey ? [["state", stateKey] as const] : []),
    ...(alertsKey ? [["alerts", alertsKey] as const] : []),
    ...(feedbackKey ? [["SES feedback", feedbackKey] as const] : []),
  ] as const;
  for (const [name, key] of keys) checks.set(`decrypt with the ${name} key directly`, [kmsStep(world, key, "kms:Decrypt")]);
  for (const [name, key] of keys) checks.set(`create a grant on the ${name} key`, [kmsStep(world, key, "kms:CreateGrant")]);
  for (const [name, key] of keys) checks.set(`put the ${name} key policy`, [kmsStep(world, key, "kms:PutKeyPolicy")]);
  for (const [name, key] of keys) checks.set(`schedule deletion of the ${name} key`, [kmsStep(world, key, "kms:ScheduleKeyDeletion")]);
  // A key policy put past KMS's lockout safety check may leave nobody of the account able to administer
  // the key (only AWS Support undoes it); golive's keys rotate, and their stacks never turn that off.
  const bypass = { "kms:BypassPolicyLockoutSafetyCheck": "true" };
  for (const [name, key] of keys)
    checks.set(`put the ${name} key policy past the lockout check`, [kmsStep(world, key, "kms:PutKeyPolicy", undefined, bypass)]);
  for (const [name, key] of keys) checks.set(`turn off the ${name} key's rotation`, [kmsStep(world, key, "kms:DisableKeyRotation")]);
  // The boundary's and the deploy role's key denies find golive's keys by alias (kms:ResourceAliases,
  // which every kmsStep carries): taking the alias off, or pointing it at another key, is asked on its
  // own, on the alias and on the key as KMS does.
  const golive = [["secrets", secretsKey], ...(stateKey ? [["state", stateKey] as const] : [])] as const;
  for (const [name, key] of golive) {
    checks.set(`delete the ${name} key's alias`, [aliasStep(world, key, "kms:DeleteAlias"), kmsStep(world, key, "kms:DeleteAlias")]);
    checks.set(`point the ${name} key's alias at another key`, [
      aliasStep(world, key, "kms:UpdateAlias"),
      kmsStep(world, key, "kms:UpdateAlias"),
    ]);
  }
  checks.set("put a secret's policy", [secretStep(world, fullName("database-url"), "secretsmanager:PutResourcePolicy")]);
  // Writing a value: the call on the secret and the data key Secrets Manager asks KMS for, as the caller.
  const secret = (action: string) => secretStep(world, fullName("database-url"), action);
  const newDataKey = (key: KeyInfo) => kmsStep(world, key, "kms:GenerateDataKey", "secretsmanager");
  const open = openToTheAccount(world, secretsKey);
  checks.set("update a secret's description or key", [secret("secretsmanager:UpdateSecret")]);
  checks.set("write a secret value (PutSecretValue)", [secret("secretsmanager:PutSecretValue"), newDataKey(secretsKey)]);
  checks.set("write a secret value (UpdateSecret)", [secret("secretsmanager:UpdateSecret"), newDataKey(secretsKey)]);
  checks.set("write a value once the secrets key policy is open", [secret("secretsmanager:UpdateSecret"), newDataKey(open)]);
  checks.set("read a value once the secrets key policy is open", [
    kmsStep(world, open, "kms:Decrypt", "secretsmanager"),
    secret("secretsmanager:GetSecretValue"),
  ]);
  checks.set("delete a secret's policy", [secretStep(world, fullName("database-url"), "secretsmanager:DeleteResourcePolicy")]);
  // Deleting a secret: restorable for its 30-day recovery window (Terraform's, and Secrets Manager's
  // default), or at once, or after 7 days, which the boundary denies every golive role.
  const deleteSecret = (context: Record<string, string>): Step => ({ ...secret("secretsmanager:DeleteSecret"), context });
  checks.set("delete a secret, restorable for 30 days", [deleteSecret({ "secretsmanager:RecoveryWindowInDays": "30" })]);
  checks.set("delete a secret at once (ForceDeleteWithoutRecovery)", [
    deleteSecret({ "secretsmanager:ForceDeleteWithoutRecovery": "true" }),
  ]);
  checks.set("delete a secret, restorable for 7 days", [deleteSecret({ "secretsmanager:RecoveryWindowInDays": "7" })]);
  if (state) {
    checks.set("put the state bucket policy", [bucket("s3:PutBucketPolicy")]);
    checks.set("suspend state bucket versioning", [bucket("s3:PutBucketVersioning")]);
    checks.set("lift the state bucket's public access block", [bucket("s3:PutBucketPublicAccessBlock")]);
    checks.set("delete an old version of edge state", [stateObjectStep(world, "edge", "s3:DeleteObjectVersion")]);
  }
  checks.set("create a role outside the prefix", [iam("iam:CreateRole", role("escalate"), { "iam:PermissionsBoundary": boundaryArn })]);
  checks.set("create a role in the prefix without the boundary", [iam("iam:CreateRole", role(`${prefix}escalate`))]);
  checks.set("create a role in the prefix with the boundary", [
    iam("iam:CreateRole", role(`${prefix}escalate`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  checks.set("create a role and attach AdministratorAccess", [
    iam("iam:CreateRole", role(`${prefix}escalate`), { "iam:PermissionsBoundary": boundaryArn }),
    iam("iam:AttachRolePolicy", role(`${prefix}escalate`), {
      "iam:PermissionsBoundary": boundaryArn,
      "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
    }),
  ]);
  checks.set("pass the app runtime role", [iam("iam:PassRole", role(`${prefix}app`))]);
  checks.set("change the app runtime role's trust", [
    iam("iam:UpdateAssumeRolePolicy", role(`${prefix}app`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  // The boundary's NotOtherEnvironments binds tagged roles only: an untagged role in the prefix (another
  // app's, `opsbot-production-x`, from before the scope tag) is the admin-deploy role's to rewrite, a
  // residual risk docs/secrets-and-credentials.md states.
  checks.set("change an untagged role's trust in the prefix", [
    iam("iam:UpdateAssumeRolePolicy", role(`${prefix}x-production-app`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  checks.set("change the deploy role's trust", [
    iam("iam:UpdateAssumeRolePolicy", role(`${prefix}deploy`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  checks.set("remove the deploy role's boundary", [
    iam("iam:DeleteRolePermissionsBoundary", role(`${prefix}deploy`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  checks.set("change the boundary policy", [iam("iam:CreatePolicyVersion", boundaryArn)]);
  // The deny lists the CI roles share as customer-managed policies: a new version or a detached one
  // lifts them from every role at once.
  const denyArn = `arn:aws:iam::${account}:policy/${prefix}no-other-secrets`;
  checks.set("change a CI deny policy", [iam("iam:CreatePolicyVersion", denyArn)]);
  checks.set("detach a CI deny policy from the deploy role", [
    iam("iam:DetachRolePolicy", role(`${prefix}deploy`), { "iam:PermissionsBoundary": boundaryArn, "iam:PolicyARN": denyArn }),
  ]);
  checks.set("run new code as a runtime role's function", [
    iam("lambda:UpdateFunctionCode", `arn:aws:lambda:${world.region}:${account}:function:${prefix}worker`),
  ]);
  return checks;
}

/** A call on a key's alias (`arn:aws:kms:<region>:<account>:alias/<name>`): KMS asks it and the key both. */
export function aliasStep(world: World, key: KeyInfo, action: string): Step {
  return { action, resource: `arn:aws:kms:${key.region}:${world.accountId}:${key.alias}`, resourceAccount: world.accountId };
}

/**
 * The secrets key with a policy that lets every principal of the account use it through Secrets
 * Manager: what `aws/secretsmanager`'s policy says for its key, and what the admin-deploy role (the
 * secrets key's administrator) could write into the secrets key's.
 */
function openToTheAccount(world: World, key: KeyInfo): KeyInfo {
  const policy = policyDocument([
    {
      Sid: "AnyoneOfTheAccountThroughSecretsManager",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": world.accountId },
        StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" },
      },
    },
  ]);
  return { ...key, policy };
}
