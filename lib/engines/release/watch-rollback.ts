import { isDeepStrictEqual } from "node:util";
import { unhealthyText } from "../../features/release/analysis";
import { downGlobally, originUp, POOL_MINIMUM_ORIGINS, type PoolHealth } from "../../features/release/pool-verdict";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { ReleaseError } from "../../features/release/errors";
import { liveDrift } from "../../features/release/live-drift";
import { markRolledBack, type PoolOutcome } from "../../features/release/rollback-mark";
import type { Colour } from "../../features/release/schema";
import { releaseState, withState } from "../../features/release/state";
import type { StepAnalysis } from "../../features/release/step-analysis";
import { steeringText } from "../../features/release/steering";
import { applyReadingBack, type SteeringNotApplied } from "../../features/release/steering-read-back";
import { drainedElsewhere, rollback, type Transition } from "../../features/release/transitions";
import { readReleaseConfig, type ReleaseConfigFile, ReleaseConfigError, writeConfigAtomically } from "./config-file";
import { handEditsNow, prepareEdit } from "./commit";
import { recordThenMark } from "./commit-after-api";
import { changeText, type ReleaseContext, type ReleaseResult, stateText, transitionJson } from "./report";
import { round, type RunLog, type StepLog } from "./watch-log";
import { endAfterStop } from "./watch-guard";
import { TARGET_READ_TIMEOUT_MS } from "../../features/release/analysis";
import { deployLines } from "./watch-preflight";

// The rollback of `release promote --watch` after a failed check (watch-steps.ts walks the steps).

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
 * undefined once written, else why it was not. `edited` runs inside, so an edit that no longer applies
 * is reported like a failed write (a step's; the rollback's goes through recordThenMark).
 */
export function writeEdit(edited: () => { readonly source: ReleaseConfigFile; readonly text: string | undefined }): string | undefined {
  try {
    const { source, text } = edited();
    if (text !== undefined) writeConfigAtomically(source, text);
    return undefined;
  } catch (err) {
    return errorText(err);
  }
}

/** A thrown value's message, for a line that says why the config was not written. */
function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The rollback's edit on the config as it is now, not as the step left it: the analysis window lasts
 * minutes, and an edit of the file meanwhile that leaves the release state alone (a teammate's comment)
 * must not keep the rollback out of the config, or the next deploy sends traffic back to the bad build.
 * As before each step, only a release state changed meanwhile refuses: someone else moved the release,
 * and their change is not overwritten. Already holding the rollback (written elsewhere), nothing is written,
 * also when it holds it with a drain of the candidate that another run recorded (drainedElsewhere).
 */
function rollbackEdit(
  ctx: ReleaseContext,
  t: Transition,
): { source: ReleaseConfigFile; text: string | undefined; drainedElsewhere?: Colour | undefined } {
  const current = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const state = releaseState(current.release);
  if (isDeepStrictEqual(state, t.after)) return { source: current, text: undefined };
  // An operator's `rollback --now --drain` meanwhile: this rollback, and the candidate's pool disabled by it.
  if (drainedElsewhere(state, t.after)) return { source: current, text: undefined, drainedElsewhere: state.drained };
  if (!isDeepStrictEqual(state, t.before))
    throw new ReleaseConfigError(
      `the release state in ${current.label} changed during the watch (now ${stateText(state)}); nothing written, so as not to overwrite that change`,
    );
  return { source: current, text: prepareEdit(current, t).text };
}

/** The rollback target's pool as read before the rollback PATCH, and how long the read took. */
type TargetHealth = ({ readonly health: PoolHealth } | { readonly unread: string }) & { readonly ms: number };

/** One read, no retry, bounded by TARGET_READ_TIMEOUT_MS: a read that fails or times out is rolled back on, as "unknown" is. */
async function readTarget(session: LoadBalancerSession, colour: Colour): Promise<TargetHealth> {
  const started = performance.now();
  try {
    const health = await session.poolHealth(colour, { timeoutMs: TARGET_READ_TIMEOUT_MS });
    return { health, ms: round(performance.now() - started) };
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    return { unread: err.message, ms: round(performance.now() - started) };
  }
}

/**
 * The target's health in words, for the run's lines and its end: Cloudflare's global verdict as
 * downGlobally reads it (origins healthy in a majority of the regions that checked them, against the
 * pool's minimum), then the regions that report the pool down and any origin reported down.
 */
function targetText(colour: Colour, t: TargetHealth): string {
  if ("unread" in t) return `the health of ${colour} could not be read (${t.unread}): rolled back on the candidate's failure alone`;
  const { health: h } = t;
  if (h.state === "unknown") return `Cloudflare has no health data for ${colour}: rolled back on the candidate's failure alone`;
  if (h.state === "healthy") return `Cloudflare reports the ${colour} pool healthy in ${h.regions} of ${h.regions} region(s)`;
  const votes = Object.values(h.originVotes);
  const verdict =
    votes.length === 0
      ? `the ${colour} pool healthy in ${h.regions - h.poolDown.length} of ${h.regions} region(s)`
      : `${votes.filter(originUp).length} of ${votes.length} ${colour} origin(s) healthy in a majority of the regions that checked them (the pool needs ${POOL_MINIMUM_ORIGINS})`;
  const where =
    h.poolDown.length > 0 ? `; the pool unhealthy in ${h.poolDown.length} of ${h.regions} region(s) (${h.poolDown.join(", ")})` : "";
  const reported = h.unhealthy.length > 0 ? ` (reported down: ${unhealthyText(h)})` : "";
  const judged = downGlobally(h) ? "down by Cloudflare's majority rule" : "up by Cloudflare's majority rule, a rollback target";
  return `Cloudflare reports ${verdict}${where}${reported}: ${judged}`;
}

/**
 * The candidate failed and Cloudflare's global verdict holds the rollback target's pool down
 * (downGlobally): sending every session to the target would trade a partial outage for a whole one
 * (the audit's run rolled a healthy candidate back onto an unhealthy pool, its fallback too). Nothing is
 * sent: the load balancer and the config keep the step, the run exits 1 saying both colours fail, and
 * on-call decides (runbooks/rollback.md, "Both colours failing").
 */
async function bothFailing(
  ctx: ReleaseContext,
  log: RunLog,
  source: ReleaseConfigFile,
  session: LoadBalancerSession,
  failure: { readonly step: StepLog; readonly what: string },
  target: { readonly colour: Colour; readonly read: TargetHealth },
): Promise<ReleaseResult> {
  const { step, what } = failure;
  const { percent } = step;
  const health = targetText(target.colour, target.read);
  log.line(`NOT ROLLED BACK: the rollback target ${target.colour} is failing too (${health})`);
  log.hold({ percent, reason: "rollback-target-unhealthy", rollbackTarget: { colour: target.colour, ...target.read } });
  // What the load balancer and the config hold is read back, never assumed: a rollback made meanwhile stands.
  const next =
    ` Now: find the shared cause or the healthier colour (golive release status ${ctx.env}, both pools' health in the dashboard, ` +
    `the alarms); once ${target.colour} is healthy, roll back: golive release rollback ${ctx.env} --now (runbooks/rollback.md, "Both colours failing")`;
  return await endAfterStop(
    ctx,
    log,
    session,
    { percent, last: step.api, expected: releaseState(source.release) },
    {
      head:
        `analysis failed at ${percent}% (${what}), AND the rollback target ${target.colour} is failing too: ${health}. Both colours are failing, ` +
        "so the watch did NOT roll back (that would send every session to a failing pool) and sent nothing more",
      next,
    },
  );
}

/**
 * First the rollback target's health (one GET: a pool Cloudflare's global verdict holds down, by the
 * majority rule of downGlobally, is not rolled back to, bothFailing; one it holds up is, as one that
 * cannot be read or has no data, the candidate being known to fail). Then all traffic back
 * on `release.previous` through the open session (one PATCH, nothing to look up; a failed one read
 * back, as `rollback --now` reads it), then `rollback`'s transition into the config, then the
 * candidate's pool marked rolled back (one more PATCH; recordThenMark, the order `rollback --now` keeps:
 * a failed mark is reported, the rollback stands). The state rolled back from is the one just written,
 * so nothing is read or validated before the PATCH.
 */
export async function rollBack(
  ctx: ReleaseContext,
  log: RunLog,
  source: ReleaseConfigFile,
  session: LoadBalancerSession,
  step: StepLog,
  analysis: StepAnalysis,
): Promise<ReleaseResult> {
  const { percent } = step;
  const t: Transition = rollback(source.release);
  const failed = analysis.checks.filter((c) => c.status === "failed");
  const what = failed.map((c) => `${c.check}: ${c.detail}`).join("; ");
  log.line(`ANALYSIS FAILED at ${percent}%: ${what}`);
  log.set("failure", { percent, checks: failed });
  const target = { colour: t.after.live, read: await readTarget(session, t.after.live) };
  if ("health" in target.read && downGlobally(target.read.health))
    return await bothFailing(ctx, log, source, session, { step, what }, target);
  const live = t.after.live;
  ctx.moment?.({ kind: "rollback-sent", file: source.label, live });
  // A rollback Cloudflare applied whose answer was lost is read back: it stands, and is recorded.
  const outcome = await applyReadingBack(session, t.after, "the rollback");
  if (!("applied" in outcome)) return rollbackFailed(ctx, log, source, session, percent, outcome);
  const { applied, readBack } = outcome;
  const ms = round(performance.now() - (analysis.firstFailureAt ?? performance.now()));
  // The config first, then the pool's mark (which keeps a watch from a config without this rollback off
  // it), as `rollback --now` does: a run stopped while the mark is retried has recorded the rollback.
  const recorded = await recordThenMark(
    () => {
      const edit = rollbackEdit(ctx, t);
      if (edit.text !== undefined) writeConfigAtomically(edit.source, edit.text);
      ctx.moment?.({ kind: "rollback-recorded", file: edit.source.label, live, from: t.after.candidate });
      return { held: edit.text === undefined, drainedElsewhere: edit.drainedElsewhere };
    },
    () => markRolledBack(session, source.cfg, source.release, t.after, new Date()),
  );
  const { mark } = recorded;
  const notWritten = "failed" in recorded.written ? errorText(recorded.written.failed) : undefined;
  const held = "held" in recorded.written && recorded.written.held;
  const drainedMeanwhile = "held" in recorded.written ? recorded.written.drainedElsewhere : undefined;
  const written = notWritten === undefined;
  const rolledBack = withState(source.release, t.after);
  const deploy = deployLines(source.cfg, rolledBack, session.pool, ctx.env);
  log.set("rollback", {
    ...transitionJson(t),
    api: { ...applied, ...(readBack === undefined ? {} : { readBack }) },
    ...(mark === undefined ? {} : "failed" in mark ? { markFailed: mark.failed.message } : { marked: mark.applied }),
    written,
    firstFailureToRollbackMs: ms,
    targetHealth: target.read,
  });
  log.set("deployChanges", deploy.changes);
  log.line(
    `rolled back: ${t.summary}; the rollback PATCH was ${readBack === undefined ? "accepted" : "read back as applied"} ${ms} ms after the first failed observation`,
    ...(readBack === undefined ? [] : [`  note: ${readBack}`]),
    `  the rollback target, read first (${target.read.ms} ms): ${targetText(target.colour, target.read)}`,
    ...t.changes.map((c) => `  ${changeText(c)}`),
    ...markLines(mark, t.after.candidate, ctx.env),
    ...(written
      ? [
          ...(drainedMeanwhile === undefined
            ? []
            : [
                `  note: another run recorded this rollback with the drain of ${drainedMeanwhile} (release.drained: ${drainedMeanwhile}) meanwhile: ${source.label} records what is served, left as it is`,
              ]),
          `${held ? `${source.label} already holds this rollback (written meanwhile, not by this watch)` : `Wrote ${source.label}`}. Commit it in a pull request so main matches what is live;`,
          ...deploy.lines,
        ]
      : [`The load balancer serves ${t.after.live}, BUT the config was not written: ${notWritten}. ${handEditsNow(ctx, t)}`]),
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
