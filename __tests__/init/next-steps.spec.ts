import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnCollect, tempDir } from "../helpers/cli";
import { blockersInitPrinted } from "./attestations";
import { initArgs } from "./init-args";

const BIN = join(__dirname, "..", "..", "bin", "golive.js");

/** A `golive` on PATH that runs this checkout's bin/golive.js, so a printed command runs as a user would. */
function goliveOnPath(cwd: string): NodeJS.ProcessEnv {
  const bin = join(cwd, ".bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "golive"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, "golive"), 0o755);
  return { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: cwd };
}

/** The command init prints after "then: " on its first line. */
function printedCommand(stdout: string): string {
  const command = /Review its comments, then: (.*)$/m.exec(stdout)?.[1];
  if (command === undefined) throw new Error(`init printed no next command: ${stdout}`);
  return command;
}

describe("the commands init prints after writing", () => {
  test.each([
    ["the default folder", [], "golive synth zz && golive check zz"],
    [
      "--config-dir ops/conf",
      ["--config-dir", "ops/conf"],
      "golive synth zz --config-dir ops/conf && golive check zz --config-dir ops/conf",
    ],
  ])("with %s, name the folder the file is in, as in the file's first comment", async (_name, extra, expected) => {
    const cwd = tempDir("golive-init-next-");
    const init = await golive([...initArgs(), ...extra], { cwd });
    expect(init.code).toBe(0);
    expect(printedCommand(init.stdout)).toBe(expected);
    expect(readFileSync(join(cwd, extra[1] ?? "config", "zz.yaml"), "utf8").split("\n")[2]).toBe(`#   ${expected}`);
  });

  // init prints the same text in-process; the printed command itself runs the real binary through sh.
  test("run as printed (a --config-dir with a space, quoted) by sh and the real binary, they synthesize and check the new environment", async () => {
    const cwd = tempDir("golive-init-next-");
    const init = await golive([...initArgs(), "--config-dir", "ops/my conf"], { cwd });
    expect(init.code).toBe(0);
    const command = printedCommand(init.stdout);
    expect(command).toBe("golive synth zz --config-dir 'ops/my conf' && golive check zz --config-dir 'ops/my conf'");
    const run = await spawnCollect("sh", ["-c", command], { cwd, env: goliveOnPath(cwd) });
    // check exits 1 on the blockers a fresh config has (attestations): it checked zz, it did not refuse it.
    expect(run.stderr).not.toContain("unknown environment");
    expect(run.stdout).toContain("Synthesized 3 stacks into cdktf.out:\n  edge-zz\n");
    expect(run.stdout).toContain("NOT READY");
    expect(run.code).toBe(1);
    // The blockers init said check would report: here with no runbooks/ folder, so GL-REL-003 too.
    const said = blockersInitPrinted(init.stdout);
    expect(said).toContain("GL-REL-003");
    expect([...run.stdout.matchAll(/^BLOCKER (GL-[A-Z]+-\d+)/gm)].map((m) => m[1]).sort()).toEqual(said.sort());
  });
});
