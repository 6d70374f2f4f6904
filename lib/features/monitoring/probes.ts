import type { CheckResult } from "../../core/verify/types";
import { fail, pass } from "../../core/verify/result";
import { type LatencySummary, P95_BAR_MS } from "../../platform/probes";

export type { LatencySummary } from "../../platform/probes";

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function finite(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : Math.round(v);
}

/** Failed requests are recorded as `undefined` and rank as infinitely slow. */
export function summarizeLatency(samples: readonly (number | undefined)[]): LatencySummary {
  const sorted = samples.map((s) => s ?? Infinity).sort((a, b) => a - b);
  return {
    samples: samples.length,
    errors: samples.filter((s) => s === undefined).length,
    p50Ms: finite(percentile(sorted, 50)),
    p95Ms: finite(percentile(sorted, 95)),
    maxMs: finite(percentile(sorted, 100)),
  };
}

function ms(v: number | null): string {
  return v === null ? "no answer" : `${v} ms`;
}

export function evaluateLatency(target: string, s: LatencySummary, barMs = P95_BAR_MS): CheckResult {
  const text = `p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}, max ${ms(s.maxMs)} over ${s.samples} requests (${s.errors} failed)`;
  if (s.samples === 0) return fail("latency.p95", target, "no samples taken");
  return s.p95Ms !== null && s.p95Ms <= barMs
    ? pass("latency.p95", target, `${text}; bar ${barMs} ms`)
    : fail("latency.p95", target, `${text}; p95 must be <= ${barMs} ms`);
}
