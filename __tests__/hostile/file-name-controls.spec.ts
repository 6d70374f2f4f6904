import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

// A line feed or tab in a config or plan file's name is printed as a \u escape where the error names the
// file, as golive --help promises for control characters from input: the audit's `config/pro` /
// `d.yaml: (root): ...` split one error into two lines, the second looking like a file of its own.

function project(): string {
  const dir = tempDir("golive-file-names-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  return dir;
}

describe("file names with control characters in error messages", () => {
  test("a config file named with a line feed and a tab: one error line, the name escaped", async () => {
    const dir = project();
    writeFileSync(join(dir, "config", "pro\nd\t.yaml"), "app: [\n");
    const r = await golive(["check"], { cwd: dir });
    expect(r.code).not.toBe(0);
    const line = r.stderr.split("\n").find((l) => l.includes("(root): not valid YAML"));
    expect(line).toMatch(/^(golive check: )?config\/pro\\u000ad\\u0009\.yaml: \(root\): not valid YAML/);
    expect(r.stderr).not.toMatch(/^d\t?\.yaml/m);
  });

  test("a plan file named with a line feed: one error line, the name escaped", async () => {
    const dir = project();
    mkdirSync(join(dir, "plans"));
    writeFileSync(join(dir, "plans", "edge\nx.json"), "{");
    const r = await golive(["plan-report", "plans"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plans/edge\\u000ax.json: (root): not valid JSON");
    expect(r.stderr).not.toMatch(/^x\.json/m);
  });
});
