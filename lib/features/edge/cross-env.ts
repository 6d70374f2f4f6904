import type { AppConfig } from "../../config/schema";
import { type Claim, secondClaims } from "../../core/claims";
import { formatPath } from "../../core/issues";
import { isInZone, zoneOf } from "../../core/names";
import type { CrossEnvIssue, LoadedEnvironment } from "../../platform/feature";
import { groupBy } from "../../core/group-by";
import { ACCESS_LIMIT_RULES, accessCounts, overLimitText } from "./access-limits";

const ZONE_FIELD = ["cloudflare", "zone", "name"] as const;

/**
 * The zone an environment's edge stack owns: by name, and by id when adopted. Each `edge-<env>` owns its
 * whole zone (the zone, its plan, settings, phase rulesets, DNSSEC and records), so two environments on
 * one zone would each create it, then overwrite each other's rulesets and records on every deploy.
 */
function zoneClaims(cfg: AppConfig): Claim[] {
  const zone = cfg.cloudflare.zone;
  return [
    { key: `name:${zone.name}`, path: ZONE_FIELD, value: zone.name },
    ...(zone.id ? [{ key: `id:${zone.id}`, path: ["cloudflare", "zone", "id"], value: zone.id }] : []),
  ];
}

/**
 * Why a zone may not sit inside another environment's, either way round. The provider's zone resource:
 * "If you are attempting to sign up a subdomain of a zone you must first have Subdomain Support
 * entitlement for your account" (cloudflare provider v5.14.0, its docs: resources/zone.md), and the
 * parent zone must delegate it with NS records, which the edge stacks do not declare.
 */
export const NESTED_ZONE_WHY =
  "a zone inside another needs Cloudflare's Subdomain Support entitlement and NS records delegating it in the parent zone, which the edge stacks do not declare; allowed: a registrable domain of its own for each environment (neither zone inside the other)";

/**
 * How zone `mine` sits against `theirs`, the zone of the config `file`: inside it, holding it, or
 * undefined (apart, or the same zone, which the zone claims report). init asks it at the domain's prompt.
 */
export function zoneNesting(mine: string, theirs: string, file: string): string | undefined {
  if (mine === theirs) return undefined;
  if (isInZone(mine, theirs)) return `is inside ${file}'s zone ${theirs}`;
  if (isInZone(theirs, mine)) return `has ${file}'s zone ${theirs} inside it`;
  return undefined;
}

/** A zone inside another environment's zone, either way round, on the later environment's zone. */
function nestedZoneIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  return envs.flatMap((later, j) =>
    envs.slice(0, j).flatMap((earlier) => {
      const mine = zoneOf(later);
      const relation = zoneNesting(mine, zoneOf(earlier), earlier.file);
      if (relation === undefined) return [];
      return [
        { file: later.file, issue: { path: ZONE_FIELD, message: `"${mine}" ${relation} (${formatPath(ZONE_FIELD)}); ${NESTED_ZONE_WHY}` } },
      ];
    }),
  );
}

/**
 * Access applications, service tokens, groups and reusable policies are the account's, not the zone's: environments sharing a
 * `cloudflare.accountId` share its limits (access-limits.ts), so their sum is checked, on the last of
 * them. The limit is the highest any of them declares (an environment that omits a raised limit has not
 * lowered it). Per-object limits (destinations per application, rules per group) are checked in each file alone.
 */
function accountLimitIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  const byAccount = groupBy(envs, (e) => e.cfg.cloudflare.accountId);
  return [...byAccount.entries()].flatMap(([accountId, group]) => {
    const last = group.at(-1);
    if (group.length < 2 || last === undefined) return [];
    const counts = group.map((e) => ({ file: e.file, ...accessCounts(e.cfg) }));
    return ACCESS_LIMIT_RULES.filter((r) => r.perObject === undefined).flatMap((r) => {
      const total = counts.reduce((sum, c) => sum + c[r.limit], 0);
      const max = Math.max(...group.map((e) => e.cfg.edge.access.accountLimits[r.limit]));
      if (total <= max) return [];
      const each = counts.map((c) => `${c[r.limit]} in ${c.file}`).join(", ");
      return [
        {
          file: last.file,
          issue: {
            path: r.path,
            message: `${total} ${r.counted} in Cloudflare account ${accountId} (cloudflare.accountId of ${each}) ${overLimitText(r, max)}`,
          },
        },
      ];
    });
  });
}

/**
 * Two environments owning one zone, or a zone inside another's. A name one environment declares in
 * another's zone is the config engine's (lib/engines/config/zone-overlap.ts): every concern declares names.
 */
export function edgeCrossEnvironmentIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  return [
    ...secondClaims(
      envs,
      zoneClaims,
      (c, first, fc) =>
        `"${c.value}" is also ${first.file}'s zone (${formatPath(fc.path)}); each environment's edge stack owns its whole zone (the zone, its settings, rulesets and records), so both would create it and overwrite each other's; allowed: a zone of its own`,
    ),
    ...nestedZoneIssues(envs),
    ...accountLimitIssues(envs),
  ];
}
