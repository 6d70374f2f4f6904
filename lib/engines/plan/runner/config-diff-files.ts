import { displayPath } from "../../../core/display-path";
import { listSynthesizedStacks, readStackJson, type SynthesizedStack } from "../../../core/synth-output";
import { configDiff, isConfigReviewed } from "../config-diff";
import { configDigest } from "../config-digest";
import type { PlanInput } from "../report";

export interface ConfigDiffInputs {
  /** One input per stack reviewed as a configuration diff, in either synth output, sorted by name. */
  readonly inputs: PlanInput[];
  /** Per stack the head has: the digest of its synthesized configuration (what the deploy compares). */
  readonly digests: Record<string, string>;
}

/**
 * The configuration diffs of the `edge-*` and `monitoring-*` stacks between two synth outputs (each a
 * `cdktf.out` with its manifest.json): `baseDir`, what the default branch synthesizes, and `headDir`,
 * the pull request's. A stack in one of them only is all creates or all deletes. Throws
 * SynthOutputError (naming the file) when a listed stack cannot be read.
 */
export function readConfigDiffInputs(cwd: string, baseDir: string, headDir: string): ConfigDiffInputs {
  const reviewed = (dir: string): Map<string, SynthesizedStack> =>
    new Map(listSynthesizedStacks(dir).flatMap((s) => (isConfigReviewed(s.name) ? [[s.name, s] as const] : [])));
  const [base, head] = [reviewed(baseDir), reviewed(headDir)];
  const inputs: PlanInput[] = [];
  const digests: Record<string, string> = {};
  for (const stack of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const [was, is] = [base.get(stack), head.get(stack)];
    const headJson = is ? readStackJson(is) : undefined;
    const diff = configDiff(was ? readStackJson(was) : undefined, headJson);
    if (headJson !== undefined) digests[stack] = configDigest(headJson);
    const file = displayPath(cwd, (is ?? was)?.file ?? stack);
    inputs.push({ stack, file, plan: diff.plan, constructPaths: diff.constructPaths, configDiff: diff.note });
  }
  return { inputs, digests };
}
