import { isRecord, type JsonRecord, str } from "./values";
import type { FindingLocation } from "./findings";

/** One `resource` or `data` block of a synthesized stack. */
export interface SynthResource {
  readonly stack: string;
  /** cdk.tf.json of the stack, as findings print it. */
  readonly file: string;
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** Terraform address: `cloudflare_zone.Zone_A5DE4B68` (`data.` prefix for data sources). */
  readonly address: string;
  /** Construct path from `//.metadata.path`, such as `edge-production/Zone/Resource`. */
  readonly path: string;
  readonly attrs: JsonRecord;
}

export interface SynthStack {
  readonly name: string;
  readonly file: string;
  /** The whole parsed document, for scans that must see every value (outputs, variables, providers). */
  readonly json: JsonRecord;
  readonly resources: readonly SynthResource[];
  /** The stacks cdktf deploys before it (manifest.json's `dependencies`); unknown for a stack built in memory. */
  readonly dependencies?: readonly string[];
}

export interface SynthModel {
  readonly stacks: readonly SynthStack[];
}

/** A stack as read from disk or built in memory: its name, display file and parsed JSON. */
export interface StackInput {
  readonly name: string;
  readonly file: string;
  readonly json: unknown;
  /** manifest.json's `dependencies` of the stack, when read from a synth output. */
  readonly dependencies?: readonly string[];
}

function blocks(stack: string, file: string, mode: SynthResource["mode"], section: unknown, out: SynthResource[]): void {
  if (!isRecord(section)) return;
  for (const type in section) {
    const byName = section[type];
    if (!isRecord(byName)) continue;
    for (const name in byName) {
      const attrs = byName[name];
      if (!isRecord(attrs)) continue;
      const meta = attrs["//"];
      const path = str(isRecord(meta) && isRecord(meta.metadata) ? meta.metadata.path : undefined) ?? `${stack}/${name}`;
      const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      out.push({ stack, file, mode, type, name, address, path, attrs });
    }
  }
}

/** Builds the typed model once; rules never touch raw JSON structure beyond their resources' attributes. */
export function buildModel(inputs: readonly StackInput[]): SynthModel {
  const stacks = inputs.map((input): SynthStack => {
    const json = isRecord(input.json) ? input.json : {};
    const resources: SynthResource[] = [];
    blocks(input.name, input.file, "resource", json.resource, resources);
    blocks(input.name, input.file, "data", json.data, resources);
    return { name: input.name, file: input.file, json, resources, ...(input.dependencies ? { dependencies: input.dependencies } : {}) };
  });
  return { stacks };
}

/** The stacks of one environment (plus shared stacks such as a bootstrap), indexed by type. */
export interface EnvView {
  readonly env: string;
  readonly stacks: readonly SynthStack[];
  /** Resources (not data sources) of a type, in stack order. */
  ofType(type: string): readonly SynthResource[];
  /** Data sources of a type (`data.<type>.<name>`). */
  dataOfType(type: string): readonly SynthResource[];
  /** Resource or data source by address. */
  byAddress(address: string): SynthResource | undefined;
  /** Resources whose type starts with a prefix such as `aws_`. */
  hasTypePrefix(prefix: string): boolean;
}

const EMPTY: readonly SynthResource[] = [];

export function envView(env: string, stacks: readonly SynthStack[]): EnvView {
  const byType = new Map<string, SynthResource[]>();
  const dataByType = new Map<string, SynthResource[]>();
  const byAddress = new Map<string, SynthResource>();
  for (const stack of stacks) {
    for (const r of stack.resources) {
      byAddress.set(r.address, r);
      const index = r.mode === "resource" ? byType : dataByType;
      const list = index.get(r.type);
      if (list) list.push(r);
      else index.set(r.type, [r]);
    }
  }
  const types = [...byType.keys()];
  return {
    env,
    stacks,
    ofType: (type) => byType.get(type) ?? EMPTY,
    dataOfType: (type) => dataByType.get(type) ?? EMPTY,
    byAddress: (address) => byAddress.get(address),
    hasTypePrefix: (prefix) => types.some((t) => t.startsWith(prefix)),
  };
}

/**
 * Environment of a stack: stack names are `<kind>-<env>`. With known environments the longest matching
 * suffix wins; otherwise the text after the first dash. Stacks without one (a `bootstrap`) are shared.
 */
export function environmentOf(stack: string, known: readonly string[]): string | undefined {
  if (known.length > 0) {
    const matches = known.filter((env) => stack.endsWith(`-${env}`)).sort((a, b) => b.length - a.length);
    return matches[0];
  }
  const dash = stack.indexOf("-");
  return dash === -1 ? undefined : stack.slice(dash + 1);
}

/**
 * One view per environment; shared stacks (no `-<env>` in the name) join every environment. With known
 * environments, a stack of any other environment (`edge-staging` when only production is configured)
 * is left out: it is not shared, and its findings must not be blamed on the environments checked.
 */
export function envViews(model: SynthModel, known: readonly string[] = []): EnvView[] {
  const groups = new Map<string, SynthStack[]>();
  const shared: SynthStack[] = [];
  for (const stack of model.stacks) {
    const env = environmentOf(stack.name, known);
    if (env === undefined) {
      if (!stack.name.includes("-")) shared.push(stack);
    } else if (groups.has(env)) groups.get(env)?.push(stack);
    else groups.set(env, [stack]);
  }
  return [...groups.keys()].sort().map((env) => envView(env, [...(groups.get(env) ?? []), ...shared]));
}

export function resourceLocation(r: SynthResource): FindingLocation {
  return { kind: "resource", stack: r.stack, file: r.file, address: r.address, path: r.path };
}

/** A finding about a resource: `message` is prefixed by nothing; the location carries address and path. */
export function resourceFinding(r: SynthResource, message: string): { message: string; location: FindingLocation } {
  return { message, location: resourceLocation(r) };
}

/** A finding about something missing from an environment: points at its first stack (or nowhere). */
export function envFinding(view: EnvView, message: string, preferStack?: string): { message: string; location: FindingLocation } {
  const stack = view.stacks.find((s) => preferStack !== undefined && s.name.startsWith(`${preferStack}-`)) ?? view.stacks[0];
  return { message, location: stack ? { kind: "stack", stack: stack.name, file: stack.file } : { kind: "repo", file: "cdktf.out" } };
}

const REFERENCE_RE = /\$\{([^}]*)\}/g;
const ADDRESS_RE = /(?:^|[^A-Za-z0-9_.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)[.[]/g;

/** Resource addresses (`type.name`, `data.type.name`) referenced by `${...}` interpolations in a value. */
export function referencedAddresses(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") {
    if (!value.includes("${")) return out;
    for (const m of value.matchAll(REFERENCE_RE)) for (const a of (m[1] ?? "").matchAll(ADDRESS_RE)) if (a[1]) out.add(a[1]);
  } else if (Array.isArray(value)) for (const v of value) referencedAddresses(v, out);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) referencedAddresses(v, out);
  return out;
}

/** Address -> the resources among `from` that reference it through `pick` (a one-pass join index). */
export function indexByReference(from: readonly SynthResource[], pick: (r: SynthResource) => unknown): Map<string, SynthResource[]> {
  const index = new Map<string, SynthResource[]>();
  for (const r of from) {
    for (const address of referencedAddresses(pick(r))) {
      const list = index.get(address);
      if (list) list.push(r);
      else index.set(address, [r]);
    }
  }
  return index;
}

/** Memoizes a derived reading of a view, so rules sharing it (hostnames, TXT records) compute it once. */
export function perView<T>(compute: (view: EnvView) => T): (view: EnvView) => T {
  const cache = new WeakMap<EnvView, { readonly value: T }>();
  return (view) => {
    const hit = cache.get(view);
    if (hit) return hit.value;
    const value = compute(view);
    cache.set(view, { value });
    return value;
  };
}
