import { isDeepStrictEqual } from "node:util";
import type { AppliedPoolEdit, AppliedPoolEnabled, AppliedWeights } from "../../features/release/break-glass";
import type { PoolOutcome } from "../../features/release/rollback-mark";
import type { RollbackHeld } from "../../features/release/rollback-hold";
import { type ServedSteering, steeringText } from "../../features/release/steering";
import type { Colour } from "../../features/release/schema";
import { diffState, otherColour, releaseState } from "../../features/release/state";
import { drainedElsewhere, type Transition } from "../../features/release/transitions";
import {
  ConfigChangedError,
  editedConfigText,
  type ReleaseConfigFile,
  ReleaseConfigError,
  readReleaseConfig,
  writeConfigAtomically,
} from "./config-file";
import { editReport, handEditsNow, type PreparedEdit, prepareEdit, writeEdit } from "./commit";
import type { ReleaseContext, ReleaseResult } from "./report";

// Break-glass, second half (`rollback --now`): the API already serves the rollback; now the config, so
// the next deploy matches it, then the pool rolled back from is marked. The config comes first: a run
// stopped while the pool PATCH is retried or hangs (Ctrl-C, a CI job cancelled) has recorded it.

/** What the API accepted in a break-glass rollback before the config is written. */
export interface ApiOutcome {
  /** The pool rolled back to, enabled first: Cloudflare listed it disabled. */
  readonly enabledTarget?: AppliedPoolEnabled;
  readonly weights: AppliedWeights;
  /** The PATCH failed (its answer lost) but the load balancer, read back, serves the rollback. */
  readonly readBack?: string;
  /** Cloudflare listed the pool rolled back from disabled: another run drained it; the edit records release.drained. */
  readonly drainedElsewhere?: Colour;
}

/** The pool PATCH sent once the config is written, and how to redo the rollback on the file as it is. */
export interface PoolStep {
  /** Marks the pool rolled back from (with a drain, disables it too) in one PATCH (markRolledBack): never throws. */
  mark(): Promise<PoolOutcome | undefined>;
  /** The edit records a drain: a pool PATCH that does not land takes it out of the config again. */
  readonly drain: boolean;
  /** The rollback on `current` (the file read again), with or without the drain. */
  redo(current: ReleaseConfigFile, drain: boolean): Transition;
  /** After the mark: the load balancer read back, the rollback applied again if a concurrent step overwrote it (rollback-hold.ts). */
  hold(): Promise<RollbackHeld>;
}

/** An edit as written: on the file as first read, or redone on it read again after it changed meanwhile (`note`). */
interface Written {
  readonly edit: PreparedEdit;
  readonly note?: string;
}

/** Why the pool PATCH failed after the traffic moved; `drain`: it was to disable the pool too. */
interface PoolFailed {
  readonly message: string;
  readonly drain: boolean;
}

/** Why the pool rolled back from is not as the rollback left it, and what to do (exit 1). */
function poolFailureText(ctx: ReleaseContext, live: string, failed: PoolFailed): string {
  const what = failed.drain ? "the pool could not be disabled and marked rolled back" : "the pool could not be marked rolled back";
  const recorded = failed.drain ? "the config records the rollback without the drain" : "the config records the rollback";
  return (
    `the load balancer serves ${live}, BUT ${what} (${failed.message}); ${recorded}. Without the mark, a release watch started ` +
    `from a config that does not hold this rollback is not refused. Retry: golive release rollback ${ctx.env} --now${failed.drain ? " --drain" : ""}`
  );
}

/** The lines that say what the pool PATCH left: the mark (and the drain), and a note when its answer was lost. */
function poolLines(ctx: ReleaseContext, marked: AppliedPoolEdit | undefined): string[] {
  if (marked === undefined) return [];
  return [
    ...(marked.readBack ? [`Note: ${marked.readBack}.`] : []),
    `The ${marked.colour} pool's description now reads ${JSON.stringify(marked.description)}: golive release promote ${ctx.env} --watch ` +
      `refuses ${marked.colour} until a deploy of traffic-${ctx.env} writes the description from the config again (which clears the mark).`,
  ];
}

/** The rollback was overwritten after its PATCH (a release watch's step in the same milliseconds) and applied again. */
function reappliedNote(overwritten: ServedSteering, times: number, live: string): string {
  return (
    `Note: read back after the mark, the load balancer served ${steeringText(overwritten)} (a change sent at the same time, such as a release ` +
    `watch's step, landed after the rollback); the rollback was applied again (${times} time${times === 1 ? "" : "s"}) and read back serves ${live}.`
  );
}

/** The rollback did not stand, read back after the mark: what to do (exit 1). */
function heldLostText(ctx: ReleaseContext, live: string, lost: string): string {
  return (
    `the rollback to ${live} was applied and recorded, BUT ${lost}. Stop any release watch of ${ctx.env} (cancel the release workflow), ` +
    `then run golive release rollback ${ctx.env} --now again (it sets the same steering, so repeating it is safe)`
  );
}

/** Why the config records a drain this run did not ask for: another run disabled the pool. */
function drainedElsewhereNote(colour: Colour): string {
  return (
    `Note: Cloudflare already listed the ${colour} pool disabled: another run drained it (a rollback --now --drain from another copy ` +
    `of the config, or the dashboard), so the config records release.drained: ${colour} and the next deploy keeps it disabled.`
  );
}

/** A config write that threw: a full disk, the file changed to another release or into no valid config. */
export interface WriteFailed {
  readonly failed: unknown;
}

/**
 * The order of every rollback through the API once the load balancer serves it (`rollback --now`,
 * commitAfterApi, and the release watch's own after a failed check, watch-rollback.ts): `write` records
 * it in the config first, then `mark` PATCHes the pool rolled back from (markRolledBack, retried with
 * timeouts: tens of seconds). A run stopped while the mark is sent (Ctrl-C, SIGKILL, a runner
 * cancelled) has recorded the rollback, so merging or deploying its config cannot undo it. A write that
 * throws is returned, never thrown: the traffic moved, so the mark is sent all the same, and the
 * caller says what to edit by hand; a failed mark is the caller's to report (it never throws).
 */
export async function recordThenMark<W extends object>(
  write: () => W,
  mark: () => Promise<PoolOutcome | undefined>,
): Promise<{ readonly written: W | WriteFailed; readonly mark: PoolOutcome | undefined }> {
  let written: W | WriteFailed;
  try {
    written = write();
  } catch (err) {
    written = { failed: err };
  }
  return { written, mark: await mark() };
}

/**
 * Writes the config right after the load balancer change (a file changed since it was read is read
 * again and the change redone there: recordOnChangedFile), then sends the pool PATCH (`pool.mark`), also
 * when the write failed. A failed write names the edits to make by hand (the API change is not undone);
 * a failed pool PATCH is reported after the config is written (exit 1): the traffic moved. A drain
 * that did not land is taken out of the config again (withoutDrain), so it records what Cloudflare serves.
 */
export async function commitAfterApi(ctx: ReleaseContext, edit: PreparedEdit, outcome: ApiOutcome, pool: PoolStep): Promise<ReleaseResult> {
  const live = edit.transition.after.live;
  const { written, mark } = await recordThenMark(
    () => {
      const done = writeAfterApi(ctx, edit, (current) => pool.redo(current, pool.drain));
      ctx.moment?.({ kind: "rollback-recorded", file: done.edit.source.label, live, from: otherColour(live) });
      return done;
    },
    () => pool.mark(),
  );
  // Read back after the mark: the report says what the load balancer serves then, never what the PATCH left.
  const held = await pool.hold();
  const poolFailed: PoolFailed | undefined = mark && "failed" in mark ? { message: mark.failed.message, drain: pool.drain } : undefined;
  const marked = mark && "applied" in mark ? mark.applied : undefined;
  const drained = marked?.enabled === false ? { ...marked, enabled: false } : undefined;
  const { enabledTarget, weights: applied, readBack, drainedElsewhere } = outcome;
  const enabled = enabledTarget ? `, whose pool (${enabledTarget.poolId}) was disabled and is enabled again,` : "";
  const disabled = drained ? ` and the ${drained.colour} pool (${drained.poolId}) is disabled` : "";
  const served =
    "lost" in held
      ? `Cloudflare took the rollback to ${live}${enabled} (load balancer ${applied.loadBalancerId})${disabled}, BUT ${held.lost}; the config records the rollback.`
      : `Cloudflare now serves ${live}${enabled} (load balancer ${applied.loadBalancerId})${disabled}; the config keeps the next deploy from undoing it.`;
  const notWritten = (err: unknown, t: Transition) =>
    new ReleaseConfigError(
      `${served.split(";")[0]}, BUT the config was not written (${err instanceof Error ? err.message : String(err)}). ${handEditsNow(ctx, t)}`,
    );
  if ("failed" in written) throw notWritten(written.failed, poolFailed?.drain ? pool.redo(edit.source, false) : edit.transition);
  let recorded = written;
  const lostFailure = "lost" in held ? heldLostText(ctx, live, held.lost) : undefined;
  let failure = poolFailed === undefined ? lostFailure : [lostFailure, poolFailureText(ctx, live, poolFailed)].filter(Boolean).join(". ");
  if (poolFailed?.drain) {
    try {
      recorded = withoutDrain(ctx, written, pool);
    } catch (err) {
      failure = `${failure}. BUT the drain could not be taken out of the config again (${err instanceof Error ? err.message : String(err)}): it records release.drained while the pool is enabled; remove it by hand before any deploy, or retry as said`;
    }
  }
  const json = {
    breakGlass: {
      applied: true,
      ...applied,
      ...(enabledTarget ? { enabledTarget } : {}),
      ...(marked ? { marked } : {}),
      ...(drained ? { drained } : {}),
      ...(poolFailed ? { poolFailed: poolFailed.message, ...(poolFailed.drain ? { drainFailed: poolFailed.message } : {}) } : {}),
      ...(readBack ? { readBack } : {}),
      ...(drainedElsewhere ? { drainedElsewhere } : {}),
      readBackAfterMark: "lost" in held ? { lost: held.lost } : { reapplied: held.reapplied, served: steeringText(held.served) },
    },
    ...(failure ? { ok: false, error: failure } : {}),
  };
  const lines = [
    ...(recorded.note ? [recorded.note] : []),
    ...(readBack ? [`Note: ${readBack}.`] : []),
    ...(drainedElsewhere ? [drainedElsewhereNote(drainedElsewhere)] : []),
    ...("overwritten" in held && held.overwritten !== undefined ? [reappliedNote(held.overwritten, held.reapplied, live)] : []),
    served,
    ...poolLines(ctx, marked),
  ];
  const result = editReport(ctx, recorded.edit, { json, lines });
  return failure === undefined ? result : { ...result, ok: false, error: failure };
}

/** Writes `edit`; a file changed since it was read gets the rollback redone on it (recordOnChangedFile). */
function writeAfterApi(ctx: ReleaseContext, edit: PreparedEdit, again: (current: ReleaseConfigFile) => Transition): Written {
  try {
    writeEdit(ctx, edit);
    return { edit };
  } catch (err) {
    if (!(err instanceof ConfigChangedError)) throw err;
    return recordOnChangedFile(ctx, edit, again);
  }
}

/**
 * The file changed between the rollback's read and its write: a release watch in the same working copy
 * wrote its next step (the audit's drill: a `rollback --now` one second after a watch's 10% step), or
 * someone edited it. The rollback is done again on the file as it is now (`again`): when that leads to
 * the state the API already serves (a rollback's target does not depend on the step the release was
 * at), it is recorded there, as it is when it holds this rollback with the drain another run recorded
 * (drainedElsewhere: that file already records what is served); else nothing is written and the edits to make by hand start from the
 * file's present values (handEditsNow), so no change made meanwhile is overwritten unseen. The file
 * read again may be no valid config (an edit under way): that throws too, and the caller says that
 * Cloudflare moved and what to edit by hand.
 */
function recordOnChangedFile(ctx: ReleaseContext, edit: PreparedEdit, again: (current: ReleaseConfigFile) => Transition): Written {
  const current = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const redone = again(current);
  const target = edit.transition.after;
  // Another run's `rollback --now --drain` recorded this rollback with the drain: the file holds what
  // Cloudflare serves (that run disabled the pool, or takes the drain out again if it could not).
  const drained = drainedElsewhere(redone.after, target) ? redone.after.drained : undefined;
  if (drained === undefined && !isDeepStrictEqual(redone.after, target))
    throw new ReleaseConfigError(`${current.label} changed while the command ran, to a release this rollback does not lead from`);
  const prepared = prepareEdit(current, redone);
  writeEdit(ctx, prepared);
  if (drained !== undefined)
    return {
      edit: prepared,
      note: `Note: ${current.label} changed while the rollback ran: another run recorded this rollback with the drain of ${drained} (release.drained: ${drained}), which ${prepared.text === undefined ? "is what Cloudflare serves; the file is left as it is" : "is kept; read again, the rollback is recorded on it"}.`,
    };
  return {
    edit: prepared,
    note: `Note: ${current.label} changed while the rollback ran (a release watch's step, or an edit); read again, the rollback is recorded on it.`,
  };
}

/**
 * The drain did not land, but the config, written before the pool PATCH, records it: `release.drained`
 * is set back in the file (when it still holds what this run wrote), so the config records the rollback
 * Cloudflare serves, without the drain. Returns the edit as now recorded, for the report.
 */
function withoutDrain(ctx: ReleaseContext, written: Written, pool: PoolStep): Written {
  const { source, text, transition } = written.edit;
  const drainless = prepareEdit(source, pool.redo(source, false));
  if (text !== undefined) {
    const current = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
    const now = releaseState(current.release);
    const changes = now.drained === transition.after.drained ? diffState(now, { ...now, drained: drainless.transition.after.drained }) : [];
    if (changes.length > 0) writeConfigAtomically(current, editedConfigText(current, changes));
  }
  return { ...written, edit: drainless };
}
