import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

/** A failure object as lib/cli/json-failure.ts prints it. */
interface Failure {
  readonly ok: false;
  readonly error: string;
  readonly exit: number;
}

/**
 * One rule for `--json` on failure, whatever the command and however it fails (a usage error the
 * dispatcher prints, or lines a command writes itself): standard output carries one JSON object
 * repeating standard error's message, standard error keeps its lines. The process test spawns two
 * shapes (__tests__/cli/process.spec.ts); these run in-process.
 */
describe("every --json command prints one JSON object on stdout when it fails", () => {
  const dir = tempDir("golive-json-failure-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  mkdirSync(join(dir, "bad"));
  writeFileSync(join(dir, "bad", "staging.yaml"), "app: 5\n");
  const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");

  test.each([
    [["synth", "--config-dir", "bad", "--json", "--output", "out"], 1, /^bad\/staging\.yaml: [\s\S]*\nNo stack was written\.$/],
    [["check", "--config-dir", "bad", "--format=json"], 1, /^bad\/staging\.yaml: /],
    [["stacks", "--json"], 1, /^golive stacks: cdktf\.out holds no synth output/],
    [["zone", "--json"], 2, /^golive zone: give exactly one environment/],
    [["outputs", "edge-production", "--json"], 2, /^golive outputs: unknown stack "edge-production"/],
    [["plan-report", "--format", "json", "nosuch.json"], 2, /^golive plan-report: no such plan file or directory: nosuch\.json$/],
    [["release", "start", "staging", "--json"], 2, /^golive release: start needs --build ID/],
  ])("golive %j: exit %d, stdout one object naming the error, stderr its lines", async (args, exit, error) => {
    const run = await golive(args, { cwd: dir });
    expect(run.code).toBe(exit);
    const printed = JSON.parse(run.stdout) as Failure;
    expect(printed).toEqual({ ok: false, error: expect.stringMatching(error), exit });
    // The same message as standard error, without the `see:` pointer meant for a person.
    expect(run.stderr.startsWith(`${printed.error}\n`)).toBe(true);
    expect(printed.error).not.toContain("see: golive");
  });

  test("release's own failure object (with environment and action) carries the same error line and the exit code, once", async () => {
    const run = await golive(["release", "shift", "staging", "50", "--json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      environment: "staging",
      action: "shift",
      error: run.stderr.trimEnd(),
      exit: 1,
    });
  });

  test("a report written to --output is what the run printed: no failure object after it", async () => {
    const run = await golive(["plan-report", "--json", "--fail-on-risk", "--output", "report.json", plan], { cwd: dir });
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, "report.json"))).toBe(true);
    expect(run.stdout).toBe("");
  });

  test("without --json a failure prints nothing on stdout", async () => {
    const run = await golive(["stacks"], { cwd: dir });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
  });
});
