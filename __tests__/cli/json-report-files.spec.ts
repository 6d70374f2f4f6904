import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { safeJson } from "../../lib/core/safe-json";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

/** A C1 control (CSI), a bidi override and a tag character (beyond U+FFFF), as input may carry them. */
const HOSTILE = "pro\u202educ\u009btion\u{e0041}";
/** What a file may not hold raw: what golive's printable stream escapes on a terminal. */
const RAW = /[\u0080-\u009f\u202e\u{e0041}]/u;

/** A synth output whose one stack's name (from the manifest) carries HOSTILE. */
function hostileSynth(cwd: string): void {
  const name = `edge-${HOSTILE}`;
  mkdirSync(join(cwd, "cdktf.out", "stacks", "s"), { recursive: true });
  const stack = { name, synthesizedStackPath: "stacks/s/cdk.tf.json", workingDirectory: "stacks/s", dependencies: [] };
  writeFileSync(join(cwd, "cdktf.out", "manifest.json"), JSON.stringify({ version: "0.20.0", stacks: { [name]: stack } }));
  writeFileSync(join(cwd, "cdktf.out", "stacks", "s", "cdk.tf.json"), JSON.stringify({ "//": { metadata: {} }, terraform: {} }));
}

/** A JSON report file: characters a terminal would obey are escapes, and the JSON means the same. */
describe("JSON report files escape control and format characters", () => {
  test("safeJson writes them as \\u escapes (a pair beyond U+FFFF), leaving other text and the value as it is", () => {
    const json = JSON.stringify({ a: HOSTILE, b: "café ✓\ttab" }, null, 2);
    const safe = safeJson(json);
    expect(safe).toContain('"pro\\u202educ\\u009btion\\udb40\\udc41"');
    expect(safe).toContain('"café ✓\\ttab"');
    expect(JSON.parse(safe)).toEqual(JSON.parse(json));
  });

  test("check --format json and sarif --output, plan-report --json --output and --digest", async () => {
    const cwd = tempDir("golive-json-files-");
    hostileSynth(cwd);
    const plan = JSON.parse(readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json"), "utf8"));
    plan.resource_changes[0].address = `terraform_data.create_me["${HOSTILE}"]`;
    plan.resource_changes[0].index = HOSTILE;
    writeFileSync(join(cwd, "plan.json"), JSON.stringify(plan));
    const runs = [
      ["check", "--format", "json", "--output", "check.json"],
      ["check", "--format", "sarif", "--output", "check.sarif"],
      ["plan-report", "plan.json", "--json", "--output", "report.json", "--digest", "digest.json"],
    ];
    for (const args of runs) expect((await golive(args, { cwd })).stderr).not.toMatch(/internal error|cannot/);
    for (const file of ["check.json", "check.sarif", "report.json"]) {
      const text = readFileSync(join(cwd, file), "utf8");
      expect({ file, raw: RAW.test(text) }).toEqual({ file, raw: false });
      expect({ file, hostile: JSON.stringify(JSON.parse(text)).includes(HOSTILE) }).toEqual({ file, hostile: true });
    }
    expect(RAW.test(readFileSync(join(cwd, "digest.json"), "utf8"))).toBe(false);
  });
});

/** A text report file holds what standard output shows: escapes, never the characters a terminal obeys. */
describe("text and XML report files escape control and format characters as standard output does", () => {
  test.each([
    [["--format", "junit"], "check.xml"],
    [["--format", "table"], "check.txt"],
    [["--compact"], "compact.txt"],
  ])("check %j --output %s writes what stdout prints", async (flags, file) => {
    const cwd = tempDir("golive-text-files-");
    hostileSynth(cwd);
    const printed = await golive(["check", ...flags], { cwd });
    const written = await golive(["check", ...flags, "--output", file], { cwd });
    expect({ code: written.code, stdout: written.stdout }).toEqual({ code: printed.code, stdout: "" });
    const text = readFileSync(join(cwd, file), "utf8");
    expect(RAW.test(text)).toBe(false);
    expect(text).toContain("\\u202e");
    expect(text).toBe(printed.stdout);
  });
});
