import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { failureJson } from "./failure-json";
import { copyExampleSynth } from "../helpers/example-synth";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/**
 * `golive stacks` lists each stack "after the stacks it depends on" (its help): a manifest.json whose
 * dependencies form a cycle (edited or damaged: cdktf refuses one at synth) is a broken synth output,
 * refused as the other manifest problems are (exit 1, one line naming the file), never listed.
 */
test("fails when bootstrap-production and traffic-production depend on each other: exit 1 naming both, nothing listed", async () => {
  const dir = tempDir("golive-stacks-cycle-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const out = await copyExampleSynth(dir);
  const file = join(out, "manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
  const stacks = manifest.stacks;
  for (const [name, other] of [
    ["bootstrap-production", "traffic-production"],
    ["traffic-production", "bootstrap-production"],
  ] as const)
    stacks[name] = { ...(stacks[name] as { dependencies: string[] }), dependencies: [other] };
  writeFileSync(file, JSON.stringify(manifest));
  for (const args of [["stacks"], ["stacks", "production", "--json"]]) {
    const run = await golive(args, { cwd: dir });
    // --json: the failure object (lib/cli/json-failure.ts), never a list.
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: args.includes("--json") ? failureJson(run) : "" });
    expect(run.stderr).toBe(
      "golive stacks: cdktf.out/manifest.json: the stacks depend on each other in a cycle: bootstrap-production -> traffic-production -> bootstrap-production, so no order deploys each stack after the stacks it depends on; synthesize again (golive synth)\n",
    );
  }
});
