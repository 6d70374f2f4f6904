import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

export interface ExampleZone {
  /** Where `golive zone` synthesized the example configs (every environment). */
  readonly outdir: string;
  /** What it printed for production: the zone, DKIM tokens still unknown. */
  readonly stdout: string;
}

let made: Promise<ExampleZone> | undefined;

/**
 * `golive zone production --dir <empty> --config-dir <examples>`: synthesizes first, then prints the
 * zone. Run once per folder (its specs share this module, see suite.ts): zone.spec.ts asserts on this
 * run, e2e.spec.ts copies its synth output instead of synthesizing every stack again (~1 s of CPU).
 */
export function exampleZone(): Promise<ExampleZone> {
  made ??= (async () => {
    const workDir = tempDir("golive-zone-");
    const outdir = join(workDir, "cdktf.out");
    const run = await golive(["zone", "production", "--dir", outdir, "--config-dir", EXAMPLE_CONFIG_DIR], { cwd: workDir });
    if (run.code !== 0) throw new Error(`golive zone production exited ${run.code}: ${run.stderr}`);
    return { outdir, stdout: run.stdout };
  })();
  return made;
}
