import type { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../lib/config/schema";
import { FEATURE_STACKS, FEATURES } from "../lib/features";
import { environmentNeeds } from "./dependencies";

/** One environment's stacks by kind, in the registry's deploy order, each depending on what it needs first. */
function buildEnvironment(scope: Construct, cfg: AppConfig): Map<string, TerraformStack> {
  const byKind = new Map<string, TerraformStack>();
  for (const f of FEATURES) {
    const stack = f.stack?.build(scope, cfg, FEATURE_STACKS);
    if (f.stack && stack) byKind.set(f.stack.kind, stack);
  }
  for (const [kind, needs] of environmentNeeds(cfg, [...byKind.keys()])) {
    for (const need of needs) {
      const [stack, first] = [byKind.get(kind), byKind.get(need)];
      if (stack && first) stack.addDependency(first);
    }
  }
  return byKind;
}

/**
 * Composition only: one environment's stacks, one per concern that declares a stack, in the registry's
 * deploy order. A concern whose config section is absent builds nothing. Each stack declares the stacks
 * it needs first (stacks/dependencies.ts): cdktf writes them to manifest.json and deploys in that order.
 */
export function buildEnvironmentStacks(scope: Construct, cfg: AppConfig): TerraformStack[] {
  return [...buildEnvironment(scope, cfg).values()];
}

/**
 * Every environment's stacks in one app, plus the links between environments, as the stacks declare
 * them (`sharedCreator`): where another environment's stack of a kind creates what this environment
 * uses (the state bucket its bootstrap stack creates, the account's GitHub OIDC provider its access
 * stack creates), this environment's stack of that kind deploys after it, or every one of its stacks
 * when that stack creates the state backend they all keep their state in.
 */
export function buildAppStacks(scope: Construct, configs: Iterable<AppConfig>): TerraformStack[] {
  const envs = [...configs];
  const built = new Map(envs.map((cfg) => [cfg.environment, buildEnvironment(scope, cfg)]));
  for (const cfg of envs) {
    const own = built.get(cfg.environment) ?? new Map<string, TerraformStack>();
    for (const shared of FEATURE_STACKS) {
      const creator = shared.sharedCreator?.(cfg, envs);
      const first = creator && built.get(creator.environment)?.get(shared.kind);
      if (!first) continue;
      for (const [kind, stack] of own) if (shared.createsStateBackend || kind === shared.kind) stack.addDependency(first);
    }
  }
  return [...built.values()].flatMap((byKind) => [...byKind.values()]);
}
