import type { ChangeView } from "../../core/plan/changes";
import { resourcePolicyWidenings } from "../../core/plan/policy";
import { UNKNOWN } from "../../core/plan/values";
import { settingOverwrites } from "../../core/plan/setting-overwrites";
import { afterOf, at, computedPolicyCheck, type RiskRule, removes, show, str, unset } from "../../platform/risks";
import { ACL_TYPE, aclWidened } from "./acl-risks";
import { createdBelowBaseline, PUBLIC_BLOCKS } from "./created-settings";
import { stateKeyWeakened } from "./key-risks";
import { LIFECYCLE_TYPE, lifecycleExpires, nested } from "./lifecycle-risks";
import { statePolicyBelowBaseline } from "./state-policy-baseline";

/**
 * What a change to a bucket's policy grants: the aws_s3_bucket_policy's, or the bucket's own deprecated
 * `policy` argument (the same policy, set inline). A new one, a bucket's inline policy or an
 * aws_s3_bucket_policy (its own resource, which may open a bucket that exists), is read against nothing
 * (resourcePolicyWidenings).
 */
function bucketPolicyWidened(change: ChangeView, bucket: string): string[] {
  // The bucket's own policy is computed when unset (computedPolicyCheck); a bucket policy's is required.
  const computed = change.type === "aws_s3_bucket";
  return resourcePolicyWidenings(
    change.kind,
    at(change.before, "policy"),
    at(afterOf(change), "policy"),
    `bucket ${bucket} policy`,
    computed,
  );
}

/** The bucket a change is of, by name (its address when the plan does not say). */
function bucketOf(change: ChangeView): string {
  return str(at(change.before, "bucket")) ?? str(at(change.after, "bucket")) ?? change.address;
}

/**
 * The bucket's default encryption (S3 applies one rule): SSE-KMS with the state key, whose policy names
 * who may decrypt state (key-risks.ts). Another algorithm (AES256: S3's own key) or no key id (the AWS
 * managed `aws/s3` key, which any principal of the account that S3 lets in may use) takes that away;
 * another key id puts state under another key's policy. Deleting the configuration leaves S3's default,
 * SSE-S3. A value known only after apply (the key replaced in the same plan) is not judged.
 */
function encryptionWeakened(change: ChangeView, bucket: string): string[] {
  if (change.kind === "delete")
    return [
      `bucket ${bucket}: server-side encryption configuration removed: new state is encrypted with S3's own key (SSE-S3), not the state key`,
    ];
  const byDefault = (v: unknown) => nested(nested(v, "rule"), "apply_server_side_encryption_by_default");
  const [was, now] = [byDefault(change.before), byDefault(afterOf(change))];
  if (now === UNKNOWN || now === undefined) return [];
  const [algBefore, algAfter] = [str(at(was, "sse_algorithm")), at(now, "sse_algorithm")];
  if (algBefore?.startsWith("aws:kms") !== true || typeof algAfter !== "string") return [];
  if (!algAfter.startsWith("aws:kms"))
    return [
      `bucket ${bucket}: sse_algorithm ${algBefore} -> ${algAfter}: state is no longer encrypted with the state key, whose policy names who may decrypt it`,
    ];
  const [keyBefore, keyAfter] = [at(was, "kms_master_key_id"), at(now, "kms_master_key_id")];
  if (!unset(keyBefore) && keyAfter !== UNKNOWN && String(keyBefore) !== String(keyAfter ?? ""))
    return [
      unset(keyAfter)
        ? `bucket ${bucket}: kms_master_key_id removed: S3 uses the AWS managed key aws/s3, which any principal of the account S3 lets in may use`
        : `bucket ${bucket}: kms_master_key_id ${show(keyBefore)} -> ${show(keyAfter)}: state under another key, whose policy is not the state key's`,
    ];
  return [];
}

/** BucketOwnerEnforced turns ACLs off: every object is the bucket owner's, and no ACL shares one. */
function ownershipWeakened(change: ChangeView, bucket: string): string[] {
  const ownership = (v: unknown) => at(nested(v, "rule"), "object_ownership");
  if (ownership(change.before) !== "BucketOwnerEnforced") return [];
  if (change.kind === "delete")
    return [
      `bucket ${bucket}: ownership controls removed: ACLs apply again (ObjectWriter), an object may be its writer's and shared by ACL`,
    ];
  const now = ownership(afterOf(change));
  return typeof now === "string" && now !== "BucketOwnerEnforced"
    ? [`bucket ${bucket}: object_ownership BucketOwnerEnforced -> ${now}: ACLs apply again, an object may be shared by ACL`]
    : [];
}

function stateWeakened(change: ChangeView): string[] {
  if (change.type === "aws_kms_key") return stateKeyWeakened(change);
  const bucket = bucketOf(change);
  if (change.type === ACL_TYPE) return aclWidened(change, bucket);
  if (change.type === "aws_s3_bucket_server_side_encryption_configuration") return encryptionWeakened(change, bucket);
  if (change.type === "aws_s3_bucket_ownership_controls") return ownershipWeakened(change, bucket);
  if (change.type === LIFECYCLE_TYPE) return lifecycleExpires(change, bucket);
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

/** The bucket settings of which AWS keeps one per bucket: a create for a bucket another resource holds overwrites it. */
const SETTING_TYPES = [
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_ownership_controls",
  ACL_TYPE,
  LIFECYCLE_TYPE,
];

const computedBucketPolicies = computedPolicyCheck(["aws_s3_bucket"], (change) => `bucket ${bucketOf(change)} policy`);
const bucketSettingOverwrites = settingOverwrites(SETTING_TYPES, stateWeakened);

export const stateBucketWeakened: RiskRule = {
  id: "state-bucket-weakened",
  title: "State bucket protection lowered",
  explanation:
    "Terraform state holds secrets and is the only record of what exists: versioning is its undo (a lifecycle rule that expires objects or noncurrent versions takes it away), the public access block and the bucket policy's Deny statements keep it private, SSE-KMS with the state key and BucketOwnerEnforced keep who may read it to the key's policy (no ACL, no other key), and that policy lets only the state users decrypt, only through S3, and only the managers administer the key (docs/state.md). AWS keeps one of each bucket setting, so a new resource setting one below that baseline, or setting one another resource holds, replaces it while that resource plans no change; an ACL that is not private shares the bucket.",
  types: [
    ...SETTING_TYPES,
    "aws_s3_bucket",
    // The state key only (its description names the bucket: key-risks.ts).
    "aws_kms_key",
  ],
  check: stateWeakened,
  checkPlan: (plan) => [
    ...computedBucketPolicies(plan),
    ...bucketSettingOverwrites(plan),
    ...createdBelowBaseline(plan),
    ...statePolicyBelowBaseline(plan),
  ],
};
