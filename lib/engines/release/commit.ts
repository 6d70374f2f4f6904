import { diffState, type ReleaseState, releaseState } from "../../features/release/state";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { ReleaseError } from "../../features/release/errors";
import { keepingDrain, type Transition } from "../../features/release/transitions";
import { editedConfigText, type ReleaseConfigFile, readReleaseConfig, writeConfigAtomically } from "./config-file";
import { changeText, deployCommand, outputFor, type ReleaseContext, type ReleaseResult, stateText, transitionJson } from "./report";

/** A config edit prepared and validated but not yet written. */
export interface PreparedEdit {
  readonly source: ReleaseConfigFile;
  readonly transition: Transition;
  /** Validated; undefined when there is nothing to change. */
  readonly text?: string;
}

export function prepareEdit(source: ReleaseConfigFile, transition: Transition): PreparedEdit {
  if (transition.changes.length === 0) return { source, transition };
  return { source, transition, text: editedConfigText(source, transition.changes) };
}

/** Fields and lines a command adds to an edit's report (break-glass details). */
export interface ReportExtra {
  readonly json: Record<string, unknown>;
  readonly lines: readonly string[];
}

/**
 * Writes the edit (if any) and reports it; `extra` adds fields/lines (break-glass details). With
 * `ctx.dryRun` nothing is written: the report says what would be.
 */
export function commitEdit(ctx: ReleaseContext, edit: PreparedEdit, extra?: ReportExtra): ReleaseResult {
  writeEdit(ctx, edit);
  return editReport(ctx, edit, extra);
}

/** Writes the edit over the file as it was read (nothing when it changes nothing, or with `ctx.dryRun`). */
export function writeEdit(ctx: ReleaseContext, edit: PreparedEdit): void {
  if (edit.text !== undefined && ctx.dryRun !== true) writeConfigAtomically(edit.source, edit.text);
}

/** What commitEdit reports for `edit`, once written (or, with `ctx.dryRun`, what would be). */
export function editReport(ctx: ReleaseContext, edit: PreparedEdit, extra?: ReportExtra): ReleaseResult {
  const { transition: t, source } = edit;
  const dryRun = ctx.dryRun === true;
  const changed = edit.text !== undefined;
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

/**
 * The edits to make by hand so the config records `t.after`, from the file's values as they are now:
 * a write that failed often failed because the file changed since this run read it, and edits quoting
 * the values it read then ("90 -> 100" where the file holds 50) mislead. From `t.before` when the file
 * cannot be read now, or is no valid config. Never the removal of a drain the file records of the colour a
 * rollback takes traffic from (keepingDrain).
 */
export function handEditsNow(ctx: ReleaseContext, t: Transition): string {
  let now: ReleaseState;
  try {
    now = releaseState(readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd).release);
  } catch (err) {
    if (!(err instanceof ReleaseError || err instanceof ConfigError || err instanceof ConfigErrors)) throw err;
    return handEditsText(t);
  }
  // A drain the file records of the colour rolled back from stays: removing it would have the next deploy enable that pool.
  const changes = diffState(now, t.action === "rollback" ? keepingDrain(now, t.after) : t.after);
  return changes.length === 0 ? "The file already records that state (written meanwhile)." : handEditsText({ changes });
}

/** What to change by hand when the API changed and the config could not be written. */
function handEditsText(t: Pick<Transition, "changes">): string {
  return `Make these edits by hand before any deploy: ${t.changes.map(changeText).join("; ")}`;
}
