import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { idByName, onlyOf, resourceWhere, roleArnRef, statement, statements } from "./policy-json";

const prod = synthKind(exampleConfig(), "secrets");
const OPERATORS = "arn:aws:iam::111111111111:role/opsbot-secret-operators";
const ROTATOR = "arn:aws:iam::111111111111:role/opsbot-rotate-postgres";
const DEPLOY = "arn:aws:iam::111111111111:role/opsbot-production-deploy";
const ADMIN_DEPLOY = "arn:aws:iam::111111111111:role/opsbot-production-admin-deploy";
/** secrets.administrators of the production example. */
const ADMIN = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";

function secret(name: string): Record<string, unknown> {
  return resourceWhere(prod, "aws_secretsmanager_secret", "name", `opsbot/production/${name}`);
}

function secretPolicy(name: string): unknown {
  const id = idByName(prod, "aws_secretsmanager_secret", `opsbot/production/${name}`);
  return resourceWhere(prod, "aws_secretsmanager_secret_policy", "secret_arn", `\${aws_secretsmanager_secret.${id}.arn}`).policy;
}

describe("secrets-<env> stack", () => {
  test("the KMS key is customer-managed, rotates yearly, and is protected from destroy", () => {
    const [, key] = onlyOf(prod, "aws_kms_key");
    expect(key).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourcesOf(prod, "aws_kms_alias")[0]?.[1]).toMatchObject({ name: "alias/opsbot-production-secrets" });
  });

  test("the key policy names who may use the key: the account may look, admin-deploy administers, readers and writers via Secrets Manager", () => {
    const policy = resourcesOf(prod, "aws_kms_key")[0]?.[1].policy;
    const root = { AWS: "arn:aws:iam::111111111111:root" };
    expect(statement(policy, "KeyAdministration")).toMatchObject({ Principal: root, Action: ["kms:Describe*", "kms:Get*", "kms:List*"] });
    const admins = statement(policy, "KeyAdministrators");
    expect(admins.Principal).toEqual(root);
    expect(admins.Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": [ADMIN_DEPLOY, ADMIN, "arn:aws:iam::111111111111:root"] } });
    // "Administer but not use": no wildcard that holds CreateGrant (Create*) or a crypto action.
    expect(admins.Action).toContain("kms:PutKeyPolicy");
    for (const a of ["kms:Decrypt", "kms:*", "kms:Create*", "kms:CreateGrant", "kms:Put*", "kms:ReEncrypt*", "kms:GenerateDataKey*"])
      expect([...[admins.Action].flat(), ...[statement(policy, "KeyAdministration").Action].flat()]).not.toContain(a);
    expect(statement(policy, "NoKeyAdministrationByGoliveRoles")).toMatchObject({
      Effect: "Deny",
      Condition: {
        ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/opsbot-production-*" },
        ArnNotEquals: { "aws:PrincipalArn": [ADMIN_DEPLOY] },
      },
    });
    expect(statement(policy, "NoKeyAdministrationByGoliveRoles").Action).toEqual(
      expect.arrayContaining(["kms:CreateGrant", "kms:PutKeyPolicy"]),
    );
    const readers = statement(policy, "SecretReadersDecrypt");
    expect(readers.Principal).toEqual({ AWS: [roleArnRef(prod, "opsbot-production-app"), roleArnRef(prod, "opsbot-production-worker")] });
    expect(readers.Action).toEqual(["kms:Decrypt", "kms:DescribeKey"]);
    expect(readers.Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
    const writers = statement(policy, "SecretWritersEncrypt");
    expect(writers.Principal).toEqual({ AWS: [OPERATORS, ROTATOR] });
    expect(writers.Condition).toEqual(readers.Condition);
    expect(statements(policy).map((s) => s.Sid)).toEqual([
      "KeyAdministration",
      "KeyAdministrators",
      "NoKeyAdministrationByGoliveRoles",
      "SecretReadersDecrypt",
      "SecretWritersEncrypt",
    ]);
  });

  test("an alert webhook URL kept in secrets.items is readable by the deploy role, through its own policy and the key (#13 item 8)", () => {
    const item = { name: "pagerduty-alerts-url", description: "PagerDuty integration URL", readers: ["app"], rotation: { everyDays: 180 } };
    const json = synthKind(
      exampleConfig([
        [["secrets", "items", 3], item],
        [["monitoring", "alerts", "webhooks", 0, "secretName"], "opsbot/production/pagerduty-alerts-url"],
      ]),
      "secrets",
    );
    const policyOf = (name: string) => {
      const id = idByName(json, "aws_secretsmanager_secret", `opsbot/production/${name}`);
      return resourceWhere(json, "aws_secretsmanager_secret_policy", "secret_arn", `\${aws_secretsmanager_secret.${id}.arn}`).policy;
    };
    const app = roleArnRef(json, "opsbot-production-app");
    expect(statement(policyOf("pagerduty-alerts-url"), "DenyOtherReaders").Condition).toEqual({
      StringNotEquals: { "aws:PrincipalArn": [app, DEPLOY, ADMIN] },
    });
    // The other secrets do not gain the deploy role.
    expect(JSON.stringify(statement(policyOf("database-url"), "DenyOtherReaders"))).not.toContain("deploy");
    const key = resourcesOf(json, "aws_kms_key")[0]?.[1].policy;
    expect(statement(key, "DeployReadsWebhookUrls")).toMatchObject({
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Condition: {
        StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
        ArnEquals: { "aws:PrincipalArn": [DEPLOY, ADMIN] },
      },
    });
  });

  test("one secret per configured name, <app>/<env>/<name>, KMS-encrypted, 30-day recovery, prevent_destroy", () => {
    const secrets = resourcesOf(prod, "aws_secretsmanager_secret");
    expect(secrets.map(([, s]) => s.name).sort()).toEqual([
      "opsbot/production/database-url",
      "opsbot/production/model-provider-api-key",
      "opsbot/production/webhook-signing-secret",
    ]);
    const keyRef = `\${aws_kms_key.${resourcesOf(prod, "aws_kms_key")[0]?.[0]}.arn}`;
    for (const [, s] of secrets) {
      expect(s).toMatchObject({ kms_key_id: keyRef, recovery_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      expect(s).not.toHaveProperty("secret_string");
    }
    expect(resourcesOf(prod, "aws_secretsmanager_secret_version")).toEqual([]);
  });

  test("addresses of protected resources are stable (a changed address would replace the resource)", () => {
    expect(
      resourcesOf(prod, "aws_secretsmanager_secret")
        .map(([id]) => id)
        .sort(),
    ).toEqual(["Secret-database-url_E269DC12", "Secret-model-provider-api-key_EC9C0D1A", "Secret-webhook-signing-secret_F5C39686"]);
    expect(resourcesOf(prod, "aws_kms_key").map(([id]) => id)).toEqual(["Key_961B73FD"]);
  });

  test("tags carry the owner and the rotation period for the readiness checks", () => {
    expect(secret("model-provider-api-key").tags).toMatchObject({
      owner: "ml-platform",
      "rotation-mode": "manual",
      "rotation-period-days": "90",
    });
    expect(secret("webhook-signing-secret").tags).toMatchObject({
      owner: "platform-team",
      "rotation-mode": "manual",
      "rotation-period-days": "180",
    });
    expect(secret("database-url").tags).toMatchObject({ "rotation-mode": "automatic", "rotation-period-days": "30" });
  });

  test("a rotation schedule exists exactly where config names a rotation function", () => {
    const rotations = resourcesOf(prod, "aws_secretsmanager_secret_rotation");
    expect(rotations).toHaveLength(1);
    const id = idByName(prod, "aws_secretsmanager_secret", "opsbot/production/database-url");
    expect(rotations[0]?.[1]).toMatchObject({
      secret_id: `\${aws_secretsmanager_secret.${id}.id}`,
      rotation_lambda_arn: "arn:aws:lambda:eu-west-1:111111111111:function:opsbot-rotate-postgres",
      rotation_rules: { automatically_after_days: 30 },
    });
  });

  test("each secret's resource policy lets only its readers read, and denies everything without TLS", () => {
    const app = roleArnRef(prod, "opsbot-production-app");
    const worker = roleArnRef(prod, "opsbot-production-worker");
    const webhook = secretPolicy("webhook-signing-secret");
    expect(statement(webhook, "AllowReaders").Principal).toEqual({ AWS: [app] });
    expect(statement(webhook, "DenyOtherReaders")).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Condition: { StringNotEquals: { "aws:PrincipalArn": [app] } },
    });
    expect(statement(webhook, "AllowWriters").Principal).toEqual({ AWS: [OPERATORS] });
    expect(statement(webhook, "AllowWriters").Action).not.toContain("secretsmanager:GetSecretValue");
    expect(statement(webhook, "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const db = secretPolicy("database-url");
    expect(statement(db, "DenyOtherReaders").Condition).toEqual({ StringNotEquals: { "aws:PrincipalArn": [app, worker, ROTATOR] } });
    expect(statement(db, "AllowRotation").Principal).toEqual({ AWS: ROTATOR });
    expect(statement(db, "DenyPolicyChangesByOthers")).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [ADMIN_DEPLOY, ADMIN, "arn:aws:iam::111111111111:root"] } },
    });
    expect(statement(db, "DenyPolicyChangesByOthers").Action).toEqual(
      expect.arrayContaining(["secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy", "secretsmanager:UpdateSecret"]),
    );
    for (const [, p] of resourcesOf(prod, "aws_secretsmanager_secret_policy")) expect(p.block_public_policy).toBe(true);
  });

  test("every runtime role carries the permissions boundary access-<env> declares", () => {
    for (const [, r] of resourcesOf(prod, "aws_iam_role"))
      expect(r.permissions_boundary).toBe("arn:aws:iam::111111111111:policy/opsbot-production-boundary");
  });

  test("a runtime role reads only its own secrets", () => {
    const workerId = idByName(prod, "aws_iam_role", "opsbot-production-worker");
    const policy = resourceWhere(prod, "aws_iam_role_policy", "role", `\${aws_iam_role.${workerId}.id}`).policy;
    const ids = resourcesOf(prod, "aws_secretsmanager_secret").map(([id, r]) => [r.name, `\${aws_secretsmanager_secret.${id}.arn}`]);
    const arn = (name: string) => ids.find(([n]) => n === `opsbot/production/${name}`)?.[1];
    expect(statement(policy, "ReadOwnSecrets").Resource).toEqual([arn("model-provider-api-key"), arn("database-url")]);
    expect(statement(policy, "ReadOwnSecrets").Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    expect(statement(policy, "DecryptOwnSecrets").Condition).toEqual({
      StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
    });
    const trust = resourceWhere(prod, "aws_iam_role", "name", "opsbot-production-worker").assume_role_policy;
    expect(statement(trust, "AssumedByService").Principal).toEqual({ Service: "lambda.amazonaws.com" });
  });

  test("the provider is pinned to the configured account and region", () => {
    const provider: unknown = Reflect.get(prod, "provider");
    expect(provider).toMatchObject({ aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] });
  });

  test("no secrets section (no role to bound), no secrets or access stack", () => {
    expect(() => synthKind(exampleConfig([[["secrets"], undefined]]), "secrets")).toThrow("no secrets stack");
    expect(() => synthKind(exampleConfig([[["secrets"], undefined]]), "access")).toThrow("no access stack");
  });
});
