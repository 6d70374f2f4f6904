import { setTimeout as sleep } from "node:timers/promises";
import type { AlarmSource, AnalysisSettings } from "../../features/release/analysis";
import type { AppliedWeights } from "../../features/release/break-glass";
import type { CandidateProber } from "../../features/release/candidate-probe";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import type { AlarmScope } from "../../features/release/alarm-attribution";
import type { Colour } from "../../features/release/schema";
import type { ReleaseState } from "../../features/release/state";
import { promote, type Transition } from "../../features/release/transitions";
import { analyseStep, type StepAnalysis } from "../../features/release/step-analysis";
import { applyReadingBack } from "../../features/release/steering-read-back";
import { readReleaseConfig, type ReleaseConfigFile } from "./config-file";
import { handEditsNow, type PreparedEdit, prepareEdit } from "./commit";
import { type ReleaseContext, type ReleaseResult, transitionJson } from "./report";
import { checkLines, round, type RunLog, type StepLog } from "./watch-log";
import { afterFailedStep, changedElsewhere, endAfterStop, rereadConfig } from "./watch-guard";
import { type MeanwhileWatch, readBackBeforePatch, rollbackMeanwhile } from "./watch-meanwhile";
import { deployLines } from "./watch-preflight";
import { rollBack, writeEdit } from "./watch-rollback";

// The steps of `release promote --watch` (watch.ts opens the run, checks before it and ends it on an error).

/** A bound on the loop besides `release.steps` itself (at most 100 ascending whole percents). */
const MAX_STEPS = 100;

export const NO_PROBES = "--no-origin-probes was given: the origins are not probed directly";

/** What the steps of one watch share; `source` is the config as last read (the end of the run names it). */
export interface Watch {
  readonly ctx: ReleaseContext;
  readonly log: RunLog;
  readonly colour: Colour;
  /** The candidate's weight when the watch started. */
  readonly from: number;
  readonly settings: AnalysisSettings;
  readonly origins: readonly { readonly name: string; readonly address: string }[];
  /** Absent with `--no-origin-probes`. */
  readonly prober: CandidateProber | undefined;
  /** Absent: alarms are not checked, for the reason `alarmsNotChecked` gives. */
  readonly alarms: AlarmSource | undefined;
  readonly alarmsNotChecked: string;
  /** Whose each alarm is (alarm-attribution.ts): only the candidate's fail it, environment-wide ones hold the walk. */
  readonly alarmScope: AlarmScope;
  source: ReleaseConfigFile;
}

/** The steps in order; right before each PATCH, the load balancer and the candidate pool read back (readBackBeforePatch), the config too after the first step. */
export async function walkSteps(w: Watch, session: LoadBalancerSession): Promise<ReleaseResult> {
  const { log } = w;
  const steps = Math.min(w.source.release.steps.length, MAX_STEPS);
  let expected: ReleaseState | undefined;
  for (let i = 0; i < steps; i++) {
    const last = log.steps.at(-1)?.api;
    if (expected !== undefined && last !== undefined) {
      const changed = await configChanged(w, session, last, expected);
      if (changed !== undefined) return changed;
    }
    const t = promote(w.source.release);
    // Prepared (and validated) before the read-back: an edit the config cannot take stops the run before this
    // step's weights move, and nothing local (YAML, validation: tens to hundreds of ms) sits between the read-back and the PATCH.
    const edit = prepareEdit(w.source, t);
    const moved = await readBackBeforePatch(meanwhileOf(w), session, w.source, last);
    if (moved !== undefined) return moved;
    const ended = await takeStep(w, session, t, edit);
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

const meanwhileOf = (w: Watch): MeanwhileWatch => ({ log: w.log, env: w.ctx.env, colour: w.colour });

/** Tells the CLI where the watch is (moment.ts): the weight its last step set, and a step's PATCH in flight. */
export function tellWatch(
  w: Pick<Watch, "ctx" | "colour" | "from" | "source">,
  at?: { percent: number; recorded: boolean },
  sending?: number,
): void {
  w.ctx.moment?.({
    kind: "watch",
    file: w.source.label,
    colour: w.colour,
    from: w.from,
    ...(at === undefined ? {} : { at }),
    ...(sending === undefined ? {} : { sending }),
  });
}

/**
 * The config read again: a release state other than this watch's last step (`expected`) stops the run,
 * saying what the config now deploys against the load balancer (rereadConfig), or undefined.
 */
async function configChanged(
  w: Watch,
  session: LoadBalancerSession,
  last: AppliedWeights,
  expected: ReleaseState,
): Promise<ReleaseResult | undefined> {
  const { changed, source } = await rereadConfig(w.ctx, session, last, expected);
  w.source = source;
  return changed && w.log.end("stopped", source, changed.claim, changed.message);
}

/**
 * One step: the weights through the API, then into the config, then the candidate watched for the
 * analysis interval. Ends the run (rolled back, stopped or completed) or returns undefined for the next.
 */
async function takeStep(w: Watch, session: LoadBalancerSession, t: Transition, edit: PreparedEdit): Promise<ReleaseResult | undefined> {
  const { ctx, log, colour } = w;
  const source = w.source;
  const percent = t.after.phase === "releasing" ? t.after.weights[colour] : 100;
  const before = log.steps.at(-1)?.percent;
  tellWatch(w, before === undefined ? undefined : { percent: before, recorded: true }, percent);
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
  tellWatch(w, { percent, recorded: false });
  // A rollback marked the candidate while this PATCH was on its way: the rollback wins, this step is not recorded.
  const meanwhile = await rollbackMeanwhile(meanwhileOf(w), session, source, { percent, completing: false });
  if (meanwhile !== undefined) return meanwhile;
  const notWritten = writeEdit(() => ({ source, text: edit.text }));
  if (notWritten !== undefined)
    return log.end(
      "stopped",
      source,
      "differs",
      `the load balancer is at ${percent}% BUT the config was not written (${notWritten}). ${handEditsNow(ctx, t)}`,
    );
  w.source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  tellWatch(w, { percent, recorded: true });
  log.line(
    `step ${percent}%: ${t.summary} (load balancer ${readBack === undefined ? "updated" : "read back"} in ${step.api.ms} ms, config written)`,
    ...(readBack === undefined ? [] : [`  note: ${readBack}`]),
  );
  const analysis = await analyse(w, session);
  step.analysis = { passed: analysis.passed, durationMs: round(analysis.durationMs), checks: analysis.checks };
  log.line(...checkLines(analysis.checks));
  if (analysis.held) return await hold(w, session, step, t.after, analysis);
  if (!analysis.passed) return await rollBack(ctx, log, w.source, session, step, analysis);
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
    alarmScope: w.alarmScope,
    now: () => performance.now(),
    sleep: (ms) => sleep(ms),
  });
}

/**
 * Held: no check failed, but a signal that is neither colour's alone (an environment-wide alarm: the
 * load-balanced hostname as a whole, an origin both pools have) did not pass. A rollback would blame the candidate for what may be
 * the other colour's or everyone's fault, and send every session to a colour that may be failing too;
 * another step would give a candidate nobody vouches for more traffic. So the walk stops where it is,
 * sending nothing more, exit 1, and on-call decides (runbooks/rollback.md). What the load balancer and
 * the config hold then is read back (endAfterStop), never assumed: a rollback made meanwhile stands.
 */
async function hold(
  w: Watch,
  session: LoadBalancerSession,
  step: StepLog,
  expected: ReleaseState,
  analysis: StepAnalysis,
): Promise<ReleaseResult> {
  const { ctx, log, colour } = w;
  const { percent } = step;
  const held = analysis.checks.filter((c) => c.status === "held");
  const what = held.map((c) => `${c.check}: ${c.detail}`).join("; ");
  log.line(`HELD at ${percent}%, no rollback: ${what}`);
  log.hold({ percent, reason: "environment-alarms", checks: held });
  const next =
    ` Find what they report (their reasons, both pools' health in the dashboard, golive release status ${ctx.env}): ${colour}'s fault, ` +
    `roll back: golive release rollback ${ctx.env} --now; not its fault, once they are OK run golive release promote ${ctx.env} --watch ` +
    `again to go on (runbooks/rollback.md, "Environment-wide alarms during a watch")`;
  return await endAfterStop(
    ctx,
    log,
    session,
    { percent, last: step.api, expected },
    {
      head:
        `held at ${percent}% without a rollback: ${what}. These alarms are neither colour's alone, so ${colour} is neither rolled back for them ` +
        "nor given more traffic",
      next,
    },
  );
}

/** The last step passed: the release is complete unless the load balancer was changed elsewhere meanwhile. */
async function complete(w: Watch, session: LoadBalancerSession, t: Transition, step: StepLog): Promise<ReleaseResult> {
  const { ctx, log, source } = w;
  const elsewhere = await changedElsewhere(session, step.api, ctx.env);
  // A rollback --now from this copy of the config changed the config too: what it deploys is then compared.
  if (elsewhere) return (await configChanged(w, session, step.api, t.after)) ?? log.end("stopped", source, "differs", elsewhere);
  const meanwhile = await rollbackMeanwhile(meanwhileOf(w), session, source, { percent: step.percent, completing: true });
  if (meanwhile !== undefined) return meanwhile;
  const deploy = deployLines(source.cfg, source.release, session.pool, ctx.env);
  log.set("deployChanges", deploy.changes);
  log.line(
    `release completed: ${t.summary}.`,
    `Wrote ${source.label}; Cloudflare already serves these weights. Commit it in a pull request so main matches what is live;`,
    ...deploy.lines,
  );
  return log.end("completed", source, "serves-config");
}
