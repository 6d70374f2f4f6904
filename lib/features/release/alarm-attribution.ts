import type { AppConfig } from "../../config/schema";
import { keptOfCutName } from "../monitoring/alarms";
import { alarmNamePrefix } from "./alarm-query";
import type { AlarmState } from "./analysis";
import type { Colour, ReleaseConfig } from "./schema";

/**
 * Whose signal an alarm of the environment is, as the watch judges a candidate:
 * - `candidate`: one of the candidate's pool origins is down: fails the candidate (rollback);
 * - `rollback-target`: one of the other colour's pool origins: never fails the candidate (it is what a
 *   rollback would send everyone to; the watch reads that pool's health before it rolls back);
 * - `other-host`: a hostname other than `release.hostname` (its edge, its origin, its latency): unrelated;
 * - `environment`: the load-balanced hostname as a whole (its edge check, its latency), or a name golive
 *   does not write: both colours serve it, so it cannot be put on either, and it holds the walk.
 */
export type AlarmConcern = "candidate" | "rollback-target" | "other-host" | "environment";

/** What attributing an alarm needs: the environment's name prefix (with its space), the load-balanced hostname, the candidate. */
export interface AlarmScope {
  readonly prefix: string;
  readonly hostname: string;
  readonly candidate: Colour;
}

export function alarmScope(cfg: AppConfig, release: ReleaseConfig): AlarmScope {
  return { prefix: alarmNamePrefix(cfg), hostname: release.hostname, candidate: release.candidate };
}

// The names the monitoring stack writes (lib/features/monitoring/alarms.ts), after `<app>-<env> `:
// `<edge|origin> down: <host>[ (<colour> pool origin <name>[, <ip>])]` or `[ (<ip>)]`, and
// `average latency over <n> ms: <host> (<edge|origin>)`. A host holds no space or parenthesis.
const POOL_ORIGIN_DOWN = /^origin down: \S+ \((blue|green) pool origin [^,()]+(?:, [^()]+)?\)/;
const HOST_DOWN = /^(?:edge|origin) down: (\S+)/;
const LATENCY = /^average latency over \d+ ms: (\S+) \((?:edge|origin)\)$/;

// What a name cut to CloudWatch's 255 characters (keptOfCutName) still holds whole: the colour of a pool
// origin's alarm, once its host and `(<colour> pool origin ` survived the cut.
const CUT_POOL_ORIGIN_DOWN = /^origin down: \S+ \((blue|green) pool origin /;

/**
 * Whose signal `name` is (AlarmConcern). A pool origin's alarm names its colour; one of another
 * hostname names that host; anything else of this environment (the load-balanced hostname's edge or
 * latency, an origin alarm of it without a colour, a hand-made alarm) is environment-wide: attributing
 * it to a colour would be a guess. A name the monitoring stack cut at 255 characters (its hash at the
 * end) is read only as far as it is whole: the colour of a pool origin's alarm when that survived the
 * cut, else environment-wide, never another host's (its last word, cut, names no host: the audit read a
 * candidate origin's own alarm, cut inside the origin's name, as another host's, and the release completed).
 */
export function alarmConcern(name: string, scope: AlarmScope): AlarmConcern {
  if (!name.startsWith(scope.prefix)) return "environment";
  const kept = keptOfCutName(name);
  const rest = (kept ?? name).slice(scope.prefix.length);
  const colour = (kept === undefined ? POOL_ORIGIN_DOWN : CUT_POOL_ORIGIN_DOWN).exec(rest)?.[1];
  if (kept !== undefined && colour === undefined) return "environment";
  if (colour !== undefined) return colour === scope.candidate ? "candidate" : "rollback-target";
  const host = HOST_DOWN.exec(rest)?.[1] ?? LATENCY.exec(rest)?.[1];
  return host !== undefined && host !== scope.hostname ? "other-host" : "environment";
}

/** Firing alarms by concern, each list in the order read. */
export type AlarmsByConcern = Readonly<Record<AlarmConcern, readonly AlarmState[]>>;

export function byConcern(firing: readonly AlarmState[], scope: AlarmScope): AlarmsByConcern {
  const of = (concern: AlarmConcern) => firing.filter((a) => alarmConcern(a.name, scope) === concern);
  return {
    candidate: of("candidate"),
    "rollback-target": of("rollback-target"),
    "other-host": of("other-host"),
    environment: of("environment"),
  };
}
