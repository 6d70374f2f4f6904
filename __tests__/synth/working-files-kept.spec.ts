import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { listSynthesizedStacks } from "../../lib/core/synth-output";
import { synthesizeToDisk, UnsafeOutputError } from "../../lib/engines/synth/synthesize";
import { tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

const STAGING = new Map([["staging", exampleConfig([], "staging")]]);

/** The examples' synth output with Terraform's working files (a `.terraform/marker`, a lock) in every stack. */
async function initializedOutput(): Promise<{ out: string; stackDirs: string[] }> {
  const out = await copyExampleSynth(tempDir("golive-working-files-"));
  const stackDirs = listSynthesizedStacks(out).map((s) => s.dir);
  for (const dir of stackDirs) {
    mkdirSync(join(dir, ".terraform"));
    writeFileSync(join(dir, ".terraform", "marker"), "providers\n");
    writeFileSync(join(dir, ".terraform.lock.hcl"), "# init's lock\n");
  }
  return { out, stackDirs };
}

const intact = (dirs: readonly string[]) =>
  dirs.filter(
    (d) =>
      readFileSync(join(d, ".terraform", "marker"), "utf8") === "providers\n" &&
      readFileSync(join(d, ".terraform.lock.hcl"), "utf8") === "# init's lock\n",
  );

/** This process's temporary folders beside `out`: none is left by a synth that failed cleanly. */
const ownTempFolders = (out: string) => readdirSync(dirname(out)).filter((n) => n.startsWith(`.golive-tmp-synth-${process.pid}-`));

/** A synth refused or failed at the end leaves the previous output whole, Terraform's working files included. */
describe("a failed synth keeps every stack's Terraform working files", () => {
  test("fails when a file appears in the output during the synth, and every .terraform and lock stays", async () => {
    const { out, stackDirs } = await initializedOutput();
    // A folder named like a stopped synth's that the sweep leaves (no marker): its note comes after the
    // first check and before the synth, the moment a file dropped into the output is found only by the last one.
    const ended = spawnSync("true").pid as number;
    mkdirSync(join(dirname(out), `.golive-tmp-synth-${ended}-1`));
    const drop = () => writeFileSync(join(out, "stray.txt"), "mine\n");
    expect(() => synthesizeToDisk({ configs: STAGING, outdir: out, onNote: drop })).toThrow(
      new UnsafeOutputError(
        `${out} holds files golive did not write (stray.txt): synth replaces the whole folder, so move them out of it, or choose an empty or new folder`,
      ),
    );
    expect(stackDirs.length).toBeGreaterThan(0);
    expect(intact(stackDirs)).toEqual(stackDirs);
    expect(readFileSync(join(out, "stray.txt"), "utf8")).toBe("mine\n");
    expect(ownTempFolders(out)).toEqual([]);
  });

  test("fails when the swap itself fails, and moves the working files back", async () => {
    const { out, stackDirs } = await initializedOutput();
    // The previous output's place for the swap taken by a folder with content: renaming onto it fails.
    const now = 1_700_000_000_000;
    const blocker = join(dirname(out), `.golive-tmp-synth-${process.pid}-${now}-old`);
    mkdirSync(blocker);
    writeFileSync(join(blocker, "x"), "x\n");
    const clock = jest.spyOn(Date, "now").mockReturnValue(now);
    try {
      expect(() => synthesizeToDisk({ configs: STAGING, outdir: out })).toThrow(/ENOTEMPTY|EEXIST/);
    } finally {
      clock.mockRestore();
    }
    expect(intact(stackDirs)).toEqual(stackDirs);
    expect(ownTempFolders(out)).toEqual([`.golive-tmp-synth-${process.pid}-${now}-old`]);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
  });
});
