import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { onlyOf, statement, statements } from "../secrets/policy-json";

const boot = synthKind(exampleConfig(), "bootstrap");
const BUCKET = "arn:aws:s3:::opsbot-production-tfstate";
/** secrets.administrators of the production example (required with S3 state: access-production is applied by hand). */
const ADMIN = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";
const ROOT = "arn:aws:iam::111111111111:root";
const CI_ROLES = ["plan", "plan-main", "deploy", "admin-deploy"].map((k) => `arn:aws:iam::111111111111:role/opsbot-production-${k}`);

function only(type: string): Record<string, unknown> {
  return onlyOf(boot, type)[1];
}

describe("bootstrap-<env> stack (state bucket)", () => {
  const bucketRef = `\${aws_s3_bucket.${resourcesOf(boot, "aws_s3_bucket")[0]?.[0]}`;

  test("its own state is local: the bucket does not exist before its first deploy", () => {
    expect(boot.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap-production.tfstate" } });
  });

  test("the bucket is named from config and protected from destroy", () => {
    expect(only("aws_s3_bucket")).toMatchObject({ bucket: "opsbot-production-tfstate", lifecycle: { prevent_destroy: true } });
  });

  test("versioning is enabled", () => {
    expect(only("aws_s3_bucket_versioning")).toMatchObject({ bucket: `${bucketRef}.id}`, versioning_configuration: { status: "Enabled" } });
  });

  test("default encryption is SSE-KMS with the bucket's own rotating key, aliased as the backend expects", () => {
    const [keyId, key] = resourcesOf(boot, "aws_kms_key")[0] ?? [];
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(only("aws_kms_alias")).toMatchObject({ name: "alias/opsbot-production-tfstate" });
    expect(only("aws_s3_bucket_server_side_encryption_configuration")).toMatchObject({
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` },
          bucket_key_enabled: true,
        },
      ],
    });
    expect(statement(key?.policy, "StateThroughS3").Condition).toEqual({
      StringEquals: { "kms:CallerAccount": "111111111111", "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
      ArnEquals: { "aws:PrincipalArn": [...CI_ROLES, ADMIN] },
    });
  });

  test("the key policy gives the account no decrypt and no grant: it may look, the named managers administer", () => {
    const policy = only("aws_kms_key").policy;
    const root = { AWS: "arn:aws:iam::111111111111:root" };
    expect(statement(policy, "KeyAdministration")).toMatchObject({ Principal: root, Action: ["kms:Describe*", "kms:Get*", "kms:List*"] });
    for (const s of statements(policy).filter((x) => x.Effect === "Allow")) {
      const actions = [s.Action ?? []].flat();
      expect([s.Sid, actions.filter((a) => /^kms:(Decrypt|Create\*|CreateGrant|Put\*|\*|ReEncrypt.*)$/.test(a))]).toEqual([
        s.Sid,
        s.Sid === "StateThroughS3" ? ["kms:Decrypt"] : [],
      ]);
    }
    // The named administrators and the root user administer it, never a golive role.
    expect(statement(policy, "KeyAdministrators").Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": [ADMIN, ROOT] } });
    expect(statement(policy, "NoKeyAdministrationByGoliveRoles")).toMatchObject({
      Effect: "Deny",
      Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/opsbot-production-*" } },
    });
    // Without a secrets section nobody is named: the account's IAM principals administer it, as before.
    const bare = onlyOf(synthKind(exampleConfig([[["secrets"], undefined]]), "bootstrap"), "aws_kms_key")[1].policy;
    expect(statement(bare, "KeyAdministrators").Condition).toBeUndefined();
  });

  test("public access is blocked in all four ways and ACLs are disabled", () => {
    expect(only("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only("aws_s3_bucket_ownership_controls")).toMatchObject({ rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("the bucket policy denies every request without TLS", () => {
    expect(statement(only("aws_s3_bucket_policy").policy, "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("the bucket policy names who may touch state objects, and each CI role only its stacks' state", () => {
    const policy = only("aws_s3_bucket_policy").policy;
    expect(statement(policy, "StateUsersOnly")).toMatchObject({
      Effect: "Deny",
      Resource: `${BUCKET}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [...CI_ROLES, ADMIN] } },
    });
    const own = (sid: string) => statement(policy, sid).NotResource;
    const objects = (...kinds: string[]) =>
      kinds.flatMap((k) => [`${BUCKET}/opsbot/${k}-production.tfstate`, `${BUCKET}/opsbot/${k}-production.tfstate.tflock`]);
    // Pull requests: never edge (Access service-token secrets) or monitoring (webhook URLs) state.
    expect(own("PullRequestPlansSecretFreeStateOnly")).toEqual(objects("access", "secrets", "email", "traffic"));
    expect(own("MainPlansOwnEnvironmentOnly")).toEqual(objects("access", "secrets", "edge", "email", "monitoring", "traffic"));
    expect(own("DeployOwnStacksOnly")).toEqual(objects("edge", "email", "monitoring", "traffic"));
    expect(own("AdminDeployOwnStacksOnly")).toEqual(objects("secrets"));
    expect(statement(policy, "PlansNeverWriteState").Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": CI_ROLES.slice(0, 2) } });
  });

  test("only the named administrators and the root user may change versioning, public access, the policy, or delete old state versions", () => {
    const protect = statement(only("aws_s3_bucket_policy").policy, "ProtectStateBucket");
    expect(protect.Action).toEqual(
      expect.arrayContaining(["s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutBucketPublicAccessBlock", "s3:DeleteObjectVersion"]),
    );
    expect(protect.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": [ADMIN, ROOT] } });
    // Without a secrets section nobody is named: anyone but golive's own roles, as before.
    const bare = synthKind(exampleConfig([[["secrets"], undefined]]), "bootstrap");
    expect(statement(onlyOf(bare, "aws_s3_bucket_policy")[1].policy, "ProtectStateBucket").Condition).toEqual({
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/opsbot-production-*" },
    });
  });

  test("without CI roles or administrators nobody is named: state access stays with IAM, as before", () => {
    const bare = synthKind(exampleConfig([[["secrets"], undefined]]), "bootstrap");
    const policy = onlyOf(bare, "aws_s3_bucket_policy")[1].policy;
    expect(statements(policy).map((x) => x.Sid)).toEqual(["DenyInsecureTransport", "ProtectStateBucket"]);
    expect(statement(onlyOf(bare, "aws_kms_key")[1].policy, "StateThroughS3").Condition).not.toHaveProperty("ArnEquals");
  });

  test("no bootstrap stack for local state, cloud state, or when another env owns the bucket", () => {
    expect(() => synthKind(exampleConfig([], "staging"), "bootstrap")).toThrow("no bootstrap stack");
    expect(() => synthKind(exampleConfig([[["state", "bootstrap"], false]]), "bootstrap")).toThrow("no bootstrap stack");
    expect(() => synthKind(exampleConfig([[["state"], { backend: "cloud", organization: "example-org" }]]), "bootstrap")).toThrow(
      "no bootstrap stack",
    );
  });
});
