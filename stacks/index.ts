import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { AppConfig } from "../lib/config/schema";
import { buildAccessStack } from "../lib/features/ci-access/stack";
import { buildBootstrapStack } from "../lib/features/state/stack";
import { EdgeStack } from "../lib/features/edge/stack";
import { buildSecretsStack } from "../lib/features/secrets/stack";
import { EmailStack } from "../lib/features/email/stack";
import { buildMonitoringStack } from "../lib/features/monitoring/stack";
import { TrafficStack } from "../lib/features/release/stack";

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
