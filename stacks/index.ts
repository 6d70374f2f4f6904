import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { AppConfig } from "../config/schema";
import { EdgeStack } from "./edge-stack";

/** Builders of one environment's stacks, in deploy order. Each returns nothing when its section is absent. */
export const STACK_BUILDERS: readonly ((scope: Construct, cfg: AppConfig) => TerraformStack | undefined)[] = [
  (scope, cfg) => new EdgeStack(scope, cfg),
];

export function buildEnvironmentStacks(scope: Construct, cfg: AppConfig): TerraformStack[] {
  return STACK_BUILDERS.map((build) => build(scope, cfg)).filter((s): s is TerraformStack => s !== undefined);
}
