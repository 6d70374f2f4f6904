import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
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

  describe("errors about a file inside name it relative", () => {
    const project = tempDir("golive-paths-rel-");
    cpSync(EXAMPLE_CONFIG_DIR, join(project, "config"), { recursive: true });
    const stackFile = join("chk", "stacks", "edge-production", "cdk.tf.json");
    mkdirSync(join(project, "bad", "stacks"), { recursive: true });
    writeFileSync(join(project, "bad", "manifest.json"), "{bad\n");
    mkdirSync(join(project, "chk", "stacks", "edge-production"), { recursive: true });
    writeFileSync(
      join(project, "chk", "manifest.json"),
      JSON.stringify({ stacks: { "edge-production": { synthesizedStackPath: "stacks/edge-production/cdk.tf.json" } } }),
    );
    writeFileSync(join(project, stackFile), "{}\n");

    test.each([
      [["stacks", "--dir", "bad"], "golive stacks: cannot read bad/manifest.json: "],
      [["zone", "production", "--dir", "bad"], "golive zone: cannot read bad/manifest.json: "],
      [["outputs", "edge-production", "--dir", "bad"], "golive outputs: cannot read bad/manifest.json: "],
      [["check", "--dir", "chk"], `golive check: ${stackFile}: not a synthesized stack`],
    ])("golive %j", async (args, line) => {
      const run = await golive(args, { cwd: project });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(line);
      expect(run.stderr).not.toContain(project);
    });

    test("init over a link to nothing in the config folder", async () => {
      symlinkSync("nowhere.yaml", join(project, "config", "dang.yaml"));
      const flags = ["--domain", "dang-example.org", "--app", "dangapp", "--plan", "free", "--cloudflare-account-id"];
      const run = await golive(
        [
          "init",
          "dang",
          "--yes",
          ...flags,
          "0123456789abcdef0123456789abcdef",
          "--aws-account-id",
          "123456789012",
          "--hostname",
          "app.dang-example.org",
          "--origin",
          "origin.dang-example.net",
          "--release-hostname",
          "r.dang-example.org",
          "--alert-email",
          "ops@dang-example.org",
        ],
        { cwd: project },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe("golive init: config/dang.yaml is a symbolic link to a file that does not exist; nothing was written\n");
    });

    test("synth with a protected inventory that is not JSON", async () => {
      const dir = tempDir("golive-paths-inv-");
      cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
      mkdirSync(join(dir, "config", "protected"));
      writeFileSync(join(dir, "config", "protected", "staging.json"), "{bad\n");
      const run = await golive(["synth", "staging"], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^config\/protected\/staging\.json: \(root\): not a readable JSON file/);
      expect(run.stderr).not.toContain(dir);
    });
  });
});
