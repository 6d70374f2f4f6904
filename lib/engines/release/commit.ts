import type { AppliedDrain, AppliedPoolEdit, AppliedPoolEnabled, AppliedWeights } from "../../features/release/break-glass";
import { isDeepStrictEqual } from "node:util";
import { diffState, type ReleaseState, releaseState } from "../../features/release/state";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { ReleaseError } from "../../features/release/errors";
import type { Transition } from "../../features/release/transitions";
import {
  ConfigChangedError,
  editedConfigText,
  type ReleaseConfigFile,
  ReleaseConfigError,
  readReleaseConfig,
  type ValidatedText,
  writeConfigAtomically,
} from "./config-file";
import { changeText, deployCommand, outputFor, type ReleaseContext, type ReleaseResult, stateText, transitionJson } from "./report";

/** A config edit prepared and validated but not yet written. */
export interface PreparedEdit {
  readonly source: ReleaseConfigFile;
  readonly transition: Transition;
  /** Undefined when there is nothing to change. */
  readonly text?: string;
  /** The edited text as validated (readReleaseConfig's `known`, once it is written). */
  readonly validated?: ValidatedText;
}

export function prepareEdit(source: ReleaseConfigFile, transition: Transition): PreparedEdit {
  if (transition.changes.length === 0) return { source, transition };
  const validated = editedConfigText(source, transition.changes);
  return { source, transition, text: validated.text, validated };
}

/**
 * Writes the edit (if any) and reports it; `extra` adds fields/lines (break-glass details). With
 * `ctx.dryRun` nothing is written: the report says what would be.
 */
export function commitEdit(
  ctx: ReleaseContext,
  edit: PreparedEdit,
  extra?: { readonly json: Record<string, unknown>; readonly lines: readonly string[] },
): ReleaseResult {
  const { transition: t, source } = edit;
  const dryRun = ctx.dryRun === true;
  const changed = edit.text !== undefined;
  if (edit.text !== undefined && !dryRun) writeConfigAtomically(source, edit.text);
  const json = () => ({
    ok: true,
    environment: ctx.env,
    file: source.label,
    ...transitionJson(t),
    written: changed && !dryRun,
    ...(dryRun ? { dryRun: true } : {}),
    deploy: changed ? deployCommand(ctx.env) : null,
    ...(extra?.json ?? {}),
  });
  const head = `release ${t.action} ${ctx.env}${dryRun ? " (dry run)" : ""}: `;
  const body = changed
    ? [
        head + t.summary,
        ...t.changes.map((c) => `  ${changeText(c)}`),
        dryRun
          ? `Would write ${source.label}; nothing was written (--dry-run). After it, the one stack to deploy:`
          : `Wrote ${source.label}. Review and merge it, then deploy the one stack it changes:`,
        `  ${deployCommand(ctx.env)}`,
      ]
    : [`${head}${nothingText(t)} (${stateText(t.before)})`];
  return { ok: true, output: outputFor(ctx, json, () => [...body, ...(extra?.lines ?? [])]) };
}

/** Why nothing changes, in the action's own words ("nothing to promote: ...") where it has them. */
function nothingText(t: Transition): string {
  return t.summary.startsWith("nothing to ") ? `${t.summary}; nothing to change` : "nothing to change";
}

/** What the API accepted in a break-glass rollback. */
export interface ApiOutcome {
  /** The pool rolled back to, enabled first: Cloudflare listed it disabled. */
  readonly enabledTarget?: AppliedPoolEnabled;
  readonly weights: AppliedWeights;
  /** The pool rolled back from, marked in its description (and disabled with `--drain`). */
  readonly marked?: AppliedPoolEdit;
  /** The pool `--drain` disabled. */
  readonly drained?: AppliedDrain;
  /** Why the pool PATCH failed after the traffic moved; `drain`: it was to disable the pool too (then `edit` leaves the drain out). */
  readonly poolFailed?: { readonly message: string; readonly drain: boolean };
  /** The PATCH failed (its answer lost) but the load balancer, read back, serves the rollback. */
  readonly readBack?: string;
}

/** Why the pool rolled back from is not as the rollback left it, and what to do (exit 1). */
function poolFailureText(ctx: ReleaseContext, live: string, failed: { readonly message: string; readonly drain: boolean }): string {
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

/**
 * Break-glass, second half: the API already serves `edit`'s state; now the config, so the next deploy
 * matches it. A file changed since it was read is read again and the change redone there (`again`,
 * recordOnChangedFile). A failed write names the edits to make by hand (the API change is not undone).
 * A failed pool PATCH (mark, drain) is reported after the config is written (exit 1): the traffic moved.
 */
export function commitAfterApi(
  ctx: ReleaseContext,
  edit: PreparedEdit,
  outcome: ApiOutcome,
  again?: (current: ReleaseConfigFile) => Transition,
): ReleaseResult {
  const { enabledTarget, weights: applied, marked, drained, poolFailed, readBack } = outcome;
  const live = edit.transition.after.live;
  const enabled = enabledTarget ? `, whose pool (${enabledTarget.poolId}) was disabled and is enabled again,` : "";
  const pool = drained ? ` and the ${drained.colour} pool (${drained.poolId}) is disabled` : "";
  const served = `Cloudflare now serves ${live}${enabled} (load balancer ${applied.loadBalancerId})${pool}; the config keeps the next deploy from undoing it.`;
  const failure = poolFailed === undefined ? undefined : poolFailureText(ctx, live, poolFailed);
  const json = {
    breakGlass: {
      applied: true,
      ...applied,
      ...(enabledTarget ? { enabledTarget } : {}),
      ...(marked ? { marked } : {}),
      ...(drained ? { drained } : {}),
      ...(poolFailed ? { poolFailed: poolFailed.message, ...(poolFailed.drain ? { drainFailed: poolFailed.message } : {}) } : {}),
      ...(readBack ? { readBack } : {}),
    },
    ...(failure ? { ok: false, error: failure } : {}),
  };
  const lines = [...(readBack ? [`Note: ${readBack}.`] : []), served, ...poolLines(ctx, marked)];
  const notWritten = (err: unknown) =>
    new ReleaseConfigError(
      `${served.split(";")[0]}, BUT the config was not written (${err instanceof Error ? err.message : String(err)}). ${handEditsNow(ctx, edit.transition)}`,
    );
  let result: ReleaseResult;
  try {
    result = commitEdit(ctx, edit, { json, lines });
  } catch (err) {
    if (!(err instanceof ConfigChangedError) || again === undefined) throw notWritten(err);
    result = recordOnChangedFile(ctx, edit, again, { json, lines }, notWritten);
  }
  return failure === undefined ? result : { ...result, ok: false, error: failure };
}

/**
 * The file changed between the rollback's read and its write: a release watch in the same working copy
 * wrote its next step (the audit's drill: a `rollback --now` one second after a watch's 10% step), or
 * someone edited it. The rollback is done again on the file as it is now (`again`): when that leads to
 * the state the API already serves (a rollback's target does not depend on the step the release was
 * at), it is recorded there; else nothing is written and the edits to make by hand start from the
 * file's present values (handEditsNow), so no change made meanwhile is overwritten unseen.
 */
function recordOnChangedFile(
  ctx: ReleaseContext,
  edit: PreparedEdit,
  again: (current: ReleaseConfigFile) => Transition,
  extra: { readonly json: Record<string, unknown>; readonly lines: readonly string[] },
  notWritten: (err: unknown) => ReleaseConfigError,
): ReleaseResult {
  let current: ReleaseConfigFile;
  let redone: Transition;
  try {
    // The file read again may not be a valid config now (an edit under way): that too is a config not
    // written after Cloudflare moved, and the message must say so and what to edit by hand.
    current = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
    redone = again(current);
  } catch (err) {
    throw notWritten(err);
  }
  if (!isDeepStrictEqual(redone.after, edit.transition.after))
    throw notWritten(
      new ReleaseConfigError(`${current.label} changed while the command ran, to a release this rollback does not lead from`),
    );
  const note = `Note: ${current.label} changed while the rollback ran (a release watch's step, or an edit); read again, the rollback is recorded on it.`;
  try {
    return commitEdit(ctx, prepareEdit(current, redone), { json: extra.json, lines: [note, ...extra.lines] });
  } catch (err) {
    throw notWritten(err);
  }
}

/**
 * The edits to make by hand so the config records `t.after`, from the file's values as they are now:
 * a write that failed often failed because the file changed since this run read it, and edits quoting
 * the values it read then ("90 -> 100" where the file holds 50) mislead. From `t.before` when the file
 * cannot be read now, or is no valid config.
 */
export function handEditsNow(ctx: ReleaseContext, t: Transition): string {
  let now: ReleaseState;
  try {
    now = releaseState(readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd).release);
  } catch (err) {
    if (!(err instanceof ReleaseError || err instanceof ConfigError || err instanceof ConfigErrors)) throw err;
    return handEditsText(t);
  }
  const changes = diffState(now, t.after);
  return changes.length === 0 ? "The file already records that state (written meanwhile)." : handEditsText({ changes });
}

/** What to change by hand when the API changed and the config could not be written. */
function handEditsText(t: Pick<Transition, "changes">): string {
  return `Make these edits by hand before any deploy: ${t.changes.map(changeText).join("; ")}`;
}
