/**
 * A bucket setting created, judged against the safe baseline docs/state.md promises of the state bucket
 * (golive makes only the state bucket; the rule reads any bucket, as for updates). AWS keeps one of each
 * setting per bucket, and PutBucketVersioning, PutPublicAccessBlock, PutBucketOwnershipControls and
 * PutBucketEncryption replace it: a new resource for a bucket that exists sets the bucket's one value,
 * whatever another resource (or another stack) set. Read against nothing, a create below the baseline is
 * a weakening wherever the bucket was at it. golive's own first deploy creates each at its baseline. A
 * value known only after apply is not judged.
 */
import type { ChangeView } from "../../core/plan/changes";
import { at, str } from "../../platform/risks";
import { nested } from "./lifecycle-risks";

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

/** True for the bucket-setting types whose create is judged against the baseline. */
export function hasBaseline(type: string): boolean {
  return Object.hasOwn(BELOW_BASELINE, type);
}

/** Flags of a created bucket setting below the baseline; none for other types or other kinds. */
export function createdBelowBaseline(change: ChangeView, bucket: string): string[] {
  if (change.kind !== "create" || !hasBaseline(change.type)) return [];
  return BELOW_BASELINE[change.type]?.(change.after, bucket) ?? [];
}
