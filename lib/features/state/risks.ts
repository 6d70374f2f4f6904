import type { ChangeView } from "../../core/plan/changes";
import { resourcePolicyWidenings } from "../../core/plan/policy";
import { afterOf, at, type RiskRule, removes, str } from "../../platform/risks";

const PUBLIC_BLOCKS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/**
 * What a change to a bucket's policy grants: the aws_s3_bucket_policy's, or the bucket's own deprecated
 * `policy` argument (the same policy, set inline). A new bucket's inline policy comes with the bucket;
 * a new aws_s3_bucket_policy is its own resource and may open a bucket that exists: it is read against
 * nothing (resourcePolicyWidenings).
 */
function bucketPolicyWidened(change: ChangeView, bucket: string): string[] {
  return change.kind === "create" && change.type === "aws_s3_bucket"
    ? []
    : resourcePolicyWidenings(change.kind, at(change.before, "policy"), at(afterOf(change), "policy"), `bucket ${bucket} policy`);
}

function stateWeakened(change: ChangeView): string[] {
  const bucket = str(at(change.before, "bucket")) ?? str(at(change.after, "bucket")) ?? change.address;
  if (change.type === "aws_s3_bucket_versioning") {
    if (removes(change) && change.kind === "delete") return [`bucket ${bucket}: versioning configuration removed`];
    const before = str(at(change.before, "versioning_configuration", 0, "status"));
    const after = str(at(afterOf(change), "versioning_configuration", 0, "status"));
    return before === "Enabled" && after !== undefined && after !== "Enabled"
      ? [`bucket ${bucket}: versioning ${before} -> ${after}: overwritten state cannot be recovered`]
      : [];
  }
  if (change.type === "aws_s3_bucket_policy")
    return change.kind === "delete"
      ? [`bucket ${bucket}: policy deleted: its Deny statements no longer apply`]
      : bucketPolicyWidened(change, bucket);
  if (change.type === "aws_s3_bucket") return bucketPolicyWidened(change, bucket);
  if (change.kind === "delete") return [`bucket ${bucket}: public access block removed`];
  const after = afterOf(change);
  return PUBLIC_BLOCKS.filter((k) => at(change.before, k) === true && at(after, k) === false).map(
    (k) => `bucket ${bucket}: ${k} true -> false`,
  );
}

export const stateBucketWeakened: RiskRule = {
  id: "state-bucket-weakened",
  title: "State bucket protection lowered",
  explanation:
    "Terraform state holds secrets and is the only record of what exists: versioning is its undo, the public access block and the bucket policy's Deny statements keep it private.",
  types: ["aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket"],
  check: stateWeakened,
};
