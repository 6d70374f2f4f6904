import { STACK_KINDS } from "../../features";
import { listSynthesizedStacks, type SynthesizedStack } from "../../core/synth-output";

export interface OrderedStack extends SynthesizedStack {
  readonly kind: string;
  readonly environment: string;
  /** Stacks that must be deployed first, as the manifest declares them (cdktf's `dependencies`). */
  readonly dependsOn: readonly string[];
}

/** `<kind>-<env>` split on a registered kind; undefined for a stack golive did not declare. */
export function parseStackName(name: string): { kind: string; environment: string } | undefined {
  const kind = STACK_KINDS.find((k) => name.startsWith(`${k}-`) && name.length > k.length + 1);
  return kind ? { kind, environment: name.slice(kind.length + 1) } : undefined;
}

/**
 * Stack name -> the stacks cdktf deploys before it (`dependencies` in manifest.json, as synth-output.ts
 * reads it: a bad manifest throws); empty without an output.
 */
export function readStackDependencies(outdir: string): Map<string, readonly string[]> {
  return new Map(listSynthesizedStacks(outdir).map((s) => [s.name, s.dependencies ?? []]));
}

/**
 * Kahn's algorithm: every node after all of its dependencies, the smallest ready node (by `before`)
 * first. Dependencies on nodes not in the list are ignored; nodes caught in a cycle (cdktf refuses
 * those at synth) come last, in `before` order.
 */
function topological<T>(nodes: readonly T[], depsOf: (n: T) => readonly T[], before: (a: T, b: T) => number): T[] {
  const pending = new Set(nodes);
  const out: T[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((n) => depsOf(n).every((d) => !pending.has(d))).sort(before);
    const next = ready[0] ?? [...pending].sort(before)[0];
    if (next === undefined) break;
    pending.delete(next);
    out.push(next);
  }
  return out;
}

/**
 * Synthesized stacks in deploy order: every stack after the stacks it depends on (the dependencies cdktf
 * deploys by: each stack's own unless `dependencies` is given), environment by environment (sorted by name, an environment after any other it depends
 * on), and within one the registry's order (bootstrap, access, secrets, edge, email, monitoring,
 * traffic), which the declared dependencies agree with. Stacks golive did not declare are left out.
 */
export function inDeployOrder(
  stacks: readonly SynthesizedStack[],
  dependencies: ReadonlyMap<string, readonly string[]> = new Map(stacks.map((s) => [s.name, s.dependencies ?? []])),
): OrderedStack[] {
  const rank = new Map(STACK_KINDS.map((k, i) => [k, i]));
  const ordered = stacks.flatMap((s) => {
    const parsed = parseStackName(s.name);
    return parsed ? [{ ...s, ...parsed, dependsOn: [...(dependencies.get(s.name) ?? [])] }] : [];
  });
  const byName = new Map(ordered.map((s) => [s.name, s]));
  const depsOf = (s: OrderedStack) => s.dependsOn.flatMap((d) => byName.get(d) ?? []);
  const envNames = [...new Set(ordered.map((s) => s.environment))];
  const envDeps = new Map(envNames.map((e) => [e, new Set<string>()]));
  for (const s of ordered) for (const d of depsOf(s)) if (d.environment !== s.environment) envDeps.get(s.environment)?.add(d.environment);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const envOrder = new Map(topological(envNames, (e) => [...(envDeps.get(e) ?? [])], byText).map((e, i) => [e, i]));
  return topological(
    ordered,
    depsOf,
    (a, b) =>
      (envOrder.get(a.environment) ?? 0) - (envOrder.get(b.environment) ?? 0) ||
      (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) ||
      byText(a.name, b.name),
  );
}
