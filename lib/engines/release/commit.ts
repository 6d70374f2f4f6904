import type { Transition } from "../../features/release/state";
import { EXIT, type ExitCode } from "../../core/io";
import { editedConfigText, type ReleaseConfigFile, writeConfigAtomically } from "./config-file";
import { changeText, deployCommand, type ReleaseContext, stateText, transitionJson, writeJson, writeLines } from "./report";

/** A config edit prepared and validated but not yet written. */
export interface PreparedEdit {
  readonly source: ReleaseConfigFile;
  readonly transition: Transition;
  /** Undefined when there is nothing to change. */
  readonly text?: string;
}

export function prepareEdit(source: ReleaseConfigFile, transition: Transition): PreparedEdit {
  return transition.changes.length === 0
    ? { source, transition }
    : { source, transition, text: editedConfigText(source, transition.changes) };
}

/** Writes the edit (if any) and reports it; `extra` adds fields/lines (break-glass details). */
export function commitEdit(
  ctx: ReleaseContext,
  edit: PreparedEdit,
  extra?: { readonly json: Record<string, unknown>; readonly lines: readonly string[] },
): ExitCode {
  const { transition: t, source } = edit;
  if (edit.text !== undefined) writeConfigAtomically(source, edit.text);
  const written = edit.text !== undefined;
  if (ctx.json) {
    writeJson(ctx.io, {
      ok: true,
      environment: ctx.env,
      file: source.file,
      ...transitionJson(t),
      written,
      deploy: written ? deployCommand(ctx.env) : null,
      ...(extra?.json ?? {}),
    });
    return EXIT.ok;
  }
  const head = `release ${t.action} ${ctx.env}: `;
  const body = written
    ? [
        head + t.summary,
        ...t.changes.map((c) => `  ${changeText(c)}`),
        `Wrote ${source.file}. Review and merge it, then deploy the one stack it changes:`,
        `  ${deployCommand(ctx.env)}`,
      ]
    : [`${head}nothing to change (${stateText(t.before)})`];
  writeLines(ctx.io, [...body, ...(extra?.lines ?? [])]);
  return EXIT.ok;
}
