import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { AppConfig } from "../config/schema";
import { buildAccessStack } from "./access-stack";
import { buildBootstrapStack } from "./bootstrap-stack";
import { EdgeStack } from "./edge-stack";
import { buildSecretsStack } from "./secrets-stack";
import { EmailStack } from "./email-stack";
import { buildMonitoringStack } from "./monitoring-stack";
import { TrafficStack } from "./traffic-stack";

/** Builders of one environment's stacks, in deploy order. Each returns nothing when its section is absent. */
export const STACK_BUILDERS: readonly ((scope: Construct, cfg: AppConfig) => TerraformStack | undefined)[] = [
  // State bucket first (its state stays local), then CI credentials and secrets, then the edge.
  buildBootstrapStack,
  buildAccessStack,
  buildSecretsStack,
  (scope, cfg) => new EdgeStack(scope, cfg),
  (scope, cfg) => (cfg.email ? new EmailStack(scope, cfg, cfg.email) : undefined),
  // Monitoring before traffic: alerts are live before users arrive.
  buildMonitoringStack,
  (scope, cfg) => (cfg.release ? new TrafficStack(scope, cfg, cfg.release) : undefined),
];

export function buildEnvironmentStacks(scope: Construct, cfg: AppConfig): TerraformStack[] {
  return STACK_BUILDERS.map((build) => build(scope, cfg)).filter((s): s is TerraformStack => s !== undefined);
}
