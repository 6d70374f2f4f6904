import { promotionIssues } from "../../config/promotion";
import { FEATURES } from "../../features";
import type { CrossEnvIssue, Feature, LoadedEnvironment } from "../../platform/feature";
import { foreignNameIssues } from "./zone-overlap";

export type { CrossEnvIssue, LoadedEnvironment } from "../../platform/feature";

/**
 * The concerns whose stack owns the zone (`zoneExport.ownsZone`: the edge). Their conflicts come first:
 * every name is judged against the zones, so a conflict over a zone is the one to fix first.
 */
const ZONE_OWNERS = FEATURES.filter((f) => f.zoneExport?.ownsZone);

/**
 * Conflicts no single file shows: the zone owner's (`Feature.crossEnvironment`: two environments on one
 * zone, a zone inside another's), a name one environment declares in another's zone (zone-overlap.ts),
 * every other concern's in registry order (the state bucket, the GitHub OIDC provider and admin
 * environments), then the promotion order (`secrets.github.deployAfter`,
 * lib/config/promotion.ts) naming an environment without a config file among `configured` (@default the
 * environments given), or making a cycle or a branch. Every issue is on the later environment's field
 * (environments in the order given) and names the earlier file and field; a name in another
 * environment's zone is on the field that declares it.
 */
export function crossEnvironmentIssues(
  envs: readonly LoadedEnvironment[],
  configured: readonly string[] = envs.map((e) => e.cfg.environment),
): CrossEnvIssue[] {
  const ofConcerns = (features: readonly Feature[]) => features.flatMap((f) => f.crossEnvironment?.(envs, configured) ?? []);
  return [
    ...ofConcerns(ZONE_OWNERS),
    ...foreignNameIssues(envs),
    ...ofConcerns(FEATURES.filter((f) => !ZONE_OWNERS.includes(f))),
    ...promotionIssues(envs, configured),
  ];
}
