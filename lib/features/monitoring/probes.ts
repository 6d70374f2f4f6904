import type { CheckResult } from "../../core/verify/types";
import { fail, pass } from "../../core/verify/result";
import { type LatencySummary, P95_BAR_MS } from "../../platform/probes";
import { answeredText, NO_REFUSALS, type Refusals, refusalFix } from "./latency-failures";

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

/**
 * The failed requests: "no answer" only for those that got none (a timeout, a reset), the others by
 * the status they were answered with (refused: one per failed sample that got an answer).
 */
function failedText(s: LatencySummary, refused: Refusals): { readonly label: string; readonly detail: string } {
  const noAnswer = s.errors - refused.statuses.length;
  if (refused.statuses.length === 0) return { label: "no answer", detail: `${s.errors} failed` };
  const parts = [answeredText(refused.statuses), ...(noAnswer > 0 ? [`${noAnswer} no answer`] : [])].join(", ");
  return { label: noAnswer > 0 ? "failed" : "not 2xx", detail: `${s.errors} failed: ${parts}` };
}

/** `refused`: the failed samples that were answered with a status other than 2xx (@default none). */
export function evaluateLatency(target: string, s: LatencySummary, barMs = P95_BAR_MS, refused: Refusals = NO_REFUSALS): CheckResult {
  if (s.samples === 0) return fail("latency.p95", target, "no samples taken");
  const fix = refusalFix(refused);
  // Not one 2xx, but answers: no time to report, only what the app answered instead.
  if (s.errors === s.samples && refused.statuses.length === s.samples)
    return fail("latency.p95", target, `no 2xx answer over ${s.samples} requests: ${answeredText(refused.statuses)}; ${fix}`);
  const failed = failedText(s, refused);
  const ms = (v: number | null): string => (v === null ? failed.label : `${v} ms`);
  const text = `p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}, max ${ms(s.maxMs)} over ${s.samples} requests (${failed.detail})`;
  if (s.p95Ms !== null && s.p95Ms <= barMs) return pass("latency.p95", target, `${text}; bar ${barMs} ms`);
  return fail("latency.p95", target, `${text}; p95 must be <= ${barMs} ms${fix === undefined ? "" : `; ${fix}`}`);
}
