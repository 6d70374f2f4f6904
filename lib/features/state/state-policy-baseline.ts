/**
 * A policy created for the state bucket must hold golive's Deny statements (bucket-policy.ts
 * stateBucketPolicy): `DenyInsecureTransport` and `ProtectStateBucket` are in every one it renders.
 * PutBucketPolicy replaces the bucket's one policy, so a new aws_s3_bucket_policy without them lifts
 * them, whatever held the policy before (another resource: setting-overwrites.ts; another stack; the
 * console). The state bucket is the one the plan's state key names (state-buckets.ts). golive's own first
 * deploy renders both.
 */
import { at } from "../../core/json";
import { readStatements } from "../../core/plan/policy-statements";
import type { PlanJson } from "../../core/plan/schema";
import type { PlanFinding } from "../../platform/risks";
import { stateBucketCreates } from "./state-buckets";

/** The Deny statements golive's state bucket policy always holds, by Sid. */
const STATE_POLICY_DENIES = ["DenyInsecureTransport", "ProtectStateBucket"] as const;

const POLICY = "aws_s3_bucket_policy";

/** The plan check: each created policy of a state bucket that lacks one of STATE_POLICY_DENIES. */
export function statePolicyBelowBaseline(plan: PlanJson): PlanFinding[] {
  return stateBucketCreates(
    plan,
    (type) => type === POLICY,
    (rc, bucket) => {
      const statements = readStatements(at(rc.change.after, "policy"));
      // A policy known only after apply is not judged (nor is a bucket: stateBucketCreates).
      if (statements === undefined) return [];
      const denies = new Set(statements.filter((st) => st.effect === "Deny").map((st) => st.sid));
      const missing = STATE_POLICY_DENIES.filter((sid) => !denies.has(sid));
      return missing.length === 0
        ? []
        : [
            `bucket ${bucket} policy created without golive's Deny statements ${missing.join(", ")}: it replaces the state bucket's policy, and what they deny (plain HTTP, anyone but the managers changing the bucket) is allowed again`,
          ];
    },
  );
}
