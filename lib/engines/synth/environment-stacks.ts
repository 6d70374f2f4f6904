import { existsSync } from "node:fs";
import { listSynthesizedStacks } from "../../core/synth-output";
import { parseStackName } from "./deploy-order";

/**
 * Environment -> the names of its stacks in `outdir` (sorted): those the manifest lists whose file is
 * there, as every reader takes a stack (a listed stack without its file is read by none). Empty without a
 * synth output. What golive.json records after a synth, and what a reader compares that record with.
 */
export function stackNamesByEnvironment(outdir: string): Map<string, string[]> {
  const byEnv = new Map<string, string[]>();
  for (const stack of listSynthesizedStacks(outdir)) {
    const env = parseStackName(stack.name)?.environment;
    if (env === undefined || !existsSync(stack.file)) continue;
    byEnv.set(env, [...(byEnv.get(env) ?? []), stack.name]);
  }
  return byEnv;
}
