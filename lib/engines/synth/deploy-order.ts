import { STACK_KINDS } from "../../features";
import type { DeployAfter } from "../../config/promotion-order";
import { listSynthesizedStacks, manifestPath, SynthOutputError, type SynthesizedStack } from "../../core/synth-output";
import { readSynthOutputRecord } from "./record";

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
 * first. Dependencies on nodes not in the list are ignored; nodes caught in a cycle come last, in
 * `before` order (environments only: a cycle of stacks is refused first, dependencyCycle).
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
 * Environment -> the environment it is deployed after (secrets.github.deployAfter), as golive synth
 * recorded it in golive.json next to the manifest the stacks were listed from (record.ts); empty for
 * stacks built by hand and for an output without a record (another tool's, or an older golive's).
 */
function recordedDeployAfter(stacks: readonly SynthesizedStack[]): DeployAfter {
  const outdirs = new Set(stacks.flatMap((s) => s.outdir ?? []));
  return new Map([...outdirs].flatMap((dir) => [...readSynthOutputRecord(dir).deployAfter]));
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The environments' order, as a rank: each after the environments its stacks depend on (the manifest)
 * and after the one it is deployed after (`deployAfter`, when that one is listed too), so one promotion
 * chain (dev <- qa <- prod) comes in its order. Among environments free to go next, one in a promotion
 * link (it names a listed environment, or one names it) goes before one outside every chain, then name
 * order decides: environments outside any chain come after the chained ones by name, and where
 * deployAfter cannot tell (two after one, two chains, a link to an environment not listed) the names do.
 * Never a refusal: listing is not deploying, and the deploy's matrix script (scripts/ci/matrix.ts,
 * --require-order) is what refuses an order that is not one chain; a cycle (which config validation
 * refuses) comes last, by name.
 */
function environmentRanks(stacks: readonly OrderedStack[], depsOf: (s: OrderedStack) => readonly OrderedStack[], deployAfter: DeployAfter) {
  const envNames = [...new Set(stacks.map((s) => s.environment))];
  const listed = new Set(envNames);
  const after = (env: string): string[] => {
    const before = deployAfter.get(env);
    return before !== undefined && before !== null && before !== env && listed.has(before) ? [before] : [];
  };
  const envDeps = new Map(envNames.map((e) => [e, new Set(after(e))]));
  for (const s of stacks) for (const d of depsOf(s)) if (d.environment !== s.environment) envDeps.get(s.environment)?.add(d.environment);
  const chained = new Set(envNames.flatMap((e) => after(e).flatMap((before) => [e, before])));
  const promotionFirst = (a: string, b: string) => Number(!chained.has(a)) - Number(!chained.has(b)) || byText(a, b);
  return new Map(topological(envNames, (e) => [...(envDeps.get(e) ?? [])], promotionFirst).map((e, i) => [e, i]));
}

/**
 * A cycle among `nodes` (each of its nodes depends on the next, the last on the first, repeated at the
 * end: [a, b, a]; [a, a] for one that depends on itself), or undefined when there is none. Dependencies
 * on nodes not in the list are ignored, as topological does. Without recursion, so no manifest is deep
 * enough to overflow the call stack: the nodes that never become free to go are left, each of them
 * still waiting for one of the others, so following those waits from any of them comes round to a cycle.
 */
function dependencyCycle<T>(nodes: readonly T[], depsOf: (n: T) => readonly T[]): T[] | undefined {
  const pending = new Set(nodes);
  for (let freed = true; freed; ) {
    freed = false;
    for (const n of pending)
      if (depsOf(n).every((d) => !pending.has(d))) {
        pending.delete(n);
        freed = true;
      }
  }
  const path: T[] = [];
  let [n] = pending;
  while (n !== undefined && !path.includes(n)) {
    path.push(n);
    n = depsOf(n).find((d) => pending.has(d));
  }
  return n === undefined ? undefined : [...path.slice(path.indexOf(n)), n];
}

/** Stacks of a cycle a message names: a manifest edited by hand may chain hundreds. */
const SHOWN_IN_CYCLE = 8;

/**
 * Refuses stacks whose dependencies form a cycle, as a broken synth output (cdktf refuses a cycle at
 * synth, so a manifest holding one was edited or damaged): no order puts each stack after the stacks
 * it depends on, which is what the deploy relies on.
 */
function refuseCycle(stacks: readonly OrderedStack[], depsOf: (s: OrderedStack) => readonly OrderedStack[]): void {
  const cycle = dependencyCycle(stacks, depsOf);
  if (cycle === undefined) return;
  const [first] = cycle;
  const file = first?.outdir === undefined ? (first?.file ?? "manifest.json") : manifestPath(first.outdir);
  const names = cycle.map((s) => s.name);
  const shown =
    names.length > SHOWN_IN_CYCLE + 1
      ? `${names.slice(0, SHOWN_IN_CYCLE).join(" -> ")} -> … (${names.length - 1} stacks)`
      : names.join(" -> ");
  const what = names.length === 2 ? `stack "${names[0]}" depends on itself` : `the stacks depend on each other in a cycle: ${shown}`;
  throw new SynthOutputError(
    file,
    (f) => `${f}: ${what}, so no order deploys each stack after the stacks it depends on; synthesize again (golive synth)`,
  );
}

/**
 * Synthesized stacks in deploy order: every stack after the stacks it depends on (the dependencies cdktf
 * deploys by: each stack's own unless `dependencies` is given), environment by environment in promotion
 * order (`deployAfter`, as golive synth recorded it unless given; see environmentRanks), and within one
 * the registry's order (bootstrap, access, secrets, edge, email, monitoring, traffic), which the declared
 * dependencies agree with. Stacks golive did not declare are left out. Stacks whose dependencies form a
 * cycle are refused (a SynthOutputError naming the manifest and the stacks): no order deploys each after
 * the stacks it depends on.
 */
export function inDeployOrder(
  stacks: readonly SynthesizedStack[],
  dependencies: ReadonlyMap<string, readonly string[]> = new Map(stacks.map((s) => [s.name, s.dependencies ?? []])),
  deployAfter: DeployAfter = recordedDeployAfter(stacks),
): OrderedStack[] {
  const rank = new Map(STACK_KINDS.map((k, i) => [k, i]));
  const ordered = stacks.flatMap((s) => {
    const parsed = parseStackName(s.name);
    return parsed ? [{ ...s, ...parsed, dependsOn: [...(dependencies.get(s.name) ?? [])] }] : [];
  });
  const byName = new Map(ordered.map((s) => [s.name, s]));
  const depsOf = (s: OrderedStack) => s.dependsOn.flatMap((d) => byName.get(d) ?? []);
  refuseCycle(ordered, depsOf);
  const envOrder = environmentRanks(ordered, depsOf, deployAfter);
  return topological(
    ordered,
    depsOf,
    (a, b) =>
      (envOrder.get(a.environment) ?? 0) - (envOrder.get(b.environment) ?? 0) ||
      (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) ||
      byText(a.name, b.name),
  );
}
