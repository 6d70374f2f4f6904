/**
 * The promotion order as a graph: each environment names at most one it is deployed after
 * (`secrets.github.deployAfter`). A usable order is one chain: one environment first, each next one
 * deployed after the one before. Pure; the config rules (promotion.ts) and the deploy
 * workflow's matrix script (scripts/ci/matrix.ts) word their own refusals from these shapes.
 */

/** Environment -> the environment it is deployed after; null: deployed first. */
export type DeployAfter = ReadonlyMap<string, string | null>;

/** An environment that several others are deployed after: the one-at-a-time deploy cannot tell their order. */
export interface PromotionBranch {
  readonly after: string;
  /** Sorted. */
  readonly followers: readonly string[];
}

/** Every environment two or more others name, sorted by name. */
export function promotionBranches(deployAfter: DeployAfter): PromotionBranch[] {
  const followers = new Map<string, string[]>();
  for (const [env, after] of deployAfter) if (after !== null && after !== env) followers.set(after, [...(followers.get(after) ?? []), env]);
  return [...followers]
    .filter(([, envs]) => envs.length > 1)
    .map(([after, envs]) => ({ after, followers: [...envs].sort() }))
    .sort((a, b) => a.after.localeCompare(b.after));
}

/**
 * Every cycle of deployAfter links (an environment after itself included), each once, as its
 * environments in link order starting from the smallest name: `["production", "staging"]` when each
 * is deployed after the other.
 */
export function promotionCycles(deployAfter: DeployAfter): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  for (const start of [...deployAfter.keys()].sort()) {
    const path: string[] = [];
    let env: string | null | undefined = start;
    // Each walk follows one link per environment, so it ends at a first one, an unknown name, an
    // environment an earlier walk finished, or a repeat on this walk: a cycle.
    while (env !== null && env !== undefined && !done.has(env) && !path.includes(env)) {
      path.push(env);
      env = deployAfter.get(env);
    }
    if (env !== null && env !== undefined && path.includes(env)) {
      const cycle = path.slice(path.indexOf(env));
      const from = cycle.indexOf([...cycle].sort()[0] ?? env);
      cycles.push([...cycle.slice(from), ...cycle.slice(0, from)]);
    }
    for (const seen of path) done.add(seen);
  }
  return cycles;
}

/** The environments deployed first (deployAfter null), sorted. */
export function firstEnvironments(deployAfter: DeployAfter): string[] {
  return [...deployAfter]
    .filter(([, after]) => after === null)
    .map(([env]) => env)
    .sort();
}

/**
 * The chain from `first`: it, the environment deployed after it, the one after that, ... It stops at
 * an environment nothing is deployed after, before a branch (several are) and before a repeat.
 */
export function promotionChain(deployAfter: DeployAfter, first: string): string[] {
  const chain = [first];
  for (;;) {
    const last = chain[chain.length - 1];
    const next = [...deployAfter].filter(([env, after]) => after === last && env !== last).map(([env]) => env);
    const only = next[0];
    if (next.length !== 1 || only === undefined || chain.includes(only)) return chain;
    chain.push(only);
  }
}
