import { isDeepStrictEqual } from "node:util";
import type { AppliedWeights } from "../../features/release/break-glass";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { liveDrift, rolledBackMark, type ServedRollback, servedRollback } from "../../features/release/live-drift";
import { MARK_WRITERS } from "../../features/release/pool-description";
import { type ReleaseState, releaseState } from "../../features/release/state";
import { type ServedSteering, servesApplied, steeringFor, steeringText } from "../../features/release/steering";
import { readServed, type SteeringNotApplied } from "../../features/release/steering-read-back";
import { readReleaseConfig, type ReleaseConfigFile } from "./config-file";
import { deployCommand, type ReleaseContext, type ReleaseResult, stateText } from "./report";
import type { LoadBalancerClaim, RunLog } from "./watch-log";

/**
 * Read before every step after the first, and before a completion is reported: a change this watch
 * did not make (a `rollback --now` from another machine, the dashboard) stops it, so a later step never
 * undoes an operator's rollback. The API has no compare-and-set for load balancers, so a change landing
 * between this read and the next PATCH (milliseconds) can still be overwritten.
 * @returns why the watch must stop, or undefined when the API serves what it last applied
 */
export async function changedElsewhere(session: LoadBalancerSession, last: AppliedWeights, env: string): Promise<string | undefined> {
  const now = await session.served();
  return servesApplied(now, last) ? undefined : elsewhereText(now, last, env);
}

/** `the load balancer changed outside this watch: it serves …, this watch last set …`. */
function movedText(now: ServedSteering, last: AppliedWeights): string {
  return `the load balancer changed outside this watch: it serves ${steeringText(now)}, this watch last set ${steeringText(last)}`;
}

/** The load balancer serves `now`, not what this watch last set, and the config still says what it set. */
function elsewhereText(now: ServedSteering, last: AppliedWeights, env: string): string {
  return (
    `${movedText(now, last)} ` +
    `(a rollback --now from elsewhere, or the dashboard); stopped without further changes. The config this run wrote no longer ` +
    `says what is live: do not merge it; keep the change made elsewhere (golive release status ${env}, and the dashboard)`
  );
}

/** What a stop that sent nothing more may claim, read back (readBackAfterStop). */
interface StopReadBack {
  readonly claim: LoadBalancerClaim;
  /** What the load balancer serves against the config, as read: one sentence for the run's end. */
  readonly text: string;
  /** The config and the load balancer both still hold the step: what to do next is the stop's own advice. */
  readonly steady: boolean;
  /** The config as read again. */
  readonly source: ReleaseConfigFile;
}

/**
 * A watch that stops at a step and sends nothing more (held by an environment-wide alarm, or both
 * colours failing) has waited an analysis interval since it set the step: someone may have rolled back
 * meanwhile (`rollback --now` from elsewhere, the dashboard, or from this copy of the config, which
 * writes the file too). So the config is read again and the load balancer read back before the end says
 * anything of them: a config left at the step, merged, would undo such a rollback.
 * @param step the step's percent, the weights this watch set for it, and the release state it wrote
 */
async function readBackAfterStop(
  ctx: ReleaseContext,
  session: LoadBalancerSession,
  step: { readonly percent: number; readonly last: AppliedWeights; readonly expected: ReleaseState },
): Promise<StopReadBack> {
  const { source: current, changed } = await rereadConfig(ctx, session, step.last, step.expected);
  if (changed) return { claim: changed.claim, text: changed.message, steady: false, source: current };
  const back = await readServed(session);
  if ("unreadable" in back)
    return {
      claim: "unknown",
      text:
        `reading the load balancer back failed (${back.unreadable.message}), so whether it still serves the ${step.percent}% step ` +
        `${current.label} records is UNKNOWN: compare golive release status ${ctx.env} with the dashboard before merging anything`,
      steady: false,
      source: current,
    };
  const { served } = back;
  if (servesApplied(served, step.last))
    return {
      claim: "serves-config",
      text: `read back, the load balancer keeps the ${step.percent}% step (${steeringText(served)}), as ${current.label} records`,
      steady: true,
      source: current,
    };
  return { claim: "differs", text: elsewhereText(served, step.last, ctx.env), steady: false, source: current };
}

/**
 * Ends a stop that sent nothing more: `said.head`, then what was read back (readBackAfterStop), then
 * `said.next`, the stop's own advice, only while the config and the load balancer both still hold the step.
 */
export async function endAfterStop(
  ctx: ReleaseContext,
  log: RunLog,
  session: LoadBalancerSession,
  step: { readonly percent: number; readonly last: AppliedWeights; readonly expected: ReleaseState },
  said: { readonly head: string; readonly next: string },
): Promise<ReleaseResult> {
  const back = await readBackAfterStop(ctx, session, step);
  return log.end("stopped", back.source, back.claim, `${said.head}; ${back.text}.${back.steady ? said.next : ""}`);
}

/**
 * The config read again, and when its release state is no longer `expected` (this watch's last step),
 * what it now deploys against the load balancer (afterConfigChanged); `changed` absent while it holds the step.
 */
export async function rereadConfig(
  ctx: ReleaseContext,
  session: LoadBalancerSession,
  last: AppliedWeights,
  expected: ReleaseState,
): Promise<{ readonly source: ReleaseConfigFile; readonly changed?: { readonly claim: LoadBalancerClaim; readonly message: string } }> {
  const current = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  if (isDeepStrictEqual(releaseState(current.release), expected)) return { source: current };
  return { source: current, changed: await afterConfigChanged(session, current, last, ctx.env) };
}

/**
 * The release state in the config changed during the watch (a `rollback --now` from this copy of the
 * config, which writes the file the watch reads, or a hand edit): the watch stops, and says what the
 * config as it is now deploys against the load balancer read back, never what it assumes. The rollback
 * runbook has on-call commit a rollback made from the same copy: true only when the two match.
 * @returns what the run's end says, and its claim about the config against the load balancer
 */
async function afterConfigChanged(
  session: LoadBalancerSession,
  source: ReleaseConfigFile,
  last: AppliedWeights,
  env: string,
): Promise<{ readonly claim: LoadBalancerClaim; readonly message: string }> {
  const state = releaseState(source.release);
  const changed = `the release state in ${source.label} changed during the watch (now ${stateText(state)})`;
  const back = await readServed(session);
  if ("unreadable" in back)
    return {
      claim: "unknown",
      message: `${changed}; reading the load balancer back failed (${back.unreadable.message}), so whether it serves what the config now deploys is UNKNOWN; stopped without further changes: compare golive release status ${env} with the dashboard`,
    };
  const { served } = back;
  const lb = servesApplied(served, last)
    ? `the load balancer still serves what this watch last set, ${steeringText(last)}`
    : movedText(served, last);
  const want = steeringFor(source.cfg, source.release, state);
  if (servesApplied(served, want))
    return {
      claim: "serves-config",
      message:
        `${lb}; ${changed}, and the load balancer serves what it now deploys (a rollback --now from this copy of the config, or an edit made there); ` +
        `stopped without further changes. ${source.label} holds the change made elsewhere: keep it, and commit it in a pull request (golive release status ${env} shows it)`,
    };
  return {
    claim: "differs",
    message: `${lb}; ${changed}, BUT it deploys ${steeringText(want)}, not what the load balancer serves; stopped without further changes: check golive release status ${env} against the dashboard before merging anything`,
  };
}

/**
 * A step PATCH that did not land (applyReadingBack read the load balancer back, or failed to): the run
 * stops with the config as the last step left it, and says what the load balancer serves, never what
 * it assumes. Served as the config deploys (the last step, or the start), a rerun goes on from there.
 * @returns what the run's end says, and its claim about the config against the load balancer
 */
export function afterFailedStep(
  source: ReleaseConfigFile,
  session: LoadBalancerSession,
  percent: number,
  outcome: SteeringNotApplied,
  env: string,
): { readonly claim: LoadBalancerClaim; readonly message: string } {
  const head = `step ${percent}% failed (${outcome.failed.message})`;
  if ("unreadable" in outcome)
    return {
      claim: "unknown",
      message:
        `${head}; reading the load balancer back failed too (${outcome.unreadable.message}), so whether it serves this step is UNKNOWN; ` +
        `${source.label} keeps the last step: check the load balancer in the dashboard, or roll back: golive release rollback ${env} --now`,
    };
  const drift = liveDrift(source.cfg, source.release, outcome.served, session.pool(source.release.candidate));
  if (drift === undefined)
    return {
      claim: "serves-config",
      message: `${head}; read back, the load balancer still serves ${steeringText(outcome.served)}: the step did not land, and ${source.label} keeps what it serves; run this again to go on`,
    };
  return {
    claim: "differs",
    message: `${head}; read back, the load balancer serves neither this step nor what ${source.label} deploys (${drift}); config not written for this step: check golive release status ${env} against the dashboard`,
  };
}

/**
 * Read before the first step and before the candidate pool is enabled: the live colour's pool disabled
 * (a failed check would roll back onto a pool that takes no traffic), a candidate pool marked by a
 * rollback (rolledBackMark: every `rollback --now` marks the colour it takes traffic from, until a
 * deploy of the traffic stack clears it), or a load balancer that does not serve what the config
 * deploys (liveDrift: a rollback, the dashboard), stops the watch before it sends anything, so it never
 * re-enables a pool someone drained nor promotes a build someone rolled back. One that serves exactly
 * the rollback of the config's release is told apart (unrecordedRollbackText), before the mark, which
 * such a rollback may have left too: its advice is to record that rollback, never to deploy the config.
 * @returns why the watch must not start (one line, with what to do), or undefined
 */
export async function liveDiffersFromConfig(
  session: LoadBalancerSession,
  source: ReleaseConfigFile,
  env: string,
): Promise<string | undefined> {
  const stable = session.pool(source.release.live);
  // What a failed check rolls back to must take traffic: Cloudflare sends none to a disabled pool.
  if (stable.enabled === false)
    return (
      `Cloudflare's ${source.release.live} pool ${stable.name}, which serves now and which a failed check would roll back to, is disabled ` +
      `(the dashboard, or a drain from another copy of the config). Nothing changed (no PATCH sent). Enable it: deploy the traffic stack ` +
      `(${deployCommand(env)}), whose config declares it enabled, or run golive release rollback ${env} --now, which enables it first; then run this again`
    );
  const colour = source.release.candidate;
  const pool = session.pool(colour);
  const served = await session.served();
  const why = liveDrift(source.cfg, source.release, served, pool);
  // Serving exactly the rollback of the config's release means no config records it, marked pool or not
  // (a golive that marked the pool before writing the config, stopped in between): record it first.
  const rolledBack = why === undefined ? undefined : servedRollback(source.cfg, source.release, served);
  const at = rolledBackMark(pool);
  if (why !== undefined && rolledBack !== undefined) return unrecordedRollbackText(source, why, rolledBack, env, at);
  if (at !== undefined)
    return (
      `Cloudflare's ${colour} pool ${pool.name} is marked rolled back: its description reads ${JSON.stringify(pool.description)}, ` +
      `written by ${MARK_WRITERS} at ${at} (from this copy of the config or another; who made it is not known). Nothing changed (no PATCH sent). ` +
      `A new release on ${colour} needs its start deployed first: have the config that holds the rollback merged (git pull), start the build, ` +
      `and deploy it (${deployCommand(env)}), which writes the pool's description from the config and clears the mark; then run this again`
    );
  if (why === undefined) return undefined;
  return (
    `the load balancer does not serve what ${source.label} deploys: ${why}. Nothing changed (no PATCH sent). ` +
    `If it was rolled back (rollback --now or the dashboard, from this copy of the config or another), have the config that holds ` +
    `that rollback merged (git pull) and start a new build; if ${source.label} is right and Cloudflare is behind, deploy it first ` +
    `(${deployCommand(env)}); then run this again`
  );
}

/**
 * The load balancer serves exactly the rollback of the config's release (servedRollback): traffic was
 * rolled back and this config does not record it. "Deploy the config first" would send sessions back to
 * the build rolled back from; `rollback --now` from it sets the steering already served (no session
 * moves) and writes the rollback into the config, so it is what to run, unless another copy of the
 * config holds that rollback: a candidate pool marked rolled back (`markedAt`) may mean either, so both
 * are said.
 */
function unrecordedRollbackText(
  source: ReleaseConfigFile,
  why: string,
  rolledBack: ServedRollback,
  env: string,
  markedAt?: string,
): string {
  const { from } = rolledBack;
  const build = source.release.builds?.[from];
  const record =
    `golive release rollback ${env} --now (it sets the steering already served, so no session moves, and writes ` +
    `${source.label}); commit that, then start a new build`;
  return (
    `the load balancer does not serve what ${source.label} deploys: ${why}. It serves exactly the rollback of that release ` +
    `(${steeringText(rolledBack.steering)}, what golive release rollback ${env} --now sets): rolled back, and no config records it ` +
    `(a rollback stopped before it wrote the config, or one from another copy not merged)` +
    (markedAt === undefined ? "" : `; Cloudflare's ${from} pool is marked rolled back at ${markedAt}`) +
    `. Nothing changed (no PATCH sent). ` +
    `Do not deploy ${source.label} as it is: that would send sessions back to ${from}${build === undefined ? "" : ` (${build})`}. ` +
    (markedAt === undefined
      ? `Record the rollback: ${record}`
      : `If another copy of the config holds that rollback, merge it (git pull); if none does, record it: ${record}`)
  );
}
