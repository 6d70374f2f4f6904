import type { AppConfig } from "../../config/schema";
import { isRecord } from "../../core/json";
import { percentile } from "../monitoring/probes";
import { ReleaseError } from "./errors";
import { ReleaseAnalysis, type ReleaseConfig } from "./schema";

/** The bars of `promote --watch`, resolved from `release.analysis` and its defaults. */
export interface AnalysisSettings {
  /** How long each step is watched: `release.analysis.interval` seconds, or `--interval-ms` (tests). */
  readonly intervalMs: number;
  /** Requests sent to the candidate's origins per step. */
  readonly probes: number;
  readonly path: string;
  readonly minSuccessRate: number;
  readonly maxP95Ms: number;
}

/**
 * The bars, from `release.analysis` and its defaults. The probes' path defaults to the path `golive
 * verify` times, `monitoring.latency.path` (a chat-like request), when it is set, else to
 * `release.monitor.path` (the health check), so the p95 bar judges what users wait for.
 */
export function analysisSettings(cfg: AppConfig, release: ReleaseConfig, intervalMs?: number): AnalysisSettings {
  const a = release.analysis ?? ReleaseAnalysis.parse({});
  return {
    intervalMs: intervalMs ?? a.interval * 1000,
    probes: a.probes,
    path: a.path ?? cfg.monitoring?.latency.path ?? release.monitor.path,
    minSuccessRate: a.minSuccessRate,
    maxP95Ms: a.maxP95Ms,
  };
}

/** One request to one origin of the candidate. Times are `performance.now()` milliseconds. */
export interface ProbeSample {
  readonly origin: string;
  readonly startedAt: number;
  readonly elapsedMs: number;
  readonly status?: number;
  /** Connection, TLS or timeout error code, when there was no answer. */
  readonly error?: string;
}

/** 2xx and 3xx count as success (a redirect is the app answering). */
export function probeSucceeded(s: ProbeSample): boolean {
  return s.status !== undefined && s.status >= 200 && s.status < 400;
}

/** The states that page (docs/monitoring.md: every alarm notifies on INSUFFICIENT_DATA as on ALARM). */
export type PagingState = "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmState {
  readonly name: string;
  readonly state: PagingState;
  readonly reason?: string;
}

/** One read of an environment's alarms, in every state. */
export interface AlarmReading {
  /** Alarms that matched the environment's name prefix, whatever their state. */
  readonly matched: number;
  /** Those in ALARM or INSUFFICIENT_DATA: an alarm that cannot evaluate pages too, so it counts as firing. */
  readonly firing: readonly AlarmState[];
}

/**
 * Where alarms come from (CloudWatch in production). Injected, so the analysis does not depend on an
 * SDK; `firing` is bounded by the source's own timeout and rejects when the alarms cannot be read.
 */
export interface AlarmSource {
  /** What is checked, for the report: "CloudWatch alarms opsbot-production-*". */
  readonly name: string;
  firing(): Promise<AlarmReading>;
  /** Why `firing` rejected with this error and what to do, in one sentence. Absent: the error's own text. */
  explain?(err: unknown): string;
  /** Where the alarms come from and how to deploy them, for a read that matched none. */
  readonly missingHint?: string;
}

/**
 * Cloudflare's view of one pool, region by region. As a candidate's check: healthy only when every region
 * that checked it says so, and each of its origins. As a rollback target: downGlobally.
 */
export interface PoolHealth {
  readonly state: "healthy" | "unhealthy" | "unknown";
  /** Regions (or PoPs) that reported. */
  readonly regions: number;
  /** Regions in which Cloudflare reports the pool itself unhealthy (`healthy: false`): fewer than its minimum of origins up there. */
  readonly poolDown: readonly string[];
  readonly unhealthy: readonly { readonly region: string; readonly origin?: string; readonly reason?: string }[];
  /** Per origin, of the regions giving the pool's verdict: how many listed it, how many of those found it up. */
  readonly originVotes: Readonly<Record<string, OriginVotes>>;
}

export interface OriginVotes {
  readonly checked: number;
  readonly healthy: number;
}

/** The API keys each origin by its address: [{"192.0.2.40": {healthy, failure_reason, ...}}]. */
function originEntries(value: unknown): [string, Record<string, unknown>][] {
  const origins = isRecord(value) && Array.isArray(value.origins) ? value.origins : [];
  return origins.flatMap((entry) =>
    Object.entries(isRecord(entry) ? entry : {}).flatMap(([origin, o]) =>
      isRecord(o) ? [[origin, o] as [string, Record<string, unknown>]] : [],
    ),
  );
}

/** Down when it says so; with no verdict at all, a failure reason other than the API's "No failures" counts as down. */
function originDown(o: Record<string, unknown>): boolean {
  return o.healthy === false || (typeof o.healthy !== "boolean" && failed(o.failure_reason));
}

function originsOf(region: string, value: unknown): PoolHealth["unhealthy"] {
  return originEntries(value)
    .filter(([, o]) => originDown(o))
    .map(([origin, o]) => ({
      region,
      origin,
      ...(typeof o.failure_reason === "string" ? { reason: o.failure_reason } : {}),
    }));
}

function votesOf(regions: readonly (readonly [string, unknown])[]): Record<string, OriginVotes> {
  const votes: Record<string, OriginVotes> = {};
  for (const [, v] of regions)
    for (const [origin, o] of originEntries(v)) {
      const was = votes[origin] ?? { checked: 0, healthy: 0 };
      votes[origin] = { checked: was.checked + 1, healthy: was.healthy + (originDown(o) ? 0 : 1) };
    }
  return votes;
}

function failed(reason: unknown): boolean {
  return typeof reason === "string" && reason.trim() !== "" && reason !== "No failures";
}

/**
 * Reads `GET /accounts/{id}/load_balancers/pools/{id}/health`: `pop_health` maps each region to
 * `{healthy, origins}` (the SDK's typings show the inner object alone; both shapes are read). Only a
 * region that gives the pool's own verdict (`healthy`, optional in the SDK's typings) counts as
 * reporting: no such region (a monitor that has not run, or an answer without verdicts) reads as
 * unknown, never as healthy; an origin reported down still makes the pool unhealthy. No health object
 * at all is no answer, not "no data yet": the SDK hands on the `result` of an error envelope
 * (`{"success": false, "result": null}`) as it is, and that read would pass the check. It throws, so
 * the check cannot be read and fails (unreadableResult).
 */
export function readPoolHealth(result: unknown): PoolHealth {
  if (!isRecord(result))
    throw new ReleaseError(
      `the Cloudflare API answered no health object (result ${result === null ? "null" : Array.isArray(result) ? "a list" : typeof result})`,
    );
  const pop = result.pop_health;
  if (!isRecord(pop)) return { state: "unknown", regions: 0, poolDown: [], unhealthy: [], originVotes: {} };
  const listed = typeof pop.healthy === "boolean" ? [["(all)", pop] as const] : Object.entries(pop).filter(([, v]) => isRecord(v));
  const regions = listed.filter(([, v]) => isRecord(v) && typeof v.healthy === "boolean");
  const unhealthy = listed.flatMap(([region, v]) => {
    const origins = originsOf(region, v);
    return isRecord(v) && v.healthy === false && origins.length === 0 ? [{ region }] : origins;
  });
  const poolDown = regions.filter(([, v]) => isRecord(v) && v.healthy === false).map(([region]) => region);
  const state = poolDown.length > 0 || unhealthy.length > 0 ? "unhealthy" : regions.length === 0 ? "unknown" : "healthy";
  return { state, regions: regions.length, poolDown, unhealthy, originVotes: votesOf(regions) };
}

/**
 * The pool's minimum of origins up (`minimum_origins`), as constructs/origin-pool.ts declares it: fewer
 * healthy origins and Cloudflare marks the pool unhealthy.
 */
export const POOL_MINIMUM_ORIGINS = 1;

/** Healthy in a majority of the regions that checked it: a tie (1 of 2) is not a majority. */
export function originUp(v: OriginVotes): boolean {
  return v.healthy * 2 > v.checked;
}

/**
 * Whether Cloudflare's one global verdict on the pool is down, so a rollback would send sessions to a
 * pool it steers away from (a Critical pool gets traffic only as the fallback, when every pool is down).
 * Cloudflare: "If the majority of data centers for that region pass the health monitor requests, that
 * region is considered healthy. If the majority of regions is healthy, then the endpoint itself will be
 * considered healthy", and "By default, Cloudflare Load Balancing makes one global health decision for
 * each pool and its endpoints. Your load balancer steers on that single decision everywhere"
 * (load-balancing/monitors, understand-basics/regional-health; per-region steering needs the pool's
 * `health_sources`, which golive does not set). So: down when fewer than POOL_MINIMUM_ORIGINS origins are
 * healthy in a majority of the regions that listed them; with no origin listed, when the pool itself is
 * not healthy in a majority of the regions. No region reporting is not down (unknown).
 */
export function downGlobally(h: PoolHealth): boolean {
  if (h.regions === 0) return false;
  const votes = Object.values(h.originVotes);
  if (votes.length === 0) return !originUp({ checked: h.regions, healthy: h.regions - h.poolDown.length });
  return votes.filter(originUp).length < POOL_MINIMUM_ORIGINS;
}

export type CheckName = "probes" | "pool-health" | "alarms";

export interface CheckResult {
  readonly check: CheckName;
  /**
   * `skipped`: not run because an earlier check already failed; `not-checked`: no source for it; `held`:
   * a signal that is neither colour's alone (an environment-wide alarm): the walk stops, without a rollback.
   */
  readonly status: "passed" | "failed" | "held" | "skipped" | "not-checked";
  /** One line: what was measured against which bar. */
  readonly detail: string;
  /** The measured values and their bars, for `--json`. */
  readonly measured: Readonly<Record<string, unknown>>;
  /** When the first failing observation was made (failed and held checks): a probe sent, an API answer read. */
  readonly firstFailureAt?: number;
}

export interface ProbeVerdict {
  /** Undefined while more samples could still change the outcome. */
  readonly passed?: boolean;
  readonly result: CheckResult;
}

function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/**
 * Judges the samples so far against the bars, as soon as the outcome is certain: the success rate
 * fails once the failures already make it unreachable, p95 (nearest rank over all planned samples,
 * an unanswered request ranking as infinitely slow) once more samples are over the bar than p95
 * leaves room for. So a broken candidate is rolled back at its first failed probe when the bar is strict.
 */
export function judgeProbes(samples: readonly ProbeSample[], planned: number, s: AnalysisSettings): ProbeVerdict {
  const failed = samples.filter((x) => !probeSucceeded(x));
  const slow = samples.filter((x) => x.status === undefined || x.elapsedMs > s.maxP95Ms);
  const rank = Math.max(1, Math.ceil(0.95 * planned));
  const rateFails = (planned - failed.length) / planned < s.minSuccessRate;
  const p95Fails = slow.length >= planned - rank + 1;
  const complete = samples.length >= planned;
  const latencies = samples.map((x) => (x.status === undefined ? Infinity : x.elapsedMs)).sort((a, b) => a - b);
  const p95 = percentile(latencies, 95);
  const p95Ms = p95 === undefined || !Number.isFinite(p95) ? null : Math.round(p95);
  const successRate = samples.length === 0 ? 0 : (samples.length - failed.length) / samples.length;
  const bad = [...failed, ...slow].sort((a, b) => a.startedAt - b.startedAt)[0];
  const passed = rateFails || p95Fails ? false : complete ? true : undefined;
  const first = failed[0];
  const firstText = first
    ? `; first failure: ${first.origin} ${first.status !== undefined ? `HTTP ${first.status}` : first.error} after ${Math.round(first.elapsedMs)} ms`
    : "";
  const early = passed === false && !complete ? ` (stopped after ${samples.length} of ${planned}: the bar can no longer be met)` : "";
  const rateText = `success ${pct(successRate)} of ${samples.length} ${rateFails ? "<" : ">="} ${pct(s.minSuccessRate)}`;
  const p95Text = `p95 ${p95Ms === null ? "no answer" : `${p95Ms} ms`} ${p95Fails ? ">" : "<="} ${s.maxP95Ms} ms`;
  const result: CheckResult = {
    check: "probes",
    status: passed === false ? "failed" : "passed",
    detail: `${rateText}, ${p95Text}${firstText}${early}`,
    measured: {
      planned,
      sent: samples.length,
      failed: failed.length,
      successRate,
      minSuccessRate: s.minSuccessRate,
      p95Ms,
      maxP95Ms: s.maxP95Ms,
      successRateFailed: rateFails,
      p95Failed: p95Fails,
      ...(first ? { firstFailure: { origin: first.origin, status: first.status ?? null, error: first.error ?? null } } : {}),
    },
    ...(passed === false && bad ? { firstFailureAt: bad.startedAt } : {}),
  };
  return passed === undefined ? { result } : { passed, result };
}

/** `192.0.2.40 in Ashburn, VA (HTTP 503)`: what Cloudflare reports down, at most five. */
export function unhealthyText(h: PoolHealth): string {
  return h.unhealthy
    .slice(0, 5)
    .map((u) => `${u.origin ?? "pool"} in ${u.region}${u.reason ? ` (${u.reason})` : ""}`)
    .join(", ");
}

/**
 * Cloudflare's health of the candidate pool as a check. No data yet (a monitor that has not run) passes,
 * unless `unknownFails`: when nothing else probes the candidate, an unknown is not a pass.
 */
export function poolHealthResult(colour: string, h: PoolHealth, at: number, unknownFails = false): CheckResult {
  const measured = { state: h.state, regions: h.regions, unhealthy: h.unhealthy };
  if (h.state === "unknown" && unknownFails) {
    return {
      check: "pool-health",
      status: "failed",
      detail: `Cloudflare has no health data for ${colour} yet, and no probe of its origins was sent: nothing says it works`,
      measured,
      firstFailureAt: at,
    };
  }
  if (h.state === "unhealthy") {
    return {
      check: "pool-health",
      status: "failed",
      detail: `Cloudflare reports ${colour} unhealthy: ${unhealthyText(h)}`,
      measured,
      firstFailureAt: at,
    };
  }
  const detail =
    h.state === "healthy"
      ? `Cloudflare reports ${colour} healthy in ${h.regions} region(s)`
      : `Cloudflare has no health data for ${colour} yet (monitor not run); not counted as a failure`;
  return { check: "pool-health", status: "passed", detail, measured };
}

/** A check whose source could not be read fails: a release never proceeds on an unknown. */
export function unreadableResult(check: CheckName, what: string, err: unknown, at: number): CheckResult {
  const why = err instanceof Error ? err.message : String(err);
  return { check, status: "failed", detail: `${what} could not be read: ${why}`, measured: { error: why }, firstFailureAt: at };
}

export function skippedResult(check: CheckName): CheckResult {
  return { check, status: "skipped", detail: "not run: an earlier check already failed", measured: {} };
}

export function notCheckedResult(check: CheckName, why: string): CheckResult {
  return { check, status: "not-checked", detail: why, measured: { reason: why } };
}

/**
 * How long the rollback target's health may take: 2 s, or `--timeout-ms` when shorter. The read only
 * guards against rolling back onto a pool Cloudflare holds down (downGlobally); a hanging health endpoint must not hold the
 * rollback of a failing candidate for the full per-request timeout (10 s by default, up to 60 s).
 */
export const TARGET_READ_TIMEOUT_MS = 2000;
