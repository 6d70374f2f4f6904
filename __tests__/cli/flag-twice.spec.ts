import { cpSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { snapshot } from "../helpers/tree-snapshot";

/**
 * A flag that takes one value, given twice, used to keep the last value without a word: `synth --output a
 * --output b` wrote b and never a, `zone --zone` exported against the second zone, `release start
 * --build a --build b` recorded b (the audit's repro). Each is a usage error before any work.
 */
describe("a one-value flag given twice is a usage error", () => {
  const dir = tempDir("golive-flag-twice-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const before = snapshot(dir);

  test.each([
    [["synth", "--output", "a", "--output", "b"], "output"],
    [["synth", "production", "--output=a", "--output", "b"], "output"],
    [["zone", "production", "--zone", "example.com", "--zone", "example.org"], "zone"],
    [["release", "start", "production", "--build", "a", "--build", "b"], "build"],
    [["check", "production", "--format", "table", "--format", "table"], "format"],
  ])("golive %j: exit 2, one line naming the flag, nothing written", async (args, flag) => {
    const run = await golive(args, { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive ${args[0]}: --${flag} is given twice; it takes one value: give it once\nsee: golive ${args[0]} --help\n`,
    });
    expect(snapshot(dir)).toEqual(before);
  });

  test("a flag that is meant to repeat still does, and a boolean flag given twice is still that flag", async () => {
    const project = tempDir("golive-flag-twice-");
    cpSync(EXAMPLE_CONFIG_DIR, join(project, "config"), { recursive: true });
    await copyExampleSynth(project);
    const args = ["check", "production", "--skip-rule", "GL-EDGE-001", "--skip-rule", "GL-EDGE-002", "--json", "--json"];
    const run = await golive(args, { cwd: project });
    expect(JSON.parse(run.stdout).skipped).toEqual(["GL-EDGE-001", "GL-EDGE-002"]);
  });
});
