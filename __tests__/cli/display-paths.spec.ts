import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/** Paths in messages: relative to the working directory when inside it, absolute otherwise (never `../../x`). */
describe("a path in a message is relative only when it is inside the working directory", () => {
  const cwd = tempDir("golive-paths-");
  const elsewhere = tempDir("golive-elsewhere-");
  writeFileSync(join(cwd, "bad-plan.json"), "not json\n");
  writeFileSync(join(elsewhere, "bad-plan.json"), "not json\n");

  test("plan-report names a plan outside by its absolute path, one inside relative", async () => {
    const run = await golive(["plan-report", join(elsewhere, "bad-plan.json"), "bad-plan.json"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(elsewhere, "bad-plan.json")}: (root): not valid JSON`);
    expect(run.stderr).toMatch(/^bad-plan\.json: \(root\): not valid JSON/m);
    expect(run.stderr).not.toContain("../");
  });

  test("a config error in a config folder outside names the file by its absolute path", async () => {
    const configs = tempDir("golive-configs-");
    cpSync(EXAMPLE_CONFIG_DIR, configs, { recursive: true });
    writeFileSync(join(configs, "staging.yaml"), "x: [\n");
    const run = await golive(["synth", "--config-dir", configs], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^${join(configs, "staging.yaml").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: \\(root\\): not valid YAML`),
    );
    expect(run.stderr).not.toContain("../");
  });
});
