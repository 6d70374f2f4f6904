import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { listSynthesizedStacks } from "../../core/synth-output";
import { TERRAFORM_WORKING_FILES } from "./output-layout";
import { TEMP_MARKER } from "./temp-folders";

/** A Terraform working file moved from the previous output into the new one. */
interface Move {
  readonly from: string;
  readonly to: string;
}

/**
 * Terraform's working files of the stacks the new output `next` rebuilt (output-layout.ts), where the
 * previous output `previous` has them and `next` does not (a committed lock provider-lock.ts copied in wins).
 */
function workingFileMoves(previous: string, next: string): Move[] {
  const rebuilt = new Map(listSynthesizedStacks(next).map((s) => [s.name, s.dir]));
  const moves: Move[] = [];
  for (const stack of listSynthesizedStacks(previous)) {
    const fresh = rebuilt.get(stack.name);
    if (fresh === undefined) continue;
    for (const f of TERRAFORM_WORKING_FILES)
      if (existsSync(join(stack.dir, f)) && !existsSync(join(fresh, f))) moves.push({ from: join(stack.dir, f), to: join(fresh, f) });
  }
  return moves;
}

/** Moves each file back where it was; false when one cannot be (it is then left where it is, never removed). */
function moveBack(moved: readonly Move[]): boolean {
  let all = true;
  for (const { from, to } of moved) {
    try {
      renameSync(to, from);
    } catch {
      all = false;
    }
  }
  return all;
}

/** Undoes a swap that failed part way; false when something could not be put back. */
function undo(outdir: string, old: string, aside: boolean, moved: readonly Move[]): boolean {
  try {
    if (aside) renameSync(old, outdir);
  } catch {
    return false; // the working files' old places are gone with outdir: they stay in the new output
  }
  return moveBack(moved);
}

/**
 * Puts the new output `tmp` in place of `outdir` (moved to `old` for the moment of the swap), taking
 * along the previous output's Terraform working files (`.terraform` holds the providers and the backend:
 * `terraform output` needs no new init). Called after the last check, so nothing else refuses the synth
 * once they move; from then on `tmp` and `old` are this function's to remove. golive's marker goes
 * first: a synth stopped by a signal from here on leaves `tmp`, with the working files in it, to the next
 * synth's sweep, which removes only a marked folder (temp-folders.ts). A failure puts everything back
 * (`outdir` as it was, working files included) and removes `tmp` only when all is back.
 */
export function swapIntoPlace(outdir: string, tmp: string, old: string): void {
  rmSync(join(tmp, TEMP_MARKER));
  const moved: Move[] = [];
  let aside = false;
  try {
    for (const move of workingFileMoves(outdir, tmp)) {
      renameSync(move.from, move.to);
      moved.push(move);
    }
    if (existsSync(outdir)) {
      renameSync(outdir, old);
      aside = true;
    }
    renameSync(tmp, outdir);
  } catch (err) {
    if (undo(outdir, old, aside, moved)) rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}
