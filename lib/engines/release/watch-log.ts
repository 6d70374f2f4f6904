import type { CheckResult } from "../../features/release/analysis";
import type { AppliedWeights } from "../../features/release/break-glass";
import { EXIT, type ExitCode } from "../../core/io";
import type { ReleaseConfigFile } from "./config-file";
import { deployCommand, type ReleaseContext, writeJson, writeLines } from "./report";

/**
 * How a watch ended. `refused`: stopped before any weight moved (a failed pre-flight probe, alarms that
 * could not be read or were already firing, a pool that could not be enabled, a failed look-up); `stopped`: after some step, which the load balancer keeps.
 */
export type Outcome = "completed" | "rolled-back" | "nothing-to-promote" | "refused" | "stopped" | "rollback-failed";

export interface StepLog {
  readonly percent: number;
  readonly transition: Record<string, unknown>;
  readonly api: { readonly ms: number } & AppliedWeights;
  analysis?: { readonly passed: boolean; readonly durationMs: number; readonly checks: readonly CheckResult[] };
}

export const round = (ms: number): number => Math.round(ms);

export function checkLines(checks: readonly CheckResult[]): string[] {
  return checks.map((c) => `    ${c.check.padEnd(12)} ${(c.status === "failed" ? "FAILED" : c.status).padEnd(12)} ${c.detail}`);
}

/** Streams text lines as the run goes; collects the run log `--json` prints once at the end. */
export class RunLog {
  readonly steps: StepLog[] = [];
  private readonly json: Record<string, unknown> = {};
  private readonly started = performance.now();

  constructor(private readonly ctx: ReleaseContext) {}

  line(...lines: string[]): void {
    if (!this.ctx.json) writeLines(this.ctx.io, lines);
  }

  set(key: string, value: unknown): void {
    this.json[key] = value;
  }

  end(outcome: Outcome, source: ReleaseConfigFile, error?: string): ExitCode {
    const ok = outcome === "completed" || outcome === "nothing-to-promote";
    if (error !== undefined) this.ctx.io.stderr.write(`golive release promote --watch: ${error}\n`);
    if (this.ctx.json) {
      writeJson(this.ctx.io, {
        ok,
        environment: this.ctx.env,
        file: source.label,
        action: "promote",
        watch: true,
        outcome,
        ...this.json,
        steps: this.steps,
        ...(error === undefined ? {} : { error }),
        deploy: deployCommand(this.ctx.env),
        durationMs: round(performance.now() - this.started),
      });
    }
    return ok ? EXIT.ok : EXIT.failure;
  }
}
