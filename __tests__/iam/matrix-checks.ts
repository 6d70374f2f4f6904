import type { Step, World } from "./iam-world";

/**
 * The questions the access matrix asks, each as the API calls that must all be allowed. Reading a
 * secret takes GetSecretValue and a decrypt through Secrets Manager; reading state takes GetObject
 * and a decrypt through S3: both the resource and the key must let the caller in.
 */
export type CheckName = string;

export function matrixChecks(world: World): ReadonlyMap<CheckName, readonly Step[]> {
  const account = world.accountId;
  const { secrets: secretsKey, state: stateKey } = world.keys;
  const prefix = `${world.cfg.app}-${world.cfg.environment}-`;
  const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
  const boundaryArn = `arn:aws:iam::${account}:policy/${prefix}boundary`;
  const kms = (key: typeof secretsKey, action: string, via?: string, extra: Record<string, string> = {}): Step => ({
    action,
    resource: key.arn,
    resourceAccount: account,
    resourcePolicy: key.policy,
    context: {
      "kms:CallerAccount": account,
      "kms:ResourceAliases": [key.alias],
      ...Object.fromEntries(Object.entries(key.tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])),
      ...(via ? { "kms:ViaService": `${via}.${world.region}.amazonaws.com` } : {}),
      ...extra,
    },
  });
  const secret = (name: string, action: string): Step => {
    const s = world.secrets.get(`${world.cfg.app}/${world.cfg.environment}/${name}`);
    if (!s) throw new Error(`no secret ${name}`);
    return { action, resource: s.arn, resourceAccount: account, resourcePolicy: s.policy };
  };
  const state = world.bucket;
  const object = (kind: string, action: string): Step => ({
    action,
    resource: world.stateObject(kind),
    resourceAccount: account,
    resourcePolicy: state?.policy,
  });
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
  const items = [...world.secrets.keys()].map((n) => n.split("/").pop() ?? n);
  for (const name of items)
    checks.set(`read secret ${name}`, [secret(name, "secretsmanager:GetSecretValue"), kms(secretsKey, "kms:Decrypt", "secretsmanager")]);
  if (stateKey) {
    for (const kind of ["access", "secrets", "edge", "email", "monitoring", "traffic"])
      checks.set(`read ${kind} state`, [object(kind, "s3:GetObject"), kms(stateKey, "kms:Decrypt", "s3")]);
    for (const kind of ["access", "secrets", "edge"])
      checks.set(`write ${kind} state`, [object(kind, "s3:PutObject"), kms(stateKey, "kms:GenerateDataKey", "s3")]);
  }
  checks.set("read an object of another bucket", [
    { action: "s3:GetObject", resource: "arn:aws:s3:::some-other-bucket/report.csv", resourceAccount: account },
  ]);
  checks.set("read an SSM SecureString parameter", [
    {
      action: "ssm:GetParameter",
      resource: `arn:aws:ssm:${world.region}:${account}:parameter/shared/db-password`,
      resourceAccount: account,
    },
  ]);
  checks.set("decrypt with the secrets key directly", [kms(secretsKey, "kms:Decrypt")]);
  if (stateKey) checks.set("decrypt with the state key directly", [kms(stateKey, "kms:Decrypt")]);
  checks.set("create a grant on the secrets key", [kms(secretsKey, "kms:CreateGrant")]);
  if (stateKey) checks.set("create a grant on the state key", [kms(stateKey, "kms:CreateGrant")]);
  checks.set("put the secrets key policy", [kms(secretsKey, "kms:PutKeyPolicy")]);
  if (stateKey) checks.set("put the state key policy", [kms(stateKey, "kms:PutKeyPolicy")]);
  checks.set("schedule deletion of the secrets key", [kms(secretsKey, "kms:ScheduleKeyDeletion")]);
  if (stateKey) checks.set("schedule deletion of the state key", [kms(stateKey, "kms:ScheduleKeyDeletion")]);
  checks.set("put a secret's policy", [secret("database-url", "secretsmanager:PutResourcePolicy")]);
  checks.set("delete a secret's policy", [secret("database-url", "secretsmanager:DeleteResourcePolicy")]);
  if (state) {
    checks.set("put the state bucket policy", [bucket("s3:PutBucketPolicy")]);
    checks.set("suspend state bucket versioning", [bucket("s3:PutBucketVersioning")]);
    checks.set("lift the state bucket's public access block", [bucket("s3:PutBucketPublicAccessBlock")]);
    checks.set("delete an old version of edge state", [object("edge", "s3:DeleteObjectVersion")]);
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
  checks.set("change the deploy role's trust", [
    iam("iam:UpdateAssumeRolePolicy", role(`${prefix}deploy`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  checks.set("remove the deploy role's boundary", [
    iam("iam:DeleteRolePermissionsBoundary", role(`${prefix}deploy`), { "iam:PermissionsBoundary": boundaryArn }),
  ]);
  checks.set("change the boundary policy", [iam("iam:CreatePolicyVersion", boundaryArn)]);
  checks.set("run new code as a runtime role's function", [
    iam("lambda:UpdateFunctionCode", `arn:aws:lambda:${world.region}:${account}:function:${prefix}worker`),
  ]);
  return checks;
}
