import type { AppConfig } from "../../config/schema";
import { percentile } from "../monitoring/probes";
import type { PoolHealth } from "./pool-verdict";
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
  /** Their names, whatever their state: the candidate's own must be among them (alarmsResult). */
  readonly names: readonly string[];
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
