import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYNTH_RECORD } from "../../lib/engines/synth/record";
import { sweepStaleTempFolders, TEMP_MARKER } from "../../lib/engines/synth/temp-folders";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/** The id of a process that has ended (a child run to its end). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid as number;
}

function folder(parent: string, name: string, files: readonly string[] = []): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  mkdirSync(join(dir, "stacks"));
  writeFileSync(join(dir, "stacks", "partial.json"), "{");
  for (const f of files) writeFileSync(join(dir, f), "1\n");
  return name;
}

/** A synth stopped by Ctrl-C or SIGTERM leaves its temporary folders; the next synth beside them removes them. */
describe("stale synth temp folders", () => {
  test("only golive's own, of a process that has ended, holding its marker (or, -old, its synth record), are removed", () => {
    const parent = tempDir("golive-sweep-");
    const dead = deadPid();
    const stale = folder(parent, `.golive-tmp-synth-${dead}-1700000000000`, [TEMP_MARKER]);
    const staleOld = folder(parent, `.golive-tmp-synth-${dead}-1700000000000-old`, [SYNTH_RECORD]);
    const keep = [
      folder(parent, `.golive-tmp-synth-${process.pid}-1700000000001`, [TEMP_MARKER]), // this process: running
      folder(parent, `.golive-tmp-synth-${dead}-1700000000002`), // no marker: not known to be golive's
      folder(parent, `.golive-tmp-synth-${dead}-1700000000003-old`, [TEMP_MARKER]), // an -old without a synth record
      folder(parent, `.golive-tmp-synth-${dead}-1700000000004-x`, [TEMP_MARKER]), // not the exact name
      folder(parent, `golive-tmp-synth-${dead}-1700000000005`, [TEMP_MARKER]),
      folder(parent, "cdktf.out", [TEMP_MARKER]),
    ];
    const elsewhere = tempDir("golive-sweep-target-");
    const target = join(elsewhere, folder(elsewhere, "kept", [TEMP_MARKER]));
    symlinkSync(target, join(parent, `.golive-tmp-synth-${dead}-1700000000006`)); // a link: never followed
    writeFileSync(join(parent, `.golive-tmp-synth-${dead}-1700000000007`), TEMP_MARKER); // a file
    keep.push(`.golive-tmp-synth-${dead}-1700000000006`, `.golive-tmp-synth-${dead}-1700000000007`);
    expect(sweepStaleTempFolders(parent).sort()).toEqual([stale, staleOld].sort());
    expect(readdirSync(parent).sort()).toEqual(keep.sort());
    expect(existsSync(join(target, TEMP_MARKER))).toBe(true);
  });

  test("golive synth removes a stopped synth's folder beside its output, and leaves no marker in the output", async () => {
    const cwd = tempDir("golive-sweep-synth-");
    cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
    const stale = folder(cwd, `.golive-tmp-synth-${deadPid()}-1700000000000`, [TEMP_MARKER]);
    const run = await golive(["synth", "staging"], { cwd });
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, stale))).toBe(false);
    expect(readdirSync(cwd).filter((f) => f.startsWith(".golive-tmp"))).toEqual([]);
    expect(existsSync(join(cwd, "cdktf.out", TEMP_MARKER))).toBe(false);
  });
});
