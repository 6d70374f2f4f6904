import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { fixtureText, flags, rc } from "./fixtures";

/** The flags of a plan of __tests__/fixtures/plans/aws-provider (README there), as `rule address: detail`. */
function realFlags(file: string): string[] {
  const plan = parsePlanJson(file, fixtureText("aws-provider", file));
  return renderPlanReport([{ stack: "aws-main", file, plan }], "full.md").report.stacks.flatMap((s) =>
    s.risks.map((r) => `${r.rule} ${r.address}: ${r.detail}`),
  );
}

const SUB_LOST = "no token.actions.githubusercontent.com:sub condition: a workflow in any repository can assume it";

describe("a statement is compared with its own previous version, never cancelled by an unrelated narrower one", () => {
  test("a GitHub trust losing its sub is flagged beside an unconditioned sts:TagSession statement (real plan)", () => {
    expect(realFlags("github-trust-tag-statement.json")).toEqual([
      `trust-widened aws_iam_role.deploy: role gh-deploy trust: statement "GitHub": ${SUB_LOST}`,
    ]);
    expect(realFlags("github-trust-alone.json")).toEqual([
      `trust-widened aws_iam_role.deploy: role gh-deploy2 trust: statement "GitHub": ${SUB_LOST}`,
    ]);
  });

  test("a key policy statement losing kms:ViaService is flagged beside a narrower unconditioned one (real plan)", () => {
    expect(realFlags("key-policy-describe-only.json")).toEqual([
      'secret-grant-widened aws_kms_key.k: KMS key data key policy: statement "UseViaS3" lost its whole Condition (StringEquals kms:ViaService)',
    ]);
  });

  const ROLE = "arn:aws:iam::111111111111:role/app";
  const key = (...statements: unknown[]) => ({ description: "k", policy: JSON.stringify({ Statement: statements }) });
  const allow = (actions: string[], condition?: unknown) => ({
    Effect: "Allow",
    Principal: { AWS: ROLE },
    Action: actions,
    Resource: "*",
    ...(condition ? { Condition: condition } : {}),
  });
  const VIA = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } };
  const keyFlags = (before: unknown[], after: unknown[]) => flags(rc("aws_kms_key", ["update"], key(...before), key(...after)));

  test("without Sids: a statement merged with a narrower unconditioned one still flags the condition the wider one lost", () => {
    expect(keyFlags([allow(["kms:DescribeKey"]), allow(["kms:Decrypt"], VIA)], [allow(["kms:Decrypt", "kms:DescribeKey"])])).toEqual([
      'secret-grant-widened: KMS key k policy: statement "Allow kms:Decrypt,kms:DescribeKey on * for AWS:arn:aws:iam::111111111111:role/app" lost its whole Condition (StringEquals kms:ViaService)',
    ]);
  });

  test("a previous version that reached as far with no condition still cancels: no widening, no flag", () => {
    expect(
      keyFlags(
        [allow(["kms:Decrypt", "kms:DescribeKey"]), allow(["kms:Decrypt"], VIA)],
        [allow(["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"])],
      ),
    ).toEqual([]);
  });
});

describe("a Deny is compared with the statement of its own Sid", () => {
  test("a lowered s3:TlsVersion is flagged as such; the TLS Deny made stricter (the bucket added) raises nothing (real plan)", () => {
    expect(realFlags("bucket-tls-denies.json")).toEqual([
      'state-bucket-weakened aws_s3_bucket_policy.b: bucket tls-bucket policy: statement "Tls12": NumericLessThan s3:TlsVersion 1.2 -> 1.0: denies fewer requests',
    ]);
  });

  const OBJECTS = "arn:aws:s3:::b/*";
  const deny = (resources: string[]) => ({
    Sid: "TLS",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
  const bucket = (st: unknown) => ({ bucket: "b", policy: JSON.stringify({ Statement: [st] }) });
  const bucketFlags = (before: unknown, after: unknown) => flags(rc("aws_s3_bucket_policy", ["update"], bucket(before), bucket(after)));

  test("a Deny of the same Sid that reaches less is flagged as narrowed; one that reaches more raises nothing", () => {
    expect(bucketFlags(deny(["arn:aws:s3:::b", OBJECTS]), deny([OBJECTS]))).toEqual([
      'state-bucket-weakened: bucket b policy: statement "TLS" (when Bool aws:SecureTransport false) narrowed: it no longer denies all it did (left out: resource arn:aws:s3:::b)',
    ]);
    expect(bucketFlags(deny([OBJECTS]), deny(["arn:aws:s3:::b", OBJECTS]))).toEqual([]);
  });
});
