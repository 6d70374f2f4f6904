import type { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../lib/config/schema";
import { FEATURES } from "../lib/features";

/**
 * Composition only: one environment's stacks, one per concern that declares a stack, in the registry's
 * deploy order. A concern whose config section is absent builds nothing.
 */
export function buildEnvironmentStacks(scope: Construct, cfg: AppConfig): TerraformStack[] {
  return FEATURES.flatMap((f) => {
    const stack = f.stack?.build(scope, cfg);
    return stack ? [stack] : [];
  });
}
