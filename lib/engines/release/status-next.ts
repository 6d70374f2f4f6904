import { ReleaseRefusal } from "../../features/release/errors";
import type { ReleaseConfig } from "../../features/release/schema";
import { abort, promote, rollback, shiftTo, start, type Transition } from "../../features/release/transitions";
import { changeText, transitionJson } from "./report";

/** What one command would do from the current state: its transition, or the refusal it would print. */
type Preview = { readonly ok: true; readonly transition: Transition } | { readonly ok: false; readonly refused: string };

/** The build `start`'s preview records: a placeholder, as the command's own usage writes it. */
const BUILD_PLACEHOLDER = "<id>";

/**
 * The two ends `shift` can reach that promote cannot: 0 (the candidate keeps its release but no new
 * sessions) and 100 (it becomes live now, skipping the remaining steps).
 */
const SHIFT_PREVIEWS = [0, 100] as const;

/** Each command's preview, in the order `golive release --help` lists them. */
export interface NextPreviews {
  readonly start: Preview;
  readonly shift: ReadonlyMap<number, Preview>;
  readonly promote: Preview;
  readonly abort: Preview;
  readonly rollback: Preview;
}

function preview(run: () => Transition): Preview {
  try {
    return { ok: true, transition: run() };
  } catch (err) {
    if (err instanceof ReleaseRefusal) return { ok: false, refused: err.message };
    throw err;
  }
}

/**
 * What each release command would change from `release`, each computed by the very state-machine call
 * the command makes (move.ts, rollback.ts: same functions, same options), so status cannot drift from
 * what the command then does.
 */
export function nextPreviews(release: ReleaseConfig, env: string): NextPreviews {
  return {
    start: preview(() => start(release, BUILD_PLACEHOLDER)),
    shift: new Map(SHIFT_PREVIEWS.map((percent) => [percent, preview(() => shiftTo(release, percent, { env }))])),
    promote: preview(() => promote(release)),
    abort: preview(() => abort(release)),
    rollback: preview(() => rollback(release)),
  };
}

function previewJson(p: Preview): Record<string, unknown> {
  return p.ok ? transitionJson(p.transition) : { refused: p.refused };
}

/** `--json`'s `next`: one entry per command; `start` names the placeholder build, `shift` is keyed by percent. */
export function nextJson(next: NextPreviews): Record<string, unknown> {
  return {
    start: { build: BUILD_PLACEHOLDER, ...previewJson(next.start) },
    shift: Object.fromEntries([...next.shift].map(([percent, p]) => [String(percent), previewJson(p)])),
    promote: previewJson(next.promote),
    abort: previewJson(next.abort),
    rollback: previewJson(next.rollback),
  };
}

function previewLines(label: string, p: Preview): string[] {
  if (!p.ok) return [`  ${label}: refused: ${p.refused}`];
  if (p.transition.changes.length === 0) return [`  ${label}: ${p.transition.summary}; nothing to change`];
  return [`  ${label}: ${p.transition.summary}`, ...p.transition.changes.map((c) => `      ${changeText(c)}`)];
}

/** `shift` refused alike at every percent (no release in flight): one line, not one per percent. */
function shiftLines(shift: ReadonlyMap<number, Preview>): string[] {
  const refusals = new Set([...shift.values()].map((p) => (p.ok ? undefined : p.refused)));
  const [only] = refusals;
  if (refusals.size === 1 && only !== undefined) return [`  shift: refused: ${only}`];
  return [...shift].flatMap(([percent, p]) => previewLines(`shift ${percent}`, p));
}

/** The text's lines under "Next:", each labelled as the command is typed. */
export function nextLines(next: NextPreviews): string[] {
  return [
    ...previewLines(`start --build ${BUILD_PLACEHOLDER}`, next.start),
    ...shiftLines(next.shift),
    ...previewLines("promote", next.promote),
    ...previewLines("abort", next.abort),
    ...previewLines("rollback", next.rollback),
  ];
}
