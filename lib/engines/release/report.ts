import { formatPath } from "../../core/issues";
import type { FieldChange, ReleaseState } from "../../features/release/state";
import type { Transition } from "../../features/release/transitions";
import { stackName } from "../../core/names";
import { RELEASE_STACK_KIND } from "../../features/release";
import type { MomentListener } from "./moment";

/** What every release subcommand gets from the dispatcher. */
export interface ReleaseContext {
  /** The directory relative paths (and the config's label) are read from. */
  readonly cwd: string;
  readonly configDir: string;
  readonly env: string;
  /** `--json`: the result carries the machine-readable object instead of text lines. */
  readonly json: boolean;
  /** `--dry-run`: say what would change and which API calls would be made; write and call nothing. */
  readonly dryRun?: boolean;
  /** Told where a command that talks to the API is (moment.ts), for the note an interruption prints; absent: nobody asks. */
  readonly moment?: MomentListener;
}

/**
 * The one command that applies a release change: only the traffic stack, never the others. The traffic
 * stack declares the stacks it reads from (edge, monitoring) as dependencies, and cdktf refuses to deploy
 * a stack without them unless told to (@cdktf/cli-core stack-helpers.js: "Either add them or add the
 * --ignore-missing-stack-dependencies flag"); they are deployed already, and a rollback must touch
 * nothing else.
 */
export function deployCommand(env: string): string {
  return `npx cdktf deploy ${stackName(RELEASE_STACK_KIND, env)} --ignore-missing-stack-dependencies`;
}

export function changeText(c: FieldChange): string {
  return `${formatPath(c.path)}: ${c.from} -> ${c.to === null ? "(removed)" : c.to}`;
}

export function stateText(s: ReleaseState): string {
  const drained = s.drained ? `, ${s.drained} drained (pool disabled)` : "";
  return `live ${s.live}, candidate ${s.candidate}, previous ${s.previous}, weights blue ${s.weights.blue}% / green ${s.weights.green}%, phase ${s.phase}${drained}`;
}

export function transitionJson(t: Transition): Record<string, unknown> {
  return {
    action: t.action,
    summary: t.summary,
    changed: t.changes.length > 0,
    changes: t.changes.map((c) => ({ field: formatPath(c.path), from: c.from, to: c.to })),
    before: t.before,
    after: t.after,
  };
}

/** What a release command has to say on stdout: the `--json` object, or the text lines. */
export type ReleaseOutput = { readonly json: Record<string, unknown> } | { readonly lines: readonly string[] };

/**
 * What a release command returns. Library code prints nothing and picks no exit code (lib/README.md):
 * lib/cli prints `output` and `error`, and exits 1 when `ok` is false.
 */
export interface ReleaseResult {
  /** False: refused or failed part-way; `output` still says what was done. */
  readonly ok: boolean;
  readonly output: ReleaseOutput;
  /** What failed and what to do, one line for stderr. */
  readonly error?: string;
}

/** The output `ctx` asks for; only that form is built (a text report may skip what the JSON lists). */
export function outputFor(ctx: ReleaseContext, json: () => Record<string, unknown>, lines: () => readonly string[]): ReleaseOutput {
  return ctx.json ? { json: json() } : { lines: lines() };
}
