import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { onlyOf, statement } from "../secrets/policy-json";

const boot = synthKind(exampleConfig(), "bootstrap");

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
    });
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
      Resource: [`${bucketRef}.arn}`, `${bucketRef}.arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("no bootstrap stack for local state, cloud state, or when another env owns the bucket", () => {
    expect(() => synthKind(exampleConfig([], "staging"), "bootstrap")).toThrow("no bootstrap stack");
    expect(() => synthKind(exampleConfig([[["state", "bootstrap"], false]]), "bootstrap")).toThrow("no bootstrap stack");
    expect(() => synthKind(exampleConfig([[["state"], { backend: "cloud", organization: "example-org" }]]), "bootstrap")).toThrow(
      "no bootstrap stack",
    );
  });
});
