/**
 * The review of a stack a pull request cannot plan: its state holds secrets (`Feature.stack.stateHoldsSecrets`:
 * edge-<env>'s Access service-token secret, monitoring-<env>'s alert webhook URLs) that the pull
 * request's plan role may not read (docs/state.md). Their synthesized configuration needs no state, so the base's and the
 * head's `cdk.tf.json` are compared block by block and the result is shaped as the JSON of
 * `terraform show -json <planfile>`: plan-report's rendering, risk rules, masking and digest read it
 * unchanged. What it cannot show, having no state: drift, provider defaults, and values known only after
 * apply but for those a replacement leaves unknown (withReplacements, docs/plan-review.md).
 */
import { isRecord } from "../../core/json";
import { withoutCdktfComments } from "../../core/terraform-comments";
import { canonicalJson } from "../../core/plan/json-attributes";
import type { PlanChange, PlanJson, ResourceChange } from "../../core/plan/schema";
import { FEATURES } from "../../features";
import type { ConstructPaths } from "./construct-paths";
import { constructPathsOf } from "./construct-paths";
import { provisionerConfiguration } from "./config-provisioners";
import { REPLACING_ATTRIBUTES } from "./replacing-attributes";

/**
 * Stack kinds reviewed as a configuration diff in pull requests: those whose state holds secrets, from
 * the registry (pr.yml plans every other kind but the one that creates the state backend).
 */
export const CONFIG_REVIEWED_KINDS: readonly string[] = FEATURES.flatMap((f) => (f.stack?.stateHoldsSecrets ? [f.stack.kind] : []));

/** Whether a stack (`edge-production`) is reviewed as a configuration diff rather than planned. */
export function isConfigReviewed(stack: string): boolean {
  return CONFIG_REVIEWED_KINDS.some((kind) => stack.startsWith(`${kind}-`) && stack.length > kind.length + 1);
}

/** What a configuration diff is, besides its changes: shown with the stack in the review. */
export interface ConfigDiffNote {
  /** The base had this stack (false: every block is new, as for a new environment). */
  readonly base: boolean;
  /** The head has it (false: every block goes, as for an environment removed). */
  readonly head: boolean;
  /**
   * Blocks that are neither resources, data sources nor outputs and changed (`terraform.backend`,
   * `provider.aws`, `variable.alert_webhook_ops`): named, not diffed attribute by attribute.
   */
  readonly otherBlocks: readonly string[];
}

export interface ConfigDiff {
  readonly plan: PlanJson;
  readonly constructPaths: ConstructPaths;
  readonly note: ConfigDiffNote;
}

type Blocks = Record<string, Record<string, unknown>>;

/**
 * The labels of one level of a section: HCL's JSON syntax takes an object or a list of objects at each
 * label level (`"resource": [{"aws_sns_topic": {...}}]`), so a block written either way is diffed.
 */
function labelled(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of Array.isArray(value) ? value : [value]) if (isRecord(part)) Object.assign(out, part);
  return out;
}

/** `resource` or `data` of a synthesized stack: type -> name -> block. */
function blocksOf(stack: unknown, section: "resource" | "data"): Blocks {
  const out: Blocks = {};
  for (const [type, byName] of Object.entries(labelled(isRecord(stack) ? stack[section] : undefined))) out[type] = labelled(byName);
  return out;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function actionsOf(before: unknown, after: unknown): ("create" | "update" | "delete" | "no-op")[] {
  if (before === undefined) return ["create"];
  if (after === undefined) return ["delete"];
  return same(before, after) ? ["no-op"] : ["update"];
}

/** `registry.terraform.io/cloudflare/cloudflare`, as a plan names a resource's provider. */
function providerName(type: string, block: unknown, stacks: readonly unknown[]): string {
  const meta = isRecord(block) && typeof block.provider === "string" ? block.provider : undefined;
  const local = (meta ?? type).split(/[._]/)[0] ?? type;
  if (local === "terraform") return "terraform.io/builtin/terraform";
  for (const stack of stacks) {
    const source = isRecord(stack) && isRecord(stack.terraform) ? stack.terraform.required_providers : undefined;
    const entry = isRecord(source) ? source[local] : undefined;
    const name = isRecord(entry) && typeof entry.source === "string" ? entry.source : undefined;
    // A source without a host is the public registry's; one without a namespace is hashicorp's.
    if (name !== undefined)
      return [`registry.terraform.io/hashicorp/${name}`, `registry.terraform.io/${name}`][name.split("/").length - 1] ?? name;
  }
  return `registry.terraform.io/hashicorp/${local}`;
}

function resourceChanges(base: unknown, head: unknown, mode: "managed" | "data"): ResourceChange[] {
  const section = mode === "data" ? "data" : "resource";
  const [before, after] = [blocksOf(base, section), blocksOf(head, section)];
  const changes: ResourceChange[] = [];
  for (const type of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [b, a] = [before[type] ?? {}, after[type] ?? {}];
    for (const name of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const [was, is] = [b[name], a[name]];
      changes.push({
        address: `${mode === "data" ? "data." : ""}${type}.${name}`,
        mode,
        type,
        name,
        provider_name: providerName(type, is ?? was, [head, base]),
        change: {
          actions: actionsOf(was, is),
          before: was ?? null,
          after: is ?? null,
          // A synthesized stack holds no secret value (variables hold them, and a variable's value is never
          // in cdk.tf.json); what a replacement leaves unknown is marked after (withReplacements).
          after_unknown: {},
          before_sensitive: was === undefined ? false : {},
          after_sensitive: is === undefined ? false : {},
        },
      });
    }
  }
  return changes;
}

/** `${aws_sns_topic.Alerts_91F83244.arn}`: a reference to another resource's attribute (type, name, attribute). */
const REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/g;

const recordOf = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/**
 * Whether `value` (a configured string) reads an attribute of a replaced resource that its configuration
 * does not set (`arn`, `id`): Terraform knows such a value only after the new resource exists.
 */
function readsUnknown(value: unknown, replaced: ReadonlyMap<string, Record<string, unknown>>): boolean {
  if (typeof value !== "string") return false;
  for (const [, type, name, attribute] of value.matchAll(REFERENCE)) {
    const config = replaced.get(`${type}.${name}`);
    if (config !== undefined && !(attribute !== undefined && attribute in config)) return true;
  }
  return false;
}

/**
 * The top-level attributes of `after` known only after apply, as `terraform show -json` marks them:
 * `true` for a value, one boolean per item for a list of values (the value itself then null).
 */
function unknownAttributes(
  after: Record<string, unknown>,
  replaced: ReadonlyMap<string, Record<string, unknown>>,
): Record<string, unknown> {
  const unknown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (key === "lifecycle" || key === "depends_on" || key === "provider") continue;
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
      const items = value.map((item) => readsUnknown(item, replaced));
      if (items.includes(true)) unknown[key] = items;
    } else if (readsUnknown(value, replaced) || (typeof value !== "string" && readsUnknown(JSON.stringify(value), replaced))) {
      unknown[key] = true;
    }
  }
  return unknown;
}

/** The replacing attributes (REPLACING_ATTRIBUTES) of an update that change or become unknown. */
function replacingPaths(rc: ResourceChange, unknown: Record<string, unknown>): string[] {
  const [before, after] = [recordOf(rc.change.before), recordOf(rc.change.after)];
  return (REPLACING_ATTRIBUTES[rc.type] ?? []).filter((key) => key in unknown || !same(before[key] ?? null, after[key] ?? null));
}

/**
 * The changes as Terraform would plan them: an update of an attribute the provider cannot update in
 * place is a replacement (REPLACING_ATTRIBUTES), and what reads a replaced resource's unset attributes
 * (its ARN, its id) is known only after apply, which may replace that resource in turn (a subscription's
 * topic_arn): a renamed alert topic is a replaced topic, replaced subscriptions and alarms whose actions
 * are unknown, as in the plan the deploy makes after merge, so the review shows the flags the deploy's
 * gate will compare.
 */
function withReplacements(changes: readonly ResourceChange[]): ResourceChange[] {
  const replaced = new Map<string, Record<string, unknown>>();
  const paths = new Map<string, string[]>();
  const keyOf = (rc: ResourceChange): string => `${rc.type}.${rc.name}`;
  const managedUpdates = new Set(
    changes.filter((rc) => rc.mode === "managed" && (rc.change.actions[0] === "update" || rc.change.actions[0] === "no-op")),
  );
  // Who reads whom (`${type.name.` in its configuration), so a replacement revisits only its readers:
  // linear in the references, however long a chain of them (a list re-scanned until nothing changes
  // was quadratic in it).
  const readers = new Map<string, ResourceChange[]>();
  for (const rc of managedUpdates)
    for (const [, type, name] of JSON.stringify(rc.change.after ?? null).matchAll(REFERENCE)) {
      const key = `${type}.${name}`;
      const list = readers.get(key) ?? [];
      if (list.at(-1) !== rc) list.push(rc);
      readers.set(key, list);
    }
  const queue: ResourceChange[] = [];
  const visit = (rc: ResourceChange): void => {
    const key = keyOf(rc);
    if (replaced.has(key)) return;
    const found = replacingPaths(rc, unknownAttributes(recordOf(rc.change.after), replaced));
    if (found.length === 0) return;
    replaced.set(key, recordOf(rc.change.after));
    paths.set(key, found);
    queue.push(rc);
  };
  for (const rc of managedUpdates) visit(rc);
  // The queue grows while it is walked: each replacement is read once.
  for (let i = 0; i < queue.length; i++) for (const reader of readers.get(keyOf(queue[i] as ResourceChange)) ?? []) visit(reader);
  if (replaced.size === 0) return [...changes];
  return changes.map((rc) => {
    if (!managedUpdates.has(rc)) return rc;
    const after = recordOf(rc.change.after);
    const unknown = unknownAttributes(after, replaced);
    const replacing = paths.get(`${rc.type}.${rc.name}`);
    if (replacing === undefined && Object.keys(unknown).length === 0) return rc;
    const known = { ...after };
    for (const [k, marks] of Object.entries(unknown))
      known[k] = Array.isArray(marks) ? (after[k] as unknown[]).map((item, i) => (marks[i] ? null : item)) : null;
    const createFirst = recordOf(after.lifecycle).create_before_destroy === true;
    const actions: ResourceChange["change"]["actions"] =
      replacing === undefined ? ["update"] : createFirst ? ["create", "delete"] : ["delete", "create"];
    return {
      ...rc,
      ...(replacing === undefined ? {} : { action_reason: "replace_because_cannot_update" }),
      change: {
        ...rc.change,
        actions,
        after: known,
        after_unknown: unknown,
        ...(replacing === undefined ? {} : { replace_paths: replacing.map((k) => [k]) }),
      },
    };
  });
}

/** Output blocks (value, description, sensitive) as output changes; a sensitive output's value is masked. */
function outputChanges(base: unknown, head: unknown): Record<string, PlanChange> {
  const of = (stack: unknown): Record<string, unknown> => labelled(isRecord(stack) ? stack.output : undefined);
  const [before, after] = [of(base), of(head)];
  const out: Record<string, PlanChange> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [was, is] = [before[name], after[name]];
    const mask = (block: unknown): unknown => (isRecord(block) && block.sensitive === true ? { value: true } : {});
    out[name] = {
      actions: actionsOf(was, is),
      before: was ?? null,
      after: is ?? null,
      after_unknown: false,
      before_sensitive: was === undefined ? false : mask(was),
      after_sensitive: is === undefined ? false : mask(is),
    };
  }
  return out;
}

const DIFFED_SECTIONS: ReadonlySet<string> = new Set(["resource", "data", "output", "//"]);

/** `terraform.backend`, `provider.aws`, `variable.x`: the other blocks whose configuration changed. */
function otherBlocks(base: unknown, head: unknown): string[] {
  const [b, a] = [isRecord(base) ? base : {}, isRecord(head) ? head : {}];
  const changed: string[] = [];
  for (const section of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    if (DIFFED_SECTIONS.has(section)) continue;
    const [was, is] = [b[section], a[section]];
    if (isRecord(was) || isRecord(is)) {
      const [wb, ib] = [isRecord(was) ? was : {}, isRecord(is) ? is : {}];
      for (const key of [...new Set([...Object.keys(wb), ...Object.keys(ib)])].sort())
        if (!same(wb[key] ?? null, ib[key] ?? null)) changed.push(`${section}.${key}`);
    } else if (!same(was ?? null, is ?? null)) changed.push(section);
  }
  return changed;
}

/**
 * The configuration diff of one stack: `base` and `head` are its parsed `cdk.tf.json` (undefined when
 * that side has no such stack). Every resource and data source is a change of `type.name` (`create`,
 * `update`, `delete` or `no-op`) whose before and after are the blocks' attributes, meta-arguments
 * (`lifecycle`, `depends_on`, `provider`) and provisioner blocks included, the head's provisioners also
 * as a plan's `configuration` (config-provisioners.ts); construct paths from the head, else the base.
 */
export function configDiff(rawBase: unknown, rawHead: unknown): ConfigDiff {
  // What Terraform reads (and the digest covers); construct paths come from cdktf's comments.
  const [base, head] = [withoutCdktfComments(rawBase), withoutCdktfComments(rawHead)];
  const changes = withReplacements([...resourceChanges(base, head, "managed"), ...resourceChanges(base, head, "data")]).sort((x, y) =>
    x.address < y.address ? -1 : x.address > y.address ? 1 : 0,
  );
  // The head's provisioners, where a plan holds them (its configuration): a provisioner is no attribute a rule reads.
  const configuration = provisionerConfiguration(blocksOf(head, "resource"));
  const plan: PlanJson = {
    format_version: "1.2",
    resource_changes: changes,
    output_changes: outputChanges(base, head),
    ...(configuration ? { configuration } : {}),
    errored: false,
  };
  const constructPaths = new Map([...constructPathsOf(rawBase), ...constructPathsOf(rawHead)]);
  return { plan, constructPaths, note: { base: rawBase !== undefined, head: rawHead !== undefined, otherBlocks: otherBlocks(base, head) } };
}
