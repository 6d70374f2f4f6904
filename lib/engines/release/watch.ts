import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { type AlarmSource, type AnalysisSettings, analysisSettings, type CheckResult } from "../../features/release/analysis";
import type { AppliedWeights, BreakGlassOptions } from "../../features/release/break-glass";
import { CandidateProber } from "../../features/release/candidate-probe";
import { ReleaseError } from "../../features/release/errors";
import type { Colour } from "../../features/release/schema";
import { promote, type ReleaseState, releaseState, rollback, type Transition } from "../../features/release/state";
import { analyseStep, type StepAnalysis } from "../../features/release/step-analysis";
import { EXIT, type ExitCode } from "../../core/io";
import { ConfigError, ConfigErrors } from "../../config/errors";
import type { AppConfig } from "../../config/schema";
import { readReleaseConfig, type ReleaseConfigFile, writeConfigAtomically } from "./config-file";
import { handEditsText, prepareEdit } from "./commit";
import { changeText, deployCommand, type ReleaseContext, transitionJson, writeJson, writeLines } from "./report";

export interface WatchOptions {
  /** The API the steps and the rollback go through (the break-glass path). */
  readonly breakGlass: BreakGlassOptions;
  /** Overrides `release.analysis.interval` in milliseconds: for tests only (sub-second steps). */
  readonly intervalMs?: number;
  /** HTTPS port of the candidate's origins. @default 443 */
  readonly originPort: number;
  /** Trusted CAs for the probes (system roots plus `--ca-file`). */
  readonly ca?: readonly string[];
  /** Absent: alarms are not checked, for the reason `alarmsNotChecked` gives. */
  readonly alarms?: AlarmSource;
  /**
   * Builds the alarm source from the environment's config once it is read (CloudWatch in the CLI); a
   * string says why no alarm is checked. Ignored when `alarms` is given.
   */
  readonly alarmsFor?: (cfg: AppConfig) => AlarmSource | string;
  readonly alarmsNotChecked: string;
}

/** `o` with the alarm source its `alarmsFor` builds for this environment. */
function withAlarms(o: WatchOptions, cfg: AppConfig): WatchOptions {
  if (o.alarms || !o.alarmsFor) return o;
  const built = o.alarmsFor(cfg);
  return typeof built === "string" ? { ...o, alarmsNotChecked: built } : { ...o, alarms: built };
}

/** A bound on the loop besides `release.steps` itself (at most 100 ascending whole percents). */
const MAX_STEPS = 100;

type Outcome = "completed" | "rolled-back" | "nothing-to-promote" | "stopped" | "rollback-failed";

interface StepLog {
  readonly percent: number;
  readonly transition: Record<string, unknown>;
  readonly api: { readonly ms: number } & AppliedWeights;
  analysis?: { readonly passed: boolean; readonly durationMs: number; readonly checks: readonly CheckResult[] };
}

const round = (ms: number): number => Math.round(ms);

function checkLines(checks: readonly CheckResult[]): string[] {
  return checks.map((c) => `    ${c.check.padEnd(12)} ${(c.status === "failed" ? "FAILED" : c.status).padEnd(12)} ${c.detail}`);
}

/** Streams text lines as the run goes; collects the run log `--json` prints once at the end. */
class RunLog {
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

function settingsText(s: AnalysisSettings, origins: number, colour: Colour, o: WatchOptions, hostname: string): string {
  const seconds = s.intervalMs >= 1000 ? `${s.intervalMs / 1000} s` : `${s.intervalMs} ms`;
  return (
    `each step is watched ${seconds}: ${s.probes} probes of https://<${origins} ${colour} origin(s)>:${o.originPort}${s.path} ` +
    `(Host ${hostname}), success >= ${s.minSuccessRate * 100}%, p95 <= ${s.maxP95Ms} ms; Cloudflare health of the ${colour} pool; ` +
    `alarms: ${o.alarms ? o.alarms.name : `not checked (${o.alarmsNotChecked})`}`
  );
}

/**
 * `golive release promote <env> --watch`: walks `release.steps` from the candidate's current weight.
 * Each step goes through the API at once (as `rollback --now` does) and into the config; then the
 * candidate is watched for the analysis interval. A failed check rolls back at once through the same
 * session (one PATCH), writes `rollback`'s transition and exits 1; the last step completes the release.
 */
export async function releaseWatch(ctx: ReleaseContext, given: WatchOptions): Promise<ExitCode> {
  let source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
  const o = withAlarms(given, source.cfg);
  const log = new RunLog(ctx);
  const first = promote(source.release);
  if (first.changes.length === 0) {
    log.line(`release promote ${ctx.env} --watch: ${first.summary}`);
    log.set("summary", first.summary);
    return log.end("nothing-to-promote", source);
  }
  const colour = first.before.candidate;
  const release = source.release;
  const settings = analysisSettings(release, o.intervalMs);
  const origins = release.pools[colour].origins;
  const build = release.builds?.[colour];
  log.set("candidate", { colour, build: build ?? null, origins: origins.map((x) => x.name) });
  log.set("rollbackTarget", first.after.previous);
  log.set("analysis", { ...settings, originPort: o.originPort, hostname: release.hostname });
  log.set("alarms", o.alarms ? { source: o.alarms.name } : { checked: false, reason: o.alarmsNotChecked });
  log.line(
    `release promote ${ctx.env} --watch: ${colour}${build ? ` (${build})` : ""} from ${first.before.weights[colour]}% through ${release.steps.filter((p) => p > first.before.weights[colour]).join("% -> ")}%`,
    `  ${settingsText(settings, origins.length, colour, o, release.hostname)}`,
  );
  // require, not import(): see rollback.ts. A failure here changed nothing.
  const { openLoadBalancer } = require("../../features/release/cloudflare-api") as typeof import("../../features/release/cloudflare-api");
  const session = await openLoadBalancer(source.cfg, release, o.breakGlass);
  const prober = new CandidateProber({
    hostname: release.hostname,
    path: settings.path,
    port: o.originPort,
    timeoutMs: o.breakGlass.timeoutMs,
    ...(o.ca ? { ca: o.ca } : {}),
  });
  const addressOf = new Map(origins.map((x) => [x.name, x.address]));
  try {
    let expected: ReleaseState | undefined;
    for (let i = 0; i < Math.min(release.steps.length, MAX_STEPS); i++) {
      if (expected !== undefined) {
        source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
        const now = releaseState(source.release);
        if (!isDeepStrictEqual(now, expected)) {
          return log.end("stopped", source, `release state in ${source.label} changed during the watch; stopped without further changes`);
        }
      }
      const t = promote(source.release);
      const edit = prepareEdit(source, t);
      const percent = t.after.phase === "releasing" ? t.after.weights[colour] : 100;
      const sent = performance.now();
      let applied: AppliedWeights;
      try {
        applied = await session.apply(t.after);
      } catch (err) {
        if (!(err instanceof ReleaseError)) throw err;
        const at = t.before.weights[colour];
        return log.end("stopped", source, `step ${percent}% not applied (${err.message}); the load balancer keeps ${colour} at ${at}%`);
      }
      const step: StepLog = { percent, transition: transitionJson(t), api: { ms: round(performance.now() - sent), ...applied } };
      log.steps.push(step);
      try {
        if (edit.text !== undefined) writeConfigAtomically(source, edit.text);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return log.end(
          "stopped",
          source,
          `the load balancer is at ${percent}% BUT the config was not written (${why}). ${handEditsText(t)}`,
        );
      }
      source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
      expected = t.after;
      log.line(`step ${percent}%: ${t.summary} (load balancer updated in ${step.api.ms} ms, config written)`);
      const analysis = await analyseStep({
        settings,
        colour,
        origins: origins.map((x) => x.name),
        probe: (name) => prober.probe(name, addressOf.get(name) ?? ""),
        poolHealth: () => session.poolHealth(colour),
        ...(o.alarms ? { alarms: o.alarms } : {}),
        alarmsNotChecked: o.alarmsNotChecked,
        now: () => performance.now(),
        sleep: (ms) => sleep(ms),
      });
      step.analysis = { passed: analysis.passed, durationMs: round(analysis.durationMs), checks: analysis.checks };
      log.line(...checkLines(analysis.checks));
      if (!analysis.passed) return await rollBack(ctx, log, source, session.apply, percent, analysis);
      if (t.after.phase !== "releasing") {
        log.line(
          `release completed: ${t.summary}.`,
          `Wrote ${source.label}; the load balancer already serves it. Commit it in a pull request so main matches what is live;`,
          `deploying it plans no change: ${deployCommand(ctx.env)}`,
        );
        return log.end("completed", source);
      }
    }
    return log.end("stopped", source, `stopped after ${log.steps.length} steps without reaching 100% (release.steps must end at 100)`);
  } catch (err) {
    // Once steps have begun, an expected failure (the config edited or made invalid meanwhile, a step
    // refused) still ends with the run log: the load balancer keeps the last step that was applied.
    if (!(err instanceof ReleaseError || err instanceof ConfigError || err instanceof ConfigErrors)) throw err;
    return log.end(
      "stopped",
      source,
      `${err.message}; the load balancer keeps the last step applied (${colour} at ${log.steps.at(-1)?.percent ?? first.before.weights[colour]}%)`,
    );
  } finally {
    prober.close();
  }
}

/**
 * All traffic back on `release.previous` through the open session (one PATCH, nothing to look up),
 * then `rollback`'s transition into the config. The state rolled back from is the one just written,
 * so nothing is read or validated before the PATCH.
 */
async function rollBack(
  ctx: ReleaseContext,
  log: RunLog,
  source: ReleaseConfigFile,
  apply: (target: ReleaseState) => Promise<AppliedWeights>,
  percent: number,
  analysis: StepAnalysis,
): Promise<ExitCode> {
  const t: Transition = rollback(source.release);
  const failed = analysis.checks.filter((c) => c.status === "failed");
  const what = failed.map((c) => `${c.check}: ${c.detail}`).join("; ");
  log.line(`ANALYSIS FAILED at ${percent}%: ${what}`);
  log.set("failure", { percent, checks: failed });
  let applied: AppliedWeights;
  try {
    applied = await apply(t.after);
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    return log.end(
      "rollback-failed",
      source,
      `analysis failed at ${percent}% and the rollback through the API failed too (${err.message}); roll back now: golive release rollback ${ctx.env} --now`,
    );
  }
  const ms = round(performance.now() - (analysis.firstFailureAt ?? performance.now()));
  let written = false;
  let notWritten: string | undefined;
  try {
    const edit = prepareEdit(source, t);
    if (edit.text !== undefined) writeConfigAtomically(source, edit.text);
    written = true;
  } catch (err) {
    notWritten = `${err instanceof Error ? err.message : String(err)}. ${handEditsText(t)}`;
  }
  log.set("rollback", { ...transitionJson(t), api: applied, written, firstFailureToRollbackMs: ms });
  log.line(
    `rolled back: ${t.summary}; the rollback PATCH was accepted ${ms} ms after the first failed observation`,
    ...t.changes.map((c) => `  ${changeText(c)}`),
    written
      ? `Wrote ${source.label}. Commit it in a pull request so main matches what is live; deploying it plans no change: ${deployCommand(ctx.env)}`
      : `The load balancer serves ${t.after.live}, BUT the config was not written: ${notWritten ?? ""}`,
  );
  return log.end("rolled-back", source, `analysis failed at ${percent}%: ${what}`);
}
