import { cpSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "./cli";
import { EXAMPLE_CONFIG_DIR } from "./example-config";

let synthesized: Promise<string> | undefined;

/**
 * The `cdktf.out` that `golive synth` writes for the example configs, made once per test folder (a
 * folder's specs share this module, see suite.ts): a full synth costs seconds even in-process. For
 * tests whose claim is about what reads or replaces a synth output, not about synth itself.
 */
export function exampleSynthOutput(): Promise<string> {
  synthesized ??= (async () => {
    const dir = tempDir("golive-example-synth-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    const run = await golive(["synth"], { cwd: dir });
    if (run.code !== 0) throw new Error(`golive synth of the example configs exited ${run.code}: ${run.stderr}`);
    return join(dir, "cdktf.out");
  })();
  return synthesized;
}

/**
 * Puts the examples' synth output at `<dir>/cdktf.out`, as if `golive synth` had just run in `dir`
 * (whose `config/` must hold the example configs: the output records their fingerprints, and
 * nothing in it names the folder it was made in).
 */
export async function copyExampleSynth(dir: string): Promise<string> {
  const out = join(dir, "cdktf.out");
  cpSync(await exampleSynthOutput(), out, { recursive: true, verbatimSymlinks: true });
  return out;
}
