import { type AlarmConcern, type AlarmScope, byConcern } from "./alarm-attribution";
import type { AlarmReading, AlarmState, CheckResult } from "./analysis";
import { otherColour } from "./state";

/** `name (ALARM), name (INSUFFICIENT_DATA)`: at most five, the rest counted. */
function firingText(firing: readonly AlarmState[]): string {
  const shown = firing.slice(0, 5).map((a) => `${a.name} (${a.state})`);
  return firing.length > 5 ? `${shown.join(", ")} and ${firing.length - 5} more` : shown.join(", ");
}

/** Whose they are, in the detail: `2 of the candidate green's own (...)`. */
function whose(concern: AlarmConcern, scope: AlarmScope): string {
  switch (concern) {
    case "candidate":
      return `of the candidate ${scope.candidate}'s own`;
    case "environment":
      return "environment-wide, neither colour's alone";
    case "rollback-target":
      return `of ${otherColour(scope.candidate)}'s, the rollback target's`;
    case "other-host":
      return `of other hosts than ${scope.hostname}`;
  }
}

/** The candidate's own alarms (scope.candidateAlarms) that the read did not find, in the monitoring stack's order. */
export function missingOwnAlarms(reading: AlarmReading, scope: AlarmScope): string[] {
  const read = new Set(reading.names);
  return scope.candidateAlarms.filter((name) => !read.has(name));
}

/**
 * Why the candidate's own alarms were not all read, or undefined when they were: an environment whose
 * other alarms exist (an edge check, a hand-made one) must not pass for a watched candidate. Most likely
 * the monitoring stack was not deployed since release.pools changed (a new origin, a new address).
 */
function missingOwn(reading: AlarmReading, scope: AlarmScope): string | undefined {
  const missing = missingOwnAlarms(reading, scope);
  if (missing.length === 0) return undefined;
  return (
    `${missing.length} of the candidate ${scope.candidate}'s own ${scope.candidateAlarms.length} alarm(s) not found among the ${reading.matched} read ` +
    `(${missing.map((n) => JSON.stringify(n)).join(", ")}), so nothing would report ${scope.candidate} unhealthy: ` +
    "most likely the monitoring stack was not deployed since release.pools changed (deploy it, then run this again)"
  );
}

/**
 * The alarms as a check of the candidate. Only what concerns it counts: its own origins' alarms in
 * ALARM or INSUFFICIENT_DATA fail it (rollback), and so does a read that matched no alarm at all
 * (monitoring not deployed, or another name: silence would pass for health), or one that lacks any of
 * the candidate's own (scope.candidateAlarms; its origins' monitoring not deployed). Environment-wide ones
 * (the load-balanced hostname as a whole, an origin both pools have, a name golive does not write) hold
 * it: they cannot be put on one colour, so the walk stops without a rollback. The rollback target's and other hosts' are
 * reported, never counted: a rollback would not cure them, and one onto a failing target sends
 * everyone to it (the audit's run).
 */
export function alarmsResult(source: string, reading: AlarmReading, at: number, scope: AlarmScope): CheckResult {
  const { matched, firing } = reading;
  const groups = byConcern(firing, scope);
  const concerns = Object.fromEntries(Object.entries(groups).map(([c, list]) => [c, list.map((a) => a.name)]));
  const measured = { source, matched, firing, concerns };
  if (matched === 0)
    return {
      check: "alarms",
      status: "failed",
      detail: `${source}: no alarm matches, so nothing would report the environment unhealthy`,
      measured,
      firstFailureAt: at,
    };
  const missing = missingOwn(reading, scope);
  if (missing !== undefined) return { check: "alarms", status: "failed", detail: `${source}: ${missing}`, measured, firstFailureAt: at };
  if (firing.length === 0) return { check: "alarms", status: "passed", detail: `${source}: all ${matched} OK`, measured };
  const parts = (of: readonly AlarmConcern[]) =>
    of.filter((c) => groups[c].length > 0).map((c) => `${groups[c].length} ${whose(c, scope)} (${firingText(groups[c])})`);
  const ignored = parts(["rollback-target", "other-host"]);
  const tail = ignored.length > 0 ? `; not counted against ${scope.candidate}: ${ignored.join("; ")}` : "";
  const counted = parts(["candidate", "environment"]);
  if (counted.length === 0)
    return {
      check: "alarms",
      status: "passed",
      detail: `${source}: none of ${scope.candidate}'s own or environment-wide in ALARM or INSUFFICIENT_DATA (${matched} read)${tail}`,
      measured,
    };
  return {
    check: "alarms",
    status: groups.candidate.length > 0 ? "failed" : "held",
    detail: `${source}: ${firing.length} of ${matched} in ALARM or INSUFFICIENT_DATA: ${counted.join("; ")}${tail}`,
    measured,
    firstFailureAt: at,
  };
}
