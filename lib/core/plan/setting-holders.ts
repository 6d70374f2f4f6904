/**
 * Who already holds a setting a create sets. AWS keeps one versioning state, public access block,
 * ownership rule, default encryption, policy and ACL per bucket, one inline policy per role and name,
 * one policy per key: PutBucketVersioning, PutPublicAccessBlock, PutRolePolicy, PutKeyPolicy... replace
 * it. So a new Terraform resource of such a type for a target another resource already manages takes
 * that resource's setting over without a line of the plan saying so: the other resource still reads
 * "no changes", and the next refresh finds it changed outside Terraform. The holders are the plan's
 * `prior_state` (all of state, a `-target` plan's too) and its resource changes (an object that exists,
 * and the other creates of the plan), indexed once per plan. A plan too large to read whole keeps no
 * `prior_state` (plan-bytes.ts); its resource changes still list every object in state.
 */
import { at, isRecord, str } from "../json";
import type { PlanJson, ResourceChange } from "./schema";

/** What a resource of a type sets: the arguments naming its target, and how a flag names both. */
interface SettingKind {
  readonly keys: readonly string[];
  /** `bucket ow-tfstate versioning`, from the target's argument values. */
  readonly label: (parts: readonly string[]) => string;
  /** What AWS keeps one of the setting per. */
  readonly per: string;
}

const bucketSetting = (setting: string): SettingKind => ({
  keys: ["bucket"],
  label: ([bucket]) => `bucket ${bucket} ${setting}`,
  per: "bucket",
});

/** The types of which AWS keeps one setting per target. */
const SETTING_KINDS: Readonly<Record<string, SettingKind>> = {
  aws_s3_bucket_versioning: bucketSetting("versioning"),
  aws_s3_bucket_public_access_block: bucketSetting("public access block"),
  aws_s3_bucket_ownership_controls: bucketSetting("ownership controls"),
  aws_s3_bucket_server_side_encryption_configuration: bucketSetting("default encryption"),
  aws_s3_bucket_policy: bucketSetting("policy"),
  aws_s3_bucket_acl: bucketSetting("ACL"),
  aws_s3_bucket_lifecycle_configuration: bucketSetting("lifecycle configuration"),
  aws_iam_role_policy: { keys: ["role", "name"], label: ([role, name]) => `role ${role} inline policy ${name}`, per: "role and name" },
  aws_kms_key_policy: { keys: ["key_id"], label: ([key]) => `KMS key ${key} policy`, per: "key" },
};

function kindOf(type: string): SettingKind | undefined {
  return Object.hasOwn(SETTING_KINDS, type) ? SETTING_KINDS[type] : undefined;
}

/** A resource that sets a target's setting: as it is in state, or as this plan creates it. */
export interface SettingHolder {
  readonly address: string;
  /** Its values in state (and their sensitivity marks); undefined for one this plan creates. */
  readonly values?: unknown;
  readonly sensitive?: unknown;
  /** This plan destroys it: its delete, run in any order with the create, may remove the new setting. */
  readonly leaving: boolean;
}

/** The other holders of a created change's target: the first few named, all counted. */
export interface OtherHolders {
  readonly named: readonly SettingHolder[];
  readonly count: number;
}

/** Holders named per target at most; the rest are counted, so a plan of many alike stays linear. */
const NAMED = 3;

interface Group {
  readonly holders: SettingHolder[];
  count: number;
}

/** A create of a new object (not a replacement's, which keeps its address). */
export function isCreate(rc: ResourceChange): boolean {
  return rc.change.actions.length === 1 && rc.change.actions[0] === "create" && rc.deposed === undefined;
}

/** The target `values` of a resource of `type` names, when every argument naming it is a known string. */
function settingTarget(type: string, values: unknown): string | undefined {
  const parts = targetParts(type, values);
  return parts === undefined ? undefined : `${type}\n${parts.join("\n")}`;
}

/** How a flag names the setting `values` of a `type` sets (`role ow-deploy inline policy deploy-guard`). */
export function settingLabel(type: string, values: unknown): string | undefined {
  const parts = targetParts(type, values);
  return parts === undefined ? undefined : kindOf(type)?.label(parts);
}

/** What AWS keeps one of this type's setting per (`bucket`, `role and name`). */
export function settingPer(type: string): string {
  return kindOf(type)?.per ?? "target";
}

function targetParts(type: string, values: unknown): string[] | undefined {
  const parts = kindOf(type)?.keys.map((k) => str(at(values, k)));
  return parts?.every((p): p is string => p !== undefined && p !== "") ? parts : undefined;
}

/** The resources of a plan's `prior_state`, every module's (none when the plan holds none). */
export function* priorStateResources(plan: PlanJson): Generator<unknown> {
  const stack = [at(plan, "prior_state", "values", "root_module")];
  for (let m = stack.pop(); m !== undefined; m = stack.pop()) {
    const resources = at(m, "resources");
    if (Array.isArray(resources)) yield* resources;
    const children = at(m, "child_modules");
    if (Array.isArray(children)) stack.push(...children);
  }
}

/**
 * The index of one plan's setting holders, of the types `types` reads: `others(rc)` names those of a
 * created change's target other than the change itself, in constant time.
 */
export function settingHolders(plan: PlanJson, types: ReadonlySet<string>): (rc: ResourceChange) => OtherHolders {
  // Each group names NAMED + 1 holders: the create looking its group up may be one of them.
  const groups = new Map<string, Group>();
  const seen = new Set<string>();
  const add = (target: string | undefined, holder: SettingHolder) => {
    if (target === undefined) return;
    const group = groups.get(target) ?? { holders: [], count: 0 };
    groups.set(target, group);
    group.count += 1;
    if (group.holders.length <= NAMED) group.holders.push(holder);
  };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed" || !types.has(rc.type) || rc.deposed !== undefined) continue;
    const { actions, before, after } = rc.change;
    if (isRecord(before)) {
      seen.add(rc.address);
      const leaving = actions.includes("delete");
      add(settingTarget(rc.type, before), { address: rc.address, values: before, sensitive: rc.change.before_sensitive, leaving });
    }
    // A replacement's new object is judged as its update would be, by the type's rules: only new addresses.
    if (isCreate(rc)) {
      seen.add(rc.address);
      add(settingTarget(rc.type, after), { address: rc.address, leaving: false });
    }
  }
  for (const r of priorStateResources(plan)) {
    const [address, type] = [str(at(r, "address")), str(at(r, "type"))];
    if (address === undefined || type === undefined || !types.has(type) || at(r, "mode") !== "managed" || seen.has(address)) continue;
    seen.add(address);
    add(settingTarget(type, at(r, "values")), { address, values: at(r, "values"), sensitive: at(r, "sensitive_values"), leaving: false });
  }
  return (rc) => {
    const target = isCreate(rc) ? settingTarget(rc.type, rc.change.after) : undefined;
    const group = target === undefined ? undefined : groups.get(target);
    // The create itself is one of its target's group (indexed above).
    if (group === undefined || group.count < 2) return { named: [], count: 0 };
    return { named: group.holders.filter((h) => h.address !== rc.address).slice(0, NAMED), count: group.count - 1 };
  };
}
