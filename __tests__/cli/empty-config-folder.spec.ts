import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { snapshot } from "../helpers/tree-snapshot";

// With an empty --config-dir, stacks, check and zone said "run golive synth --config-dir emptycfg",
// a synth that exits 2 with nothing to synthesize: the hint looped. Check said it with exit 1.

const LINE = (command: string) =>
  `golive ${command}: emptycfg holds no config file; write one with golive init <env> --config-dir emptycfg\n`;

describe("an empty config folder is one usage error, naming what to add", () => {
  test.each([
    [["stacks"]],
    [["check"]],
    [["check", "production"]],
    [["zone", "production"]],
    [["synth"]],
    [["plan"]],
    [["verify", "production", "--dry-run"]],
  ])("fails %j --config-dir emptycfg: exit 2, one line suggesting init, never synth; nothing written", async (args) => {
    const dir = tempDir("golive-empty-config-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    await copyExampleSynth(dir);
    mkdirSync(join(dir, "emptycfg"));
    const before = snapshot(dir);
    const run = await golive([...args, "--config-dir", "emptycfg"], { cwd: dir });
    expect(run).toEqual({ code: 2, stdout: "", stderr: LINE(args[0] as string) });
    expect(snapshot(dir)).toEqual(before);
  });

  test("the default folder is named without the flag (a process)", async () => {
    const dir = tempDir("golive-empty-config-");
    mkdirSync(join(dir, "config"));
    expect(await spawnGolive(["check"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "golive check: config holds no config file; write one with golive init <env>\n",
    });
  });
});
