/**
 * Which buckets are state buckets: the ones the plan's state keys name (their description,
 * STATE_KEY_DESCRIPTION), in the plan's changes or its prior_state. The state bucket's baseline
 * (docs/state.md) is golive's promise for that bucket only: an ALB or CloudFront log bucket needs SSE-S3
 * and ACLs, a public site bucket a policy, so a setting created below it elsewhere is no weakening.
 * A setting names its bucket by name, by reference in a configuration diff (`${aws_s3_bucket.state.id}`,
 * engines/plan/config-diff.ts), or, known only after apply, by the references of the plan's root module
 * configuration. The plan checks of settings created on a state bucket walk them here (stateBucketCreates).
 */
import { at, isRecord, str } from "../../core/json";
import { configAddress } from "../../core/plan/provisioners";
import type { PlanJson, ResourceChange } from "../../core/plan/schema";
import { isCreate, priorStateResources } from "../../core/plan/setting-holders";
import type { PlanFinding } from "../../platform/risks";
import { STATE_KEY_DESCRIPTION } from "./bucket-policy";

const KEY = "aws_kms_key";
const BUCKET = "aws_s3_bucket";
/** A configuration diff's reference to a bucket's name: `${aws_s3_bucket.state.id}` (or `.bucket`). */
const BUCKET_REFERENCE = /^\$\{(aws_s3_bucket\.[\w-]+)\.(?:id|bucket)\}$/;

/** The bucket a key's description names, when it is a state key. */
function bucketOfStateKey(key: unknown): string | undefined {
  const description = str(at(key, "description"));
  return description?.startsWith(STATE_KEY_DESCRIPTION) ? description.slice(STATE_KEY_DESCRIPTION.length) : undefined;
}

/** Each managed resource of `type` in the plan, by address: its changes' sides, then its prior_state values. */
function* valuesOf(plan: PlanJson, type: string): Generator<[string, unknown]> {
  for (const rc of plan.resource_changes ?? [])
    if (rc.type === type && rc.mode === "managed")
      for (const side of [rc.change.before, rc.change.after]) if (isRecord(side)) yield [rc.address, side];
  for (const r of priorStateResources(plan))
    if (at(r, "type") === type && at(r, "mode") === "managed") yield [str(at(r, "address")) ?? "", at(r, "values")];
}

/** The state buckets the plan's state keys name: in state, or planned. */
function stateBuckets(plan: PlanJson): Set<string> {
  const buckets = new Set<string>();
  for (const [, key] of valuesOf(plan, KEY)) {
    const bucket = bucketOfStateKey(key);
    if (bucket) buckets.add(bucket);
  }
  return buckets;
}

/** The root module's `bucket` references per resource address (a plan's `configuration`). */
function bucketReferences(plan: PlanJson): Map<string, readonly unknown[]> {
  const refs = new Map<string, readonly unknown[]>();
  const resources = at(plan.configuration?.root_module, "resources");
  for (const r of Array.isArray(resources) ? resources : []) {
    const [address, list] = [str(at(r, "address")), at(r, "expressions", "bucket", "references")];
    if (address !== undefined && Array.isArray(list)) refs.set(address, list);
  }
  return refs;
}

/**
 * The plan's resolver of a setting's bucket to a state bucket: the name of the state bucket `rc` (a
 * change of a type with a `bucket` argument) sets, undefined for any other bucket or one not resolved.
 * Indexes the plan once; nothing when the plan names no state bucket.
 */
function stateBucketResolver(plan: PlanJson): (rc: ResourceChange) => string | undefined {
  const buckets = stateBuckets(plan);
  if (buckets.size === 0) return () => undefined;
  const names = new Map<string, string>();
  for (const [address, values] of valuesOf(plan, BUCKET)) {
    const name = str(at(values, "bucket"));
    if (name !== undefined && buckets.has(name)) names.set(address, name);
  }
  const refs = bucketReferences(plan);
  const viaReference = (ref: unknown) => {
    const address = typeof ref === "string" ? ref.split(".").slice(0, 2).join(".") : undefined;
    return address === undefined ? undefined : names.get(address);
  };
  return (rc) => {
    const bucket = str(at(rc.change.after, "bucket"));
    if (bucket !== undefined) return buckets.has(bucket) ? bucket : viaReference(BUCKET_REFERENCE.exec(bucket)?.[1]);
    if (rc.module_address !== undefined) return undefined;
    for (const ref of refs.get(configAddress(rc)) ?? []) {
      const name = viaReference(ref);
      if (name !== undefined) return name;
    }
    return undefined;
  };
}

/**
 * The plan check's walk of created settings: each create of a type `isType` accepts that sets a state
 * bucket's setting, `judge` giving its details. Resolves state buckets only when the plan creates one.
 */
export function stateBucketCreates(
  plan: PlanJson,
  isType: (type: string) => boolean,
  judge: (rc: ResourceChange, bucket: string) => string[],
): PlanFinding[] {
  const created = (plan.resource_changes ?? []).filter((rc) => rc.mode === "managed" && isType(rc.type) && isCreate(rc));
  if (created.length === 0) return [];
  const stateBucketOf = stateBucketResolver(plan);
  return created.flatMap((rc) => {
    const bucket = stateBucketOf(rc);
    const found = bucket === undefined ? [] : judge(rc, bucket);
    return found.map((detail) => ({ address: rc.address, configAddress: configAddress(rc), detail }));
  });
}
