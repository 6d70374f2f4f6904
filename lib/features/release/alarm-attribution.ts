import type { AppConfig } from "../../config/schema";
import { alarmNamePrefix } from "./alarm-query";
import { type AlarmSubject, alarmSubject, knownAlarmSubjects } from "./alarm-subject";
import type { AlarmState } from "./analysis";
import type { Colour, ReleaseConfig } from "./schema";
import { otherColour } from "./state";

/**
 * Whose signal an alarm of the environment is, as the watch judges a candidate:
 * - `candidate`: a check of one of the candidate pool's origins (by its address), in no way the live
 *   pool's: fails the candidate (rollback);
 * - `rollback-target`: a check of one of the other colour's pool origins only: never fails the candidate
 *   (it is what a rollback would send everyone to; the watch reads that pool's health before it rolls back);
 * - `other-host`: a hostname other than `release.hostname` (its edge, its origin, its latency), at an
 *   address no pool has: unrelated;
 * - `environment`: the load-balanced hostname as a whole (its edge check, its latency), an origin both
 *   pools have, or a name golive does not write or that was cut before it said whose: it cannot be put
 *   on one colour, and it holds the walk.
 */
export type AlarmConcern = "candidate" | "rollback-target" | "other-host" | "environment";

type PoolOrigins = Readonly<Record<Colour, readonly { readonly name: string; readonly address: string }[]>>;

/** What attributing an alarm needs: the environment's name prefix (with its space), the load-balanced hostname, the candidate, the pools. */
export interface AlarmScope {
  readonly prefix: string;
  readonly hostname: string;
  readonly candidate: Colour;
  /** Each colour's pool origins (release.pools): an origin alarm is whose its address is. */
  readonly pools: PoolOrigins;
  /** The names the monitoring stack writes for this config, with what each watches (knownAlarmSubjects). */
  readonly known: ReadonlyMap<string, AlarmSubject>;
  /**
   * The candidate's own alarms among `known` (its origins' checks, `monitoring.checkOrigins`): each must
   * be read, or nothing would report the candidate unhealthy (alarmsResult).
   */
  readonly candidateAlarms: readonly string[];
}

export function alarmScope(cfg: AppConfig, release: ReleaseConfig): AlarmScope {
  const origins = (c: Colour) => release.pools[c].origins.map((o) => ({ name: o.name, address: o.address }));
  const scope = {
    prefix: alarmNamePrefix(cfg),
    hostname: release.hostname,
    candidate: release.candidate,
    pools: { blue: origins("blue"), green: origins("green") },
    known: knownAlarmSubjects(cfg),
  };
  // From the names the monitoring stack writes (knownAlarmSubjects), never spelled here: a respelling
  // would miss the very alarm it stands for.
  const candidateAlarms = [...scope.known.keys()].filter((name) => alarmConcern(name, { ...scope, candidateAlarms: [] }) === "candidate");
  return { ...scope, candidateAlarms };
}

/** Whose the origins at `addresses` are: one concern for all, else environment-wide; undefined when no pool has any. */
function addressConcern(addresses: readonly string[], scope: AlarmScope): AlarmConcern | undefined {
  const live = otherColour(scope.candidate);
  const has = (c: Colour, a: string) => scope.pools[c].some((o) => o.address.toLowerCase() === a.toLowerCase());
  const each = addresses.map((a): AlarmConcern | undefined => {
    const [candidate, target] = [has(scope.candidate, a), has(live, a)];
    if (candidate && target) return "environment";
    return candidate ? "candidate" : target ? "rollback-target" : undefined;
  });
  const [first] = each;
  if (first === undefined || each.some((c) => c === undefined)) return undefined;
  return each.every((c) => c === first) ? first : "environment";
}

/** A pool origin's alarm whose address no pool has now: by the origin it names (cut: of its colour, by the name's beginning), else its colour. */
function poolOriginConcern(pool: NonNullable<AlarmSubject["pool"]>, scope: AlarmScope): AlarmConcern {
  const named = (pool.whole ? [...scope.pools.blue, ...scope.pools.green] : scope.pools[pool.colour]).filter((o) =>
    pool.whole ? o.name === pool.origin : o.name.startsWith(pool.origin),
  );
  const byName =
    named.length > 0
      ? addressConcern(
          named.map((o) => o.address),
          scope,
        )
      : undefined;
  return byName ?? (pool.colour === scope.candidate ? "candidate" : "rollback-target");
}

/**
 * Whose signal `name` is (AlarmConcern), from what its check watches (alarm-subject.ts): an origin
 * check by its address against the pools' origins, the candidate's alone failing it, one both pools
 * have environment-wide; a check of another hostname at no pool's address, that host's; anything else
 * of this environment (the load-balanced hostname's edge or latency, an origin alarm of it at no pool's
 * address, a hand-made alarm) environment-wide: attributing it to a colour would be a guess. An origin
 * that is also another hostname's origin has its one check under that hostname's name (the monitoring
 * stack checks an origin hostname once): still the pool's, by its address (the audit's case 2 read
 * canary.example.com's check of green's origin as another host's, and the release completed). A name
 * the monitoring stack cut at 255 characters is known to the letter when this config writes it, else
 * read only as far as it is whole: never another host's.
 */
export function alarmConcern(name: string, scope: AlarmScope): AlarmConcern {
  if (!name.startsWith(scope.prefix)) return "environment";
  const subject = alarmSubject(name, scope.prefix, scope.known);
  const byAddress = subject.address === undefined ? undefined : addressConcern([subject.address], scope);
  if (byAddress !== undefined) return byAddress;
  if (subject.pool) return poolOriginConcern(subject.pool, scope);
  return subject.hostname !== undefined && subject.hostname !== scope.hostname ? "other-host" : "environment";
}

/** Firing alarms by concern, each list in the order read. */
export type AlarmsByConcern = Readonly<Record<AlarmConcern, readonly AlarmState[]>>;

export function byConcern(firing: readonly AlarmState[], scope: AlarmScope): AlarmsByConcern {
  const groups: Record<AlarmConcern, AlarmState[]> = { candidate: [], "rollback-target": [], "other-host": [], environment: [] };
  for (const a of firing) groups[alarmConcern(a.name, scope)].push(a);
  return groups;
}
