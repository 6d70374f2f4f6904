import type { CheckResult } from "../../features/release/analysis";
import type { AppliedWeights } from "../../features/release/break-glass";
import type { ReleaseConfigFile } from "./config-file";
import { deployCommand, outputFor, type ReleaseContext, type ReleaseResult } from "./report";

/**
 * How a watch ended. `refused`: stopped before any weight moved (a failed pre-flight probe, alarms that
 * could not be read or were already firing, a pool that could not be enabled, a failed look-up); `stopped`: after some step, sending nothing
 * more (also when the walk is held: an environment-wide alarm, or a failed candidate whose rollback target is failing too; the last
 * line then says which, outcomeText).
 */
export type Outcome = "completed" | "rolled-back" | "nothing-to-promote" | "refused" | "stopped" | "rollback-failed";

/** Why a stop without a rollback holds the walk at its step (JSON `hold.reason`). */
export type HoldReason = "environment-alarms" | "rollback-target-unhealthy";

/**
 * The outcome as the last line names it: a stop that holds the walk says why, so whoever reads only
 * that line (release.yml's commit message) tells a hold from both colours failing, and both from a
 * stop for another cause.
 */
export function outcomeText(outcome: Outcome, hold?: HoldReason): string {
  if (outcome !== "stopped" || hold === undefined) return outcome;
  return hold === "environment-alarms" ? "held (environment-wide alarms)" : "stopped, NOT rolled back (both colours failing)";
}

/**
 * What the config as this run leaves it deploys, against what the load balancer serves, as far as the
 * run knows: `serves-config` (set by this run, or read back), `differs` (read back, or changed
 * elsewhere, or a write that failed), `unknown` (a read failed), `untouched` (no weight moved). The last
 * line says it, so whoever commits the config (release.yml) claims no more than the run knows.
 */
export type LoadBalancerClaim = "serves-config" | "differs" | "unknown" | "untouched";

function claimText(claim: LoadBalancerClaim, label: string, env: string): string {
  switch (claim) {
    case "serves-config":
      return `the load balancer serves what ${label} deploys (as this run set it or read it back): merge it before any other deploy of ${env}, which would otherwise undo it`;
    case "differs":
      return `${label} does NOT deploy what the load balancer serves (see above): do not merge it as it is`;
    case "unknown":
      return `whether ${label} deploys what the load balancer serves is UNKNOWN: compare golive release status ${env} with the dashboard before merging it`;
    case "untouched":
      return "no weight moved: this watch changed no steering";
  }
}

export interface StepLog {
  readonly percent: number;
  readonly transition: Record<string, unknown>;
  readonly api: { readonly ms: number; readonly readBack?: string } & AppliedWeights;
  analysis?: { readonly passed: boolean; readonly durationMs: number; readonly checks: readonly CheckResult[] };
}

export const round = (ms: number): number => Math.round(ms);

export function checkLines(checks: readonly CheckResult[]): string[] {
  const shown = (s: CheckResult["status"]) => (s === "failed" || s === "held" ? s.toUpperCase() : s);
  return checks.map((c) => `    ${c.check.padEnd(12)} ${shown(c.status).padEnd(12)} ${c.detail}`);
}

/**
 * Where the watch's text lines go as the run goes: it lasts minutes (steps x interval), so whoever runs
 * it, a person or release.yml's log, sees each step when it happens. lib/cli prints them; no stream is
 * handed down here.
 */
export type WatchProgress = (lines: readonly string[]) => void;

/** Hands text lines to `progress` as the run goes; collects the run log `--json` prints once at the end. */
export class RunLog {
  readonly steps: StepLog[] = [];
  private readonly json: Record<string, unknown> = {};
  private holdReason: HoldReason | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly ctx: ReleaseContext,
    private readonly progress: WatchProgress,
  ) {}

  line(...lines: string[]): void {
    if (!this.ctx.json) this.progress(lines);
  }

  set(key: string, value: unknown): void {
    this.json[key] = value;
  }

  /** The walk held at a step without a rollback: JSON `hold`, and the reason the last line names. */
  hold(entry: { readonly percent: number; readonly reason: HoldReason } & Readonly<Record<string, unknown>>): void {
    this.holdReason = entry.reason;
    this.json.hold = entry;
  }

  /** Ends the run: `error`, then the last line (`result: <outcomeText>; <claim>`) or the JSON log; ok only when completed or nothing to do. */
  end(outcome: Outcome, source: ReleaseConfigFile, claim: LoadBalancerClaim, error?: string): ReleaseResult {
    const ok = outcome === "completed" || outcome === "nothing-to-promote";
    const output = outputFor(
      this.ctx,
      () => ({
        ok,
        environment: this.ctx.env,
        file: source.label,
        action: "promote",
        watch: true,
        outcome,
        loadBalancer: claim,
        ...this.json,
        steps: this.steps,
        ...(error === undefined ? {} : { error }),
        deploy: deployCommand(this.ctx.env),
        durationMs: round(performance.now() - this.started),
      }),
      () => [`result: ${outcomeText(outcome, this.holdReason)}; ${claimText(claim, source.label, this.ctx.env)}`],
    );
    return { ok, output, ...(error === undefined ? {} : { error }) };
  }
}
