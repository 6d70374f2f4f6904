/**
 * The one registry: every concern, in deploy order. Adding a concern is one folder under lib/features
 * and one line here; stacks, config validation, readiness rules and plan risks all follow from it.
 */
import type { Feature, FeatureStack } from "../platform/feature";
import { ciAccessFeature } from "./ci-access";
import { edgeFeature } from "./edge";
import { emailFeature } from "./email";
import { monitoringFeature } from "./monitoring";
import { readinessFeature } from "./readiness";
import { releaseFeature } from "./release";
import { secretsFeature } from "./secrets";
import { stateFeature } from "./state";

export const FEATURES: readonly Feature[] = [
  // State bucket first (its state stays local), then CI credentials and secrets, then the edge.
  stateFeature,
  ciAccessFeature,
  secretsFeature,
  edgeFeature,
  emailFeature,
  // Monitoring before traffic: alerts are live before the load balancer sends users to release.hostname
  // (GL-MON-003 checks manifest.json says so). Edge's own records serve users once the zone is active,
  // before monitoring exists: runbooks/deploy.md keeps their origins closed to users until it is applied.
  monitoringFeature,
  releaseFeature,
  readinessFeature,
];

/** The config fields each concern escapes into Terraform JSON, the only ones that may hold `${` (lib/config/input-guard.ts). */
export const TEMPLATE_SAFE_FIELDS: readonly NonNullable<Feature["templateSafe"]>[] = FEATURES.flatMap((f) =>
  f.templateSafe ? [f.templateSafe] : [],
);

/** Every stack a concern declares, in deploy order: who applies it, what its state holds, how to build it. */
export const FEATURE_STACKS: readonly FeatureStack[] = FEATURES.flatMap((f) => (f.stack ? [f.stack] : []));

/** Stack kinds in deploy order; stacks are named `<kind>-<env>`. */
export const STACK_KINDS: readonly string[] = FEATURE_STACKS.map((s) => s.kind);
