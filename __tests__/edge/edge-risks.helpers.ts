/**
 * The two reviews of a change to the synthesized production edge stack: the configuration diff (base and
 * head `cdk.tf.json`) and a plan of the same changes (references resolved to `id-of-<name>`).
 */
import { configReviewFlags, planTextFlags } from "../helpers/plan-reviews";
import type { SynthJson } from "../helpers/synth";

export const EDGE_STACK = "edge-production";

type Json = Record<string, unknown>;

const state = (b: Json | undefined): Json | null => {
  if (b === undefined) return null;
  const { "//": _path, provider: _provider, lifecycle: _lifecycle, depends_on: _deps, ...attrs } = b;
  return JSON.parse(JSON.stringify(attrs).replace(/\$\{(\w+)\.([\w-]+)\.(arn|id)\}/g, (_, _type, n, a) => `${a}-of-${n}`));
};

/** Every changed, created or deleted block of `head` against `base` as a plan's resource changes. */
export function planFlags(base: SynthJson, head: SynthJson): string[] {
  const changes = [];
  for (const type of new Set([...Object.keys(base.resource), ...Object.keys(head.resource)]))
    for (const name of new Set([...Object.keys(base.resource[type] ?? {}), ...Object.keys(head.resource[type] ?? {})])) {
      const [b, a] = [state(base.resource[type]?.[name]), state(head.resource[type]?.[name])];
      const withId = (v: Json | null) => (v === null ? null : { ...v, id: `id-of-${name}` });
      const actions = b === null ? ["create"] : a === null ? ["delete"] : JSON.stringify(b) === JSON.stringify(a) ? ["no-op"] : ["update"];
      const change = { actions, before: withId(b), after: withId(a), after_unknown: {}, before_sensitive: {}, after_sensitive: {} };
      changes.push({
        address: `${type}.${name}`,
        mode: "managed",
        type,
        name,
        provider_name: "registry.terraform.io/cloudflare/cloudflare",
        change,
      });
    }
  const plan = { format_version: "1.2", terraform_version: "1.11.4", resource_changes: changes };
  return planTextFlags(JSON.stringify(plan), EDGE_STACK);
}

/** Both reviews' flags: [configuration diff, plan]. */
export function bothReviews(base: SynthJson, head: SynthJson): [string[], string[]] {
  return [configReviewFlags(base, head, EDGE_STACK), planFlags(base, head)];
}

/** The synthesized block whose logical id starts with `prefix`, and that id. */
export function edgeBlock(json: SynthJson, type: string, prefix: string): [string, Json] {
  const found = Object.entries(json.resource[type] ?? {}).find(([name]) => name.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix}* in the synthesized stack`);
  return found;
}
