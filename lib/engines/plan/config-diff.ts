/**
 * The review of a stack a pull request cannot plan: its state holds secrets (`Feature.stack.stateHoldsSecrets`:
 * edge-<env>'s Access service-token secret, monitoring-<env>'s alert webhook URLs) that the pull
 * request's plan role may not read (docs/state.md). Their synthesized configuration needs no state, so the base's and the
 * head's `cdk.tf.json` are compared block by block and the result is shaped as the JSON of
 * `terraform show -json <planfile>`: plan-report's rendering, risk rules, masking and digest read it
 * unchanged. What it cannot show, having no state: drift, values known only after apply, provider
 * defaults, and which updates Terraform would turn into replacements (docs/plan-review.md).
 */
import { isRecord } from "../../core/json";
import { withoutCdktfComments } from "../../core/terraform-comments";
import { canonicalJson } from "../../core/plan/json-attributes";
import type { PlanChange, PlanJson, ResourceChange } from "../../core/plan/schema";
import { FEATURES } from "../../features";
import type { ConstructPaths } from "./construct-paths";
import { constructPathsOf } from "./construct-paths";

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
          // No state: nothing is known only after apply, and a synthesized stack holds no secret value
          // (variables hold them, and a variable's value is never in cdk.tf.json).
          after_unknown: {},
          before_sensitive: was === undefined ? false : {},
          after_sensitive: is === undefined ? false : {},
        },
      });
    }
  }
  return changes;
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
 * (`lifecycle`, `depends_on`, `provider`) included; construct paths from the head, else the base.
 */
export function configDiff(rawBase: unknown, rawHead: unknown): ConfigDiff {
  // What Terraform reads (and the digest covers); construct paths come from cdktf's comments.
  const [base, head] = [withoutCdktfComments(rawBase), withoutCdktfComments(rawHead)];
  const changes = [...resourceChanges(base, head, "managed"), ...resourceChanges(base, head, "data")].sort((x, y) =>
    x.address < y.address ? -1 : x.address > y.address ? 1 : 0,
  );
  const plan: PlanJson = { format_version: "1.2", resource_changes: changes, output_changes: outputChanges(base, head), errored: false };
  const constructPaths = new Map([...constructPathsOf(rawBase), ...constructPathsOf(rawHead)]);
  return { plan, constructPaths, note: { base: rawBase !== undefined, head: rawHead !== undefined, otherBlocks: otherBlocks(base, head) } };
}
