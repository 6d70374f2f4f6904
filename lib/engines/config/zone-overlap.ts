import { formatPath } from "../../core/issues";
import { isInZone, zoneOf } from "../../core/names";
import { FEATURES } from "../../features";
import type { CrossEnvIssue, LoadedEnvironment, ZoneName } from "../../platform/feature";

const ZONE_FIELD = ["cloudflare", "zone", "name"] as const;

/** Every name an environment's stacks declare in its zone, as each concern's builders give them (`Feature.zoneNames`). */
export function zoneNames(cfg: LoadedEnvironment["cfg"]): ZoneName[] {
  return FEATURES.flatMap((f) => f.zoneNames?.(cfg) ?? []);
}

/**
 * The environment whose zone answers for `name`: the deepest zone holding it, as a delegated zone answers
 * for every name below its apex (RFC 1034 4.2.1, zone cuts). Of two environments on one zone, the first.
 */
function answeringEnvironment(name: string, envs: readonly LoadedEnvironment[]): LoadedEnvironment | undefined {
  let deepest: LoadedEnvironment | undefined;
  for (const env of envs)
    if (isInZone(name, zoneOf(env)) && (deepest === undefined || zoneOf(env).length > zoneOf(deepest).length)) deepest = env;
  return deepest;
}

/**
 * A name an environment declares in another environment's zone (zoneNames: hostnames, DNS records,
 * Access destinations, redirect sources, the load balancer, email names), one issue per field, naming
 * the other environment's field when it declares the name too. Two environments declaring one name is
 * always such a case (each name is in its own environment's zone, so one zone holds the other);
 * environments on one zone are left to the edge's zone claims (lib/features/edge/cross-env.ts).
 */
export function foreignNameIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  const namesOf = new Map(envs.map((env) => [env, zoneNames(env.cfg)]));
  return envs.flatMap((env) => {
    const reported = new Set<string>();
    return (namesOf.get(env) ?? []).flatMap((n) => {
      const owner = answeringEnvironment(n.name, envs);
      const field = formatPath(n.path);
      if (owner === undefined || zoneOf(owner) === zoneOf(env) || reported.has(field)) return [];
      reported.add(field);
      const ownerZone = zoneOf(owner);
      const twin = (namesOf.get(owner) ?? []).find((m) => m.name === n.name);
      const message = twin
        ? `"${n.name}" is also ${owner.file}'s ${formatPath(twin.path)}, in its zone ${ownerZone}: both environments would declare it (here as ${n.becomes}, in ${zoneOf(env)}), and only ${ownerZone} answers for it; allowed: the name in one environment only, in its own zone`
        : `"${n.name}" is in ${owner.file}'s zone ${ownerZone} (${formatPath(ZONE_FIELD)}), which answers for every name below it once delegated (RFC 1034 4.2.1), so ${n.becomes} declared here would never be reached; allowed: names of ${zoneOf(env)} outside ${ownerZone}`;
      return [{ file: env.file, issue: { path: n.path, message } }];
    });
  });
}
