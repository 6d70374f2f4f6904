/**
 * A policy created for the state bucket must hold golive's Deny statements (bucket-policy.ts
 * stateBucketPolicy): `DenyInsecureTransport` and `ProtectStateBucket` are in every one it renders.
 * PutBucketPolicy replaces the bucket's one policy, so a new aws_s3_bucket_policy without them lifts
 * them, whatever held the policy before (another resource: setting-overwrites.ts; another stack; the
 * console). The state bucket is the one the plan's state key names (its description, STATE_KEY_DESCRIPTION),
 * in the plan's changes or its prior_state. golive's own first deploy renders both.
 */
import { at, isRecord, str } from "../../core/json";
import { configAddress } from "../../core/plan/provisioners";
import { readStatements } from "../../core/plan/policy-statements";
import type { PlanJson } from "../../core/plan/schema";
import { isCreate, priorStateResources } from "../../core/plan/setting-holders";
import type { PlanFinding } from "../../platform/risks";
import { STATE_KEY_DESCRIPTION } from "./bucket-policy";

/** The Deny statements golive's state bucket policy always holds, by Sid. */
export const STATE_POLICY_DENIES = ["DenyInsecureTransport", "ProtectStateBucket"] as const;

const KEY = "aws_kms_key";
const POLICY = "aws_s3_bucket_policy";

/** The bucket a key's description names, when it is a state key. */
function stateBucketOf(key: unknown): string | undefined {
  const description = str(at(key, "description"));
  return description?.startsWith(STATE_KEY_DESCRIPTION) ? description.slice(STATE_KEY_DESCRIPTION.length) : undefined;
}

/** The state buckets the plan's state keys name: in state, or planned. */
function stateBuckets(plan: PlanJson): Set<string> {
  const buckets = new Set<string>();
  const add = (key: unknown) => {
    const bucket = stateBucketOf(key);
    if (bucket) buckets.add(bucket);
  };
  for (const rc of plan.resource_changes ?? [])
    if (rc.type === KEY && rc.mode === "managed") for (const side of [rc.change.before, rc.change.after]) if (isRecord(side)) add(side);
  for (const r of priorStateResources(plan)) if (at(r, "type") === KEY && at(r, "mode") === "managed") add(at(r, "values"));
  return buckets;
}

/** The plan check: each created policy of a state bucket that lacks one of STATE_POLICY_DENIES. */
export function statePolicyBelowBaseline(plan: PlanJson): PlanFinding[] {
  const created = (plan.resource_changes ?? []).filter((rc) => rc.type === POLICY && rc.mode === "managed" && isCreate(rc));
  if (created.length === 0) return [];
  const buckets = stateBuckets(plan);
  return created.flatMap((rc) => {
    const bucket = str(at(rc.change.after, "bucket"));
    const statements = readStatements(at(rc.change.after, "policy"));
    // A bucket or policy known only after apply is not judged.
    if (bucket === undefined || !buckets.has(bucket) || statements === undefined) return [];
    const denies = new Set(statements.filter((st) => st.effect === "Deny").map((st) => st.sid));
    const missing = STATE_POLICY_DENIES.filter((sid) => !denies.has(sid));
    if (missing.length === 0) return [];
    return [
      {
        address: rc.address,
        configAddress: configAddress(rc),
        detail: `bucket ${bucket} policy created without golive's Deny statements ${missing.join(", ")}: it replaces the state bucket's policy, and what they deny (plain HTTP, anyone but the managers changing the bucket) is allowed again`,
      },
    ];
  });
}
