/**
 * A state bucket's setting created, judged against the safe baseline docs/state.md promises of it. AWS
 * keeps one of each setting per bucket, and PutBucketVersioning, PutPublicAccessBlock,
 * PutBucketOwnershipControls and PutBucketEncryption replace it: a new resource for a bucket that exists
 * sets the bucket's one value, whatever another resource (or another stack) set. Read against nothing, a create below the baseline is
 * a weakening wherever the state bucket was at it. Another bucket's settings are its owner's to choose
 * (a log bucket needs SSE-S3 and ACLs). golive's own first deploy creates each at its baseline. A value
 * known only after apply is not judged.
 */
import type { PlanJson } from "../../core/plan/schema";
import { at, type PlanFinding, str } from "../../platform/risks";
import { nested } from "./lifecycle-risks";
import { stateBucketCreates } from "./state-buckets";

export const PUBLIC_BLOCKS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/** What a create of each bucket-setting type sets below the baseline, as flag details. */
const BELOW_BASELINE: Readonly<Record<string, (after: unknown, bucket: string) => string[]>> = {
  aws_s3_bucket_versioning: (after, bucket) => {
    const status = str(at(nested(after, "versioning_configuration"), "status"));
    return status === undefined || status === "Enabled"
      ? []
      : [
          `bucket ${bucket}: versioning created ${status}: it replaces the bucket's versioning state, and overwritten state cannot be recovered`,
        ];
  },
  aws_s3_bucket_public_access_block: (after, bucket) => {
    const off = PUBLIC_BLOCKS.filter((k) => at(after, k) === false);
    return off.length === 0
      ? []
      : [
          `bucket ${bucket}: public access block created with ${off.join(", ")} false: it replaces the bucket's block, so a public policy or ACL may open state`,
        ];
  },
  aws_s3_bucket_ownership_controls: (after, bucket) => {
    const ownership = str(at(nested(after, "rule"), "object_ownership"));
    return ownership === undefined || ownership === "BucketOwnerEnforced"
      ? []
      : [`bucket ${bucket}: ownership controls created with ${ownership}: ACLs apply, an object may be its writer's and shared by ACL`];
  },
  aws_s3_bucket_server_side_encryption_configuration: (after, bucket) => {
    const byDefault = nested(nested(after, "rule"), "apply_server_side_encryption_by_default");
    const algorithm = str(at(byDefault, "sse_algorithm"));
    if (algorithm === undefined) return [];
    if (!algorithm.startsWith("aws:kms"))
      return [
        `bucket ${bucket}: default encryption created with ${algorithm}: state is not encrypted with the state key, whose policy names who may decrypt it`,
      ];
    const key = at(byDefault, "kms_master_key_id");
    return key === null || key === undefined || key === ""
      ? [
          `bucket ${bucket}: default encryption created with ${algorithm} and no kms_master_key_id: S3 uses the AWS managed key aws/s3, which any principal of the account S3 lets in may use`,
        ]
      : [];
  },
};

/**
 * The plan check: each setting created for a state bucket (state-buckets.ts) below its baseline. A
 * setting of any other bucket is not the state bucket's: only its overwrite of another's is judged
 * (setting-overwrites.ts).
 */
export function createdBelowBaseline(plan: PlanJson): PlanFinding[] {
  return stateBucketCreates(
    plan,
    (type) => Object.hasOwn(BELOW_BASELINE, type),
    (rc, bucket) => BELOW_BASELINE[rc.type]?.(rc.change.after, bucket) ?? [],
  );
}
