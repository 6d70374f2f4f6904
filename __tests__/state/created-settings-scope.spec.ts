/**
 * The baseline a created bucket setting is judged against is the state bucket's (docs/state.md): only a
 * setting of a bucket the plan's state key names is. An ALB or CloudFront log bucket needs SSE-S3 and
 * ACLs (aws-cdk issue 21947), a public site bucket block_public_policy false: creating those is no
 * weakening. The creates are the real ones of __tests__/fixtures/plans/tf-setting-overwrites.sh, moved
 * to another bucket; a create replacing another resource's setting is judged on every bucket.
 */
import { type Json, plan, RULE, ruleFlags } from "./setting-plans";

const SETTINGS = ["versioning", "public_access_block", "ownership_controls", "server_side_encryption_configuration"];

/** The fixture's four settings created below the baseline, for bucket `bucket`, as `<type>.logs`. */
function logBucketSettings(bucket: string): Json[] {
  const created = (plan("tf-setting-overwrites.json").resource_changes as Json[]).filter((rc) =>
    SETTINGS.some((s) => rc.type === `aws_s3_bucket_${s}`),
  );
  expect(created).toHaveLength(4);
  return created.map((rc) => {
    const change = rc.change as Json;
    const after: Json = { ...(change.after as Json), bucket };
    if (rc.type === "aws_s3_bucket_ownership_controls") after.rule = [{ object_ownership: "BucketOwnerPreferred" }];
    if (rc.type === "aws_s3_bucket_public_access_block") Object.assign(after, { block_public_acls: true, ignore_public_acls: true });
    return { ...rc, address: `${String(rc.type)}.logs`, name: "logs", index: undefined, change: { ...change, after } };
  });
}

describe("a created setting of a bucket that is not the state bucket", () => {
  test("an ALB log bucket's settings (SSE-S3, ACLs, a public policy allowed, versioning suspended) raise no flag", () => {
    const p = plan("tf-setting-overwrites.json");
    p.resource_changes = logBucketSettings("ow-alb-logs");
    expect(ruleFlags(p)).toEqual([]);
    delete p.prior_state;
    expect(ruleFlags(p)).toEqual([]);
  });

  test("fails when the same settings are created for the state bucket its key names", () => {
    const p = plan("tf-setting-overwrites.json");
    delete p.prior_state;
    p.resource_changes = [
      ...(plan("tf-setting-first-deploy.json").resource_changes as Json[]).filter((rc) => rc.type === "aws_kms_key"),
      ...logBucketSettings("ow-tfstate"),
    ];
    expect(ruleFlags(p)).toHaveLength(4);
  });

  test("fails when a create replaces the setting another resource holds on the other bucket", () => {
    const p = plan("tf-setting-overwrites.json");
    const logs = logBucketSettings("ow-alb-logs");
    const versioning = logs.find((rc) => rc.type === "aws_s3_bucket_versioning") as Json;
    const holder: Json = { ...versioning, address: "aws_s3_bucket_versioning.held", name: "held" };
    const change = holder.change as Json;
    const values = { ...(change.after as Json), versioning_configuration: [{ status: "Enabled", mfa_delete: "" }] };
    holder.change = { ...change, actions: ["no-op"], before: values, after: values };
    p.resource_changes = [...logs, holder];
    expect(ruleFlags(p)).toEqual([
      `${RULE}aws_s3_bucket_versioning.logs: bucket ow-alb-logs versioning is already set by aws_s3_bucket_versioning.held (its own plan shows no change): AWS keeps one per bucket, so this create replaces it: bucket ow-alb-logs: versioning Enabled -> Suspended: overwritten state cannot be recovered`,
    ]);
  });
});

test("fails when a state bucket setting known only after apply is created below the baseline: its configuration references the state bucket", () => {
  const p = plan("tf-setting-first-deploy.json");
  const versioning = (p.resource_changes as Json[]).find((rc) => rc.type === "aws_s3_bucket_versioning") as Json;
  const change = versioning.change as Json;
  versioning.change = { ...change, after: { ...(change.after as Json), versioning_configuration: [{ status: "Suspended" }] } };
  expect(ruleFlags(p).filter((f) => f.includes("versioning created"))).toEqual([]);
  p.configuration = {
    root_module: {
      resources: [
        {
          address: String(versioning.address),
          mode: "managed",
          type: "aws_s3_bucket_versioning",
          name: String(versioning.name),
          expressions: { bucket: { references: ["aws_s3_bucket.state.id", "aws_s3_bucket.state"] } },
        },
      ],
    },
  };
  expect(ruleFlags(p).filter((f) => f.includes("versioning created"))).toEqual([
    `${RULE}${String(versioning.address)}: bucket ow-tfstate: versioning created Suspended: it replaces the bucket's versioning state, and overwritten state cannot be recovered`,
  ]);
});
