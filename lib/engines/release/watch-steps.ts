import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import type { AlarmSource, AnalysisSettings } from "../../features/release/analysis";
import type { AppliedWeights } from "../../features/release/break-glass";
import type { CandidateProber } from "../../features/release/candidate-probe";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { liveDrift } from "../../features/release/live-drift";
import { markRolledBack, type PoolOutcome } from "../../features/release/rollback-mark";
import type { Colour } from "../../features/release/schema";
import { type ReleaseState, releaseState, withState } from "../../features/release/state";
import { promote, rollback, type Transition } from "../../features/release/transitions";
import { analyseStep, type StepAnalysis } from "../../features/release/step-analysis";
import { steeringText } from "../../features/release/steering";
import { applyReadingBack, type SteeringNotApplied } from "../../features/release/steering-read-back";
import { readReleaseConfig, type ReleaseConfigFile, ReleaseConfigError, writeConfigAtomically } from "./config-file";
import { handEditsText, prepareEdit } from "./commit";
import { changeText, type ReleaseContext, type ReleaseResult, stateText, transitionJson } from "./report";
import { checkLines, round, type RunLog, type StepLog } from "./watch-log";
import { afterConfigChanged, afterFailedStep, changedElsewhere } from "./watch-guard";
import { deployLines } from "./watch-preflight";

// The steps of `release promote --watch` (watch.ts opens the run, checks before it and ends it on an error).

/** A bound on the loop besides `release.steps` itself (at most 100 ascending whole percents). */
const MAX_STEPS = 100;

export const NO_PROBES = "--no-origin-probes was given: the origins are not probed directly";

/** What the steps of one watch share; `source` is the config as last read (the end of the run names it). */
export interface Watch {
  readonly ctx: ReleaseContext;
  readonly log: RunLog;
  readonly colour: Colour;
  readonly settings: AnalysisSettings;
  readonly origins: readonly { readonly name: string; readonly address: string }[];
  /** Absent with `--no-origin-probes`. */
  readonly prober: CandidateProber | undefined;
  /** Absent: alarms are not checked, for the reason `alarmsNotChecked` gives. */
  readonly alarms: AlarmSource | undefined;
  readonly alarmsNotChecked: string;
  source: ReleaseConfigFile;
}

/** The steps in order; before each after the first, the config and the load balancer must still be as the last step left them. */
export async function walkSteps(w: Watch, session: LoadBalancerSession): Promise<ReleaseResult> {
  const { ctx, log } = w;
  const steps = Math.min(w.source.release.steps.length, MAX_STEPS);
  let expected: ReleaseState | undefined;
  for (let i = 0; i < steps; i++) {
    const last = log.steps.at(-1)?.api;
    if (expected !== undefined && last !== undefined) {
      const changed = await configChanged(w, session, last, expected);
      if (changed !== undefined) return changed;
      const elsewhere = await changedElsewhere(session, last, ctx.env);
      if (elsewhere) return log.end("stopped", w.source, "differs", elsewhere);
    }
    const t = promote(w.source.release);
    const ended = await takeStep(w, session, t);
    if (ended !== undefined) return ended;
    expected = t.after;
  }
  return log.end(
    "stopped",
    w.source,
    "serves-config",
    `stopped after ${log.steps.length} steps without reaching 100% (release.steps must end at 100)`,
  );
}

/**
 * The config read again: a release state other than this watch's last step (`expected`) stops the run,
 * saying what the config now deploys against the load balancer (afterConfigChanged), or undefined.
 */
async function configChanged(
  w: Watch,
  session: LoadBalancerSession,
  last: AppliedWeights,
  expected: ReleaseState,
): Promise<ReleaseResult | undefined> {
  const { ctx, log } = w;
  w.source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd, w.source);
  if (isDeepStrictEqual(releaseState(w.source.release), expected)) return undefined;
  const changed = await afterConfigChanged(session, w.source, last, ctx.env);
  return log.end("stopped", w.source, changed.claim, changed.message);
}

/**
 * One step: the weights through the API, then into the config, then the candidate watched for the
 * analysis interval. Ends the run (rolled back, stopped or completed) or returns undefined for the next.
 */
async function takeStep(w: Watch, session: LoadBalancerSession, t: Transition): Promise<ReleaseResult | undefined> {
  const { ctx, log, colour } = w;
  const source = w.source;
  // Prepared (and validated) before the API call: an edit the config cannot take stops the run before this step's weights move.
  const edit = prepareEdit(source, t);
  const percent = t.after.phase === "releasing" ? t.after.weights[colour] : 100;
  const sent = performance.now();
  // A PATCH Cloudflare applied whose answer was lost is read back and recorded like an accepted one.
  const outcome = await applyReadingBack(session, t.after, `the ${percent}% step`);
  if (!("applied" in outcome)) {
    const failed = afterFailedStep(source, session, percent, outcome, ctx.env);
    return log.end("stopped", source, failed.claim, failed.message);
  }
  const { applied, readBack } = outcome;
  const api = { ms: round(performance.now() - sent), ...applied, ...(readBack === undefined ? {} : { readBack }) };
  const step: StepLog = { percent, transition: transitionJson(t), api };
  log.steps.push(step);
  const notWritten = writeEdit(() => ({ source, text: edit.text }));
  if (notWritten !== undefined)
    return log.end(
      "stopped",
      source,
      "differs",
      `the load balancer is at ${percent}% BUT the config was not written (${notWritten}). ${handEditsText(t)}`,
    );
  w.source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd, edit.validated);
  log.line(
    `step ${percent}%: ${t.summary} (load balancer ${readBack === undefined ? "updated" : "read back"} in ${step.api.ms} ms, config written)`,
    ...(readBack === undefined ? [] : [`  note: ${readBack}`]),
  );
  const analysis = await analyse(w, session);
  step.analysis = { passed: analysis.passed, durationMs: round(analysis.durationMs), checks: analysis.checks };
  log.line(...checkLines(analysis.checks));
  if (!analysis.passed) return await rollBack(ctx, log, w.source, session, percent, analysis);
  if (t.after.phase === "releasing") return undefined;
  return await complete(w, session, t, step);
}

/** The candidate watched for one analysis interval at its new weight. */
function analyse(w: Watch, session: LoadBalancerSession): Promise<StepAnalysis> {
  const { colour, prober } = w;
  const addressOf = new Map(w.origins.map((x) => [x.name, x.address]));
  return analyseStep({
    settings: w.settings,
    colour,
    origins: w.origins.map((x) => x.name),
    ...(prober ? { probe: (name: string) => prober.probe(name, addressOf.get(name) ?? "") } : { probesNotChecked: NO_PROBES }),
    poolHealth: () => session.poolHealth(colour),
    ...(w.alarms ? { alarms: w.alarms } : {}),
    alarmsNotChecked: w.alarmsNotChecked,
    now: () => performance.now(),
    sleep: (ms) => sleep(ms),
  });
}

/** The last step passed: the release is complete unless the load balancer was changed elsewhere meanwhile. */
async function complete(w: Watch, session: LoadBalancerSession, t: Transition, step: StepLog): Promise<ReleaseResult> {
  const { ctx, log, source } = w;
  const elsewhere = await changedElsewhere(session, step.api, ctx.env);
  // A rollback --now from this copy of the config changed the config too: what it deploys is then compared.
  if (elsewhere) return (await configChanged(w, session, step.api, t.after)) ?? log.end("stopped", source, "differs", elsewhere);
  const deploy = deployLines(source.cfg, source.release, session.pool, ctx.env);
  log.set("deployChanges", deploy.changes);
  log.line(
    `release completed: ${t.summary}.`,
    `Wrote ${source.label}; Cloudflare already serves these weights. Commit it in a pull request so main matches what is live;`,
    ...deploy.lines,
  );
  return log.end("completed", source, "serves-config");
}

/** What the rollback's pool PATCH left: the mark (promote --watch refuses the colour until a deploy), or why not. */
function markLines(mark: PoolOutcome | undefined, colour: Colour, env: string): string[] {
  if (mark === undefined) return [];
  if ("failed" in mark)
    return [
      `  the ${colour} pool was NOT marked rolled back (${mark.failed.message}): a watch from a config without this rollback is not refused by the mark`,
    ];
  return [
    ...(mark.applied.readBack ? [`  note: ${mark.applied.readBack}`] : []),
    `  the ${colour} pool's description now reads ${JSON.stringify(mark.applied.description)}: a release watch refuses ${colour} until a deploy of traffic-${env} clears it`,
  ];
}

/**
 * Writes the edited config (nothing when the edit changes nothing) over the file as `edited` read it;
 * undefined once written, else why it was not. `edited` runs inside: a rollback reads the config and
 * prepares its edit only after the PATCH, and an edit that no longer applies is reported like a failed write.
 */
function writeEdit(edited: () => { readonly source: ReleaseConfigFile; readonly text: string | undefined }): string | undefined {
  try {
    const { source, text } = edited();
    if (text !== undefined) writeConfigAtomically(source, text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The rollback's edit on the config as it is now, not as the step left it: the analysis window lasts
 * minutes, and an edit of the file meanwhile that leaves the release state alone (a teammate's comment)
 * must not keep the rollback out of the config, or the next deploy sends traffic back to the bad build.
 * As before each step, only a release state changed meanwhile refuses: someone else moved the release,
 * and their change is not overwritten. Already holding the rollback (written elsewhere), nothing is written.
 */
function rollbackEdit(
  ctx: ReleaseContext,
  source: ReleaseConfigFile,
  t: Transition,
): { source: ReleaseConfigFile; text: string | undefined } {
  const current = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd, source);
  const state = releaseState(current.release);
  if (isDeepStrictEqual(state, t.after)) return { source: current, text: undefined };
  if (!isDeepStrictEqual(state, t.before))
    throw new ReleaseConfigError(
      `the release state in ${current.label} changed during the watch (now ${stateText(state)}); nothing written, so as not to overwrite that change`,
    );
  return { source: current, text: prepareEdit(current, t).text };
}

/**
 * All traffic back on `release.previous` through the open session (one PATCH, nothing to look up; a
 * failed one read back, as `rollback --now` reads it), then the candidate's pool marked rolled back
 * (one more PATCH, as `rollback --now` does), then `rollback`'s transition into the config. The state
 * rolled back from is the one just written, so nothing is read or validated before the PATCH.
 */
async function rollBack(
  ctx: ReleaseContext,
  log: RunLog,
  source: ReleaseConfigFile,
  session: LoadBalancerSession,
  percent: number,
  analysis: StepAnalysis,
): Promise<ReleaseResult> {
  const t: Transition = rollback(source.release);
  const failed = analysis.checks.filter((c) => c.status === "failed");
  const what = failed.map((c) => `${c.check}: ${c.detail}`).join("; ");
  log.line(`ANALYSIS FAILED at ${percent}%: ${what}`);
  log.set("failure", { percent, checks: failed });
  // A rollback Cloudflare applied whose answer was lost is read back: it stands, and is recorded.
  const outcome = await applyReadingBack(session, t.after, "the rollback");
  if (!("applied" in outcome)) return rollbackFailed(ctx, log, source, session, percent, outcome);
  const { applied, readBack } = outcome;
  const ms = round(performance.now() - (analysis.firstFailureAt ?? performance.now()));
  // After the traffic moved: the pool's mark keeps a watch from a config without this rollback off it.
  const mark = await markRolledBack(session, source.cfg, source.release, t.after, new Date());
  let held = false;
  const notWritten = writeEdit(() => {
    const edit = rollbackEdit(ctx, source, t);
    held = edit.text === undefined;
    return edit;
  });
  const written = notWritten === undefined;
  const rolledBack = withState(source.release, t.after);
  const deploy = deployLines(source.cfg, rolledBack, session.pool, ctx.env);
  log.set("rollback", {
    ...transitionJson(t),
    api: { ...applied, ...(readBack === undefined ? {} : { readBack }) },
    ...(mark === undefined ? {} : "failed" in mark ? { markFailed: mark.failed.message } : { marked: mark.applied }),
    written,
    firstFailureToRollbackMs: ms,
  });
  log.set("deployChanges", deploy.changes);
  log.line(
    `rolled back: ${t.summary}; the rollback PATCH was ${readBack === undefined ? "accepted" : "read back as applied"} ${ms} ms after the first failed observation`,
    ...(readBack === undefined ? [] : [`  note: ${readBack}`]),
    ...t.changes.map((c) => `  ${changeText(c)}`),
    ...markLines(mark, t.after.candidate, ctx.env),
    ...(written
      ? [
          `${held ? `${source.label} already holds this rollback (written meanwhile, not by this watch)` : `Wrote ${source.label}`}. Commit it in a pull request so main matches what is live;`,
          ...deploy.lines,
        ]
      : [`The load balancer serves ${t.after.live}, BUT the config was not written: ${notWritten}. ${handEditsText(t)}`]),
  );
  return log.end("rolled-back", source, written ? "serves-config" : "differs", `analysis failed at ${percent}%: ${what}`);
}

/**
 * The rollback PATCH did not land (read back) or what the load balancer serves could not be read: the
 * config keeps the step, and the run says what is live and to roll back by hand at once.
 */
function rollbackFailed(
  ctx: ReleaseContext,
  log: RunLog,
  source: ReleaseConfigFile,
  session: LoadBalancerSession,
  percent: number,
  outcome: SteeringNotApplied,
): ReleaseResult {
  const head = `analysis failed at ${percent}% and the rollback through the API failed too (${outcome.failed.message})`;
  const now = `roll back now: golive release rollback ${ctx.env} --now`;
  if ("unreadable" in outcome)
    return log.end(
      "rollback-failed",
      source,
      "unknown",
      `${head}; reading the load balancer back failed too (${outcome.unreadable.message}), so what it serves is UNKNOWN; ${now}`,
    );
  const drift = liveDrift(source.cfg, source.release, outcome.served, session.pool(source.release.candidate));
  return log.end(
    "rollback-failed",
    source,
    drift === undefined ? "serves-config" : "differs",
    `${head}; read back, the load balancer still serves ${steeringText(outcome.served)}, not the rollback; ${now}`,
  );
}
