import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { copyExampleSynth } from "../helpers/example-synth";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { closeGoliveServer } from "./golive-server";
import { isRecord, type ReviewWorkspace, reviewWorkspace, type StepRun, stepNamed } from "./support";

// The in-process golive behind the workspace's `node .../base/bin/golive.js` (support.ts).
afterAll(closeGoliveServer);

const step = stepNamed("pr-review.yml", "golive check");
const command = String(step.run);
/** The flag the step lacked before the fix, when check read the artifact's folder, which has no runbooks. */
const RUNBOOKS_FLAG = ' --runbooks-dir "$GITHUB_WORKSPACE/pr-head/runbooks"';

/**
 * A review workspace as the check step finds it: the pr run's data unpacked in $RUNNER_TEMP/pr-data
 * (the examples' config and synth output, no runbooks: the artifact has none), the pull request's head
 * checked out into pr-head/ (the repository's runbooks) and review/ made by the steps before.
 */
async function checkWorkspace(prefix: string): Promise<ReviewWorkspace & { readonly data: string }> {
  const ws = reviewWorkspace(prefix);
  const data = join(ws.temp, "pr-data");
  cpSync(EXAMPLE_CONFIG_DIR, join(data, "config"), { recursive: true });
  await copyExampleSynth(data);
  cpSync(join(REPO_ROOT, "runbooks"), join(ws.root, "pr-head", "runbooks"), { recursive: true });
  mkdirSync(join(ws.root, "review"));
  return { ...ws, data };
}

/** The step's command, run where the step runs it: the data folder (`${{ runner.temp }}/pr-data`). */
function runCheck(ws: ReviewWorkspace & { readonly data: string }, script = command): Promise<StepRun> {
  expect(step["working-directory"]).toBe("${{ runner.temp }}/pr-data");
  return ws.run(script, {}, ws.data);
}

/** The rule ids and levels of the SARIF the step wrote. */
function sarifResults(ws: ReviewWorkspace): [string, string][] {
  const sarif: unknown = JSON.parse(readFileSync(join(ws.root, "review", "golive.sarif"), "utf8"));
  const run = isRecord(sarif) && Array.isArray(sarif.runs) ? sarif.runs[0] : undefined;
  const results = isRecord(run) && Array.isArray(run.results) ? run.results : [];
  return results.filter(isRecord).map((r) => [String(r.ruleId), String(r.level)]);
}

describe("pr-review.yml's golive check step reads the pull request's runbooks from its checkout", () => {
  test("the step's command on the examples' data and the head's runbooks exits 0: no GL-REL-003 blocker, so the review can complete", async () => {
    // Without the flag (the command before the fix) check read ./runbooks of the data folder, which the
    // artifact never has: GL-REL-003 blocked every review (the rule's own specs cover a missing runbook).
    expect(command).toContain(RUNBOOKS_FLAG);
    const ws = await checkWorkspace("golive-review-check-");
    const run = await runCheck(ws);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: "" });
    expect(sarifResults(ws).filter(([rule]) => rule === "GL-REL-003")).toEqual([]);
    expect(sarifResults(ws).filter(([, level]) => level === "error")).toEqual([]);
  });

  test("a runbook the pull request committed as a link to a file of the runner is refused by name, never read: the step fails, no SARIF", async () => {
    const ws = await checkWorkspace("golive-review-check-link-");
    const link = join(ws.root, "pr-head", "runbooks", "incident.md");
    symlinkSync("/etc/passwd", link);
    const run = await runCheck(ws);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: `golive check: ${link}: is a symbolic link; golive check reads only regular files inside the runbooks folder, never where a link leads\n`,
    });
    expect(existsSync(join(ws.root, "review", "golive.sarif"))).toBe(false);
  });
});
