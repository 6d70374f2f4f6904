import { listSynthesizedStacks, SynthOutputError } from "../core/synth-output";
import { parseStackName } from "../engines/synth/deploy-order";

/**
 * The environments whose stacks `outdir`'s manifest lists (none without a synth output); undefined
 * when the manifest cannot be read: the command reading it reports why.
 */
export function synthesizedEnvironments(outdir: string): string[] | undefined {
  try {
    const envs = listSynthesizedStacks(outdir).flatMap((s) => parseStackName(s.name)?.environment ?? []);
    return [...new Set(envs)].sort();
  } catch (err) {
    if (err instanceof SynthOutputError) return undefined;
    throw err;
  }
}
