import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYNTH_RECORD } from "../../lib/engines/synth/record";
import { sweepStaleTempFolders, TEMP_MARKER } from "../../lib/engines/synth/temp-folders";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/** The id of a process that has ended (a child run to its end: `true`, not node, which costs ~0.2 s of CPU to start). */
function deadPid(): number {
  const child = spawnSync("true");
  return child.pid as number;
}

/** A folder as a synth stopped before cdktf wrote the manifest leaves it: one stack's file half written. */
function folder(parent: string, name: string, files: readonly string[] = []): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, "stacks", "edge-production"), { recursive: true });
  writeFileSync(join(dir, "stacks", "edge-production", "cdk.tf.json"), "{");
  for (const f of files) writeFileSync(join(dir, f), "1\n");
  return name;
}

/** A whole synth output (manifest, one stack, Terraform's working files), plus `files`. */
function output(parent: string, name: string, files: readonly string[] = []): string {
  folder(parent, name, files);
  const stack = join(parent, name, "stacks", "edge-production");
  writeFileSync(
    join(parent, name, "manifest.json"),
    JSON.stringify({ stacks: { "edge-production": { synthesizedStackPath: "stacks/edge-production/cdk.tf.json" } } }),
  );
  mkdirSync(join(stack, ".terraform", "providers"), { recursive: true });
  writeFileSync(join(stack, ".terraform.lock.hcl"), "# lock\n");
  return name;
}

/** Adds `path` (with `/`, inside `parent/name`) holding "precious". */
function plant(parent: string, name: string, path: string): string {
  const file = join(parent, name, ...path.split("/"));
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, "precious\n");
  return name;
}

/** A synth stopped by Ctrl-C or SIGTERM leaves its temporary folders; the next synth beside them removes them. */
describe("stale synth temp folders", () => {
  test("only golive's own, of a process that has ended, holding its marker (or, -old, its synth record), are removed", () => {
    const parent = tempDir("golive-sweep-");
    const dead = deadPid();
    const stale = folder(parent, `.golive-tmp-synth-${dead}-1700000000000`, [TEMP_MARKER]);
    const staleOld = output(parent, `.golive-tmp-synth-${dead}-1700000000000-old`, [SYNTH_RECORD]);
    const staleLater = output(parent, `.golive-tmp-synth-${dead}-1700000000010`, [TEMP_MARKER, SYNTH_RECORD]);
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
    expect(sweepStaleTempFolders(parent).removed.sort()).toEqual([stale, staleOld, staleLater].sort());
    expect(readdirSync(parent).sort()).toEqual(keep.sort());
    expect(existsSync(join(target, TEMP_MARKER))).toBe(true);
  });

  test("a folder so named holding anything a synth does not write, at any depth, is left with a reason", () => {
    const parent = tempDir("golive-sweep-foreign-");
    const dead = deadPid();
    const name = (n: number, old = false) => `.golive-tmp-synth-${dead}-${1700000000000 + n}${old ? "-old" : ""}`;
    const left = [
      // The repro: a folder someone made, holding golive's record and their notes.
      plant(parent, folder(parent, name(1, true), [SYNTH_RECORD]), "notes/a.txt"),
      plant(parent, output(parent, name(2, true), [SYNTH_RECORD]), "notes/a.txt"),
      plant(parent, output(parent, name(3, true), [SYNTH_RECORD]), "stacks/edge-production/notes.md"),
      plant(parent, output(parent, name(4, true), [SYNTH_RECORD]), "stacks/other/cdk.tf.json"), // a stack the manifest does not list
      plant(parent, folder(parent, name(5), [TEMP_MARKER]), "stacks/edge-production/.terraform/x"), // before the manifest: cdk.tf.json only
      plant(parent, folder(parent, name(6), [TEMP_MARKER]), "stacks/readme.txt"),
      plant(parent, output(parent, name(7), [TEMP_MARKER]), "notes.txt"),
      output(parent, name(8, true), [TEMP_MARKER, SYNTH_RECORD]), // a previous output never holds the marker
    ];
    const swept = sweepStaleTempFolders(parent);
    expect(swept.removed).toEqual([]);
    expect(swept.left.map((l) => l.name)).toEqual([...left].sort());
    expect(readdirSync(parent).sort()).toEqual([...left].sort());
    expect(readFileSync(join(parent, left[0] as string, "notes", "a.txt"), "utf8")).toBe("precious\n");
    const why = (n: string) => swept.left.find((l) => l.name === n)?.why;
    expect(why(name(1, true))).toBe("it holds no manifest.json, so golive cannot tell it made it");
    expect(why(name(2, true))).toBe("it holds files golive's synth does not write (notes/)");
    expect(why(name(5))).toBe("it holds files golive's synth does not write (stacks/edge-production/.terraform/)");
    expect(why(name(8, true))).toBe(`it holds files golive's synth does not write (${TEMP_MARKER})`);
  });

  test("golive synth leaves a folder it did not make with one note naming it, and writes its output", async () => {
    const cwd = tempDir("golive-sweep-note-");
    cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
    const made = plant(cwd, folder(cwd, `.golive-tmp-synth-${deadPid()}-1-old`, [SYNTH_RECORD]), "notes/a.txt");
    const run = await golive(["synth", "staging"], { cwd });
    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, made, "notes", "a.txt"), "utf8")).toBe("precious\n");
    expect(run.stderr.split("\n").filter((l) => l.includes(made))).toEqual([
      `note: left ${made} beside cdktf.out, named like a stopped synth's temporary folder: it holds no manifest.json, so golive cannot tell it made it; remove it by hand if it is not needed`,
    ]);
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
