import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { BoundedReadError, readBoundedBytes } from "../../core/bounded-read";
import { listSynthesizedStacks, MAX_SYNTH_FILE_BYTES, type SynthesizedStack } from "../../core/synth-output";
import { parseStackName } from "./deploy-order";

/**
 * Environment -> its stacks in `outdir` (sorted by name): those the manifest lists whose file is there,
 * as every reader takes a stack (a listed stack without its file is read by none). Empty without a
 * synth output.
 */
export function stacksByEnvironment(outdir: string): Map<string, SynthesizedStack[]> {
  const byEnv = new Map<string, SynthesizedStack[]>();
  for (const stack of listSynthesizedStacks(outdir)) {
    const env = parseStackName(stack.name)?.environment;
    if (env === undefined || !existsSync(stack.file)) continue;
    byEnv.set(env, [...(byEnv.get(env) ?? []), stack]);
  }
  return byEnv;
}

/**
 * Environment -> the names of its stacks (`byEnv`, from stacksByEnvironment). What golive.json records
 * after a synth, and what a reader compares that record with.
 */
export function stackNamesByEnvironment(byEnv: ReadonlyMap<string, readonly SynthesizedStack[]>): Map<string, string[]> {
  return new Map([...byEnv].map(([env, stacks]) => [env, stacks.map((s) => s.name)]));
}

/**
 * The SHA-256 of a stack's file (its cdk.tf.json), as golive.json records it after a synth and a reader
 * compares it: a stack edited since (hollowed out to `{"terraform":{}}`) no longer matches. Read as the
 * stack reader reads it, bounded (bounded-read.ts: a regular file, no link, at most MAX_SYNTH_FILE_BYTES,
 * so a FIFO cannot hang nor a huge file stall the check); undefined when it cannot be read so, which no
 * recorded digest matches.
 */
export function stackFileDigest(file: string): string | undefined {
  try {
    return createHash("sha256")
      .update(readBoundedBytes(file, MAX_SYNTH_FILE_BYTES, { noFollow: true }))
      .digest("hex");
  } catch (err) {
    if (err instanceof BoundedReadError) return undefined;
    throw err;
  }
}

/** Environment -> stack -> stackFileDigest of each stack in `byEnv` (from stacksByEnvironment), to record after a synth. */
export function stackDigestsByEnvironment(byEnv: ReadonlyMap<string, readonly SynthesizedStack[]>): Map<string, Map<string, string>> {
  const digestsOf = (stacks: readonly SynthesizedStack[]) =>
    new Map(
      stacks.flatMap((s) => {
        const digest = stackFileDigest(s.file);
        return digest === undefined ? [] : [[s.name, digest] as const];
      }),
    );
  return new Map([...byEnv].map(([env, stacks]) => [env, digestsOf(stacks)]));
}
