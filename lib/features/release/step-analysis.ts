import type { AlarmScope } from "./alarm-attribution";
import { alarmsResult } from "./alarm-check";
import {
  type AlarmSource,
  type AnalysisSettings,
  type CheckResult,
  judgeProbes,
  notCheckedResult,
  poolHealthResult,
  type ProbeSample,
  type ProbeVerdict,
  skippedResult,
  unreadableResult,
} from "./analysis";
import type { PoolHealth } from "./pool-verdict";

/** What one step's analysis needs, injected so it runs against local stand-ins and fake clocks alike. */
export interface StepAnalysisDeps {
  readonly settings: AnalysisSettings;
  readonly colour: string;
  /** Origin names of the candidate, probed round-robin. */
  readonly origins: readonly string[];
  /**
   * One bounded request to the named origin; never rejects (errors are samples). Absent: the origins
   * are not probed (`--no-origin-probes`), for the reason `probesNotChecked` gives; the step is then
   * judged on pool health (where no data fails) and alarms, after waiting the interval.
   */
  readonly probe?: (origin: string) => Promise<ProbeSample>;
  readonly probesNotChecked?: string;
  /** Cloudflare's health of the candidate pool; rejects when the API cannot be read. */
  poolHealth(): Promise<PoolHealth>;
  /** Absent: alarms are not checked, for the reason in `alarmsNotChecked`. */
  readonly alarms?: AlarmSource;
  readonly alarmsNotChecked: string;
  /** Whose each alarm is: only the candidate's fail it, environment-wide ones hold it (alarm-check.ts). */
  readonly alarmScope: AlarmScope;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface StepAnalysis {
  readonly passed: boolean;
  /** Not passed, and no check failed: a signal that is neither colour's alone holds the walk (no rollback). */
  readonly held: boolean;
  readonly checks: readonly CheckResult[];
  /** The earliest failing observation of the failed (else held) checks (`performance.now()` ms). */
  readonly firstFailureAt?: number;
  readonly durationMs: number;
}

function finish(started: number, now: number, checks: readonly CheckResult[]): StepAnalysis {
  const failed = checks.filter((c) => c.status === "failed");
  const held = failed.length === 0 ? checks.filter((c) => c.status === "held") : [];
  const times = [...failed, ...held].map((c) => c.firstFailureAt).filter((t): t is number => t !== undefined);
  return {
    passed: failed.length === 0 && held.length === 0,
    held: held.length > 0,
    checks,
    ...(times.length > 0 ? { firstFailureAt: Math.min(...times) } : {}),
    durationMs: now - started,
  };
}

/**
 * Watches one step for the interval: `probes` requests spread evenly over it (the last one at its
 * end), stopping at the first sample that decides a failure; then Cloudflare's health of the
 * candidate pool and the alarms (the candidate's own fail it, environment-wide ones hold it). A failed check ends the analysis at once, so the rollback follows the
 * first failed probe by no more than the time of one request.
 */
export async function analyseStep(d: StepAnalysisDeps): Promise<StepAnalysis> {
  const { settings: s } = d;
  const started = d.now();
  let probes: CheckResult;
  if (d.probe) {
    const verdict = await probeStep(d, d.probe, started);
    if (verdict.passed === false) {
      return finish(started, d.now(), [verdict.result, skippedResult("pool-health"), skippedResult("alarms")]);
    }
    probes = verdict.result;
  } else {
    // Nothing to probe: the interval is still waited, so Cloudflare's monitor and the alarms see the step.
    const wait = started + s.intervalMs - d.now();
    if (wait > 0) await d.sleep(wait);
    probes = notCheckedResult("probes", d.probesNotChecked ?? "origins not probed");
  }
  let health: CheckResult;
  try {
    health = poolHealthResult(d.colour, await d.poolHealth(), d.now(), !d.probe);
  } catch (err) {
    health = unreadableResult("pool-health", `Cloudflare health of ${d.colour}`, err, d.now());
  }
  if (health.status === "failed") return finish(started, d.now(), [probes, health, skippedResult("alarms")]);
  let alarms: CheckResult;
  if (!d.alarms) alarms = notCheckedResult("alarms", d.alarmsNotChecked);
  else {
    try {
      alarms = alarmsResult(d.alarms.name, await d.alarms.firing(), d.now(), d.alarmScope);
    } catch (err) {
      alarms = unreadableResult("alarms", d.alarms.name, err, d.now());
    }
  }
  return finish(started, d.now(), [probes, health, alarms]);
}

/** `probes` requests spread evenly over the interval (the last at its end), stopping once the verdict is certain. */
async function probeStep(d: StepAnalysisDeps, probe: (origin: string) => Promise<ProbeSample>, started: number): Promise<ProbeVerdict> {
  const { settings: s } = d;
  const spacing = s.intervalMs / s.probes;
  const samples: ProbeSample[] = [];
  let verdict = judgeProbes(samples, s.probes, s);
  for (let i = 0; i < s.probes && verdict.passed === undefined; i++) {
    const wait = started + (i + 1) * spacing - d.now();
    if (wait > 0) await d.sleep(wait);
    samples.push(await probe(d.origins[i % d.origins.length] ?? ""));
    verdict = judgeProbes(samples, s.probes, s);
  }
  return verdict;
}
