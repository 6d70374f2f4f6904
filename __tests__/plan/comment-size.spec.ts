import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GITHUB_COMMENT_LIMIT, parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { plantedSecret, syntheticPlan } from "../../lib/engines/plan/synthetic-plan";
import { PassThrough } from "node:stream";
import { parseArgs } from "../../lib/cli/args";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { reportOptions } from "../../lib/cli/commands/plan-report-options";
import { reportPointer } from "../../lib/cli/commands/plan-report-output";
import { golive, tempDir } from "../helpers/cli";
import { fixtureInput } from "./fixtures";
import { printable } from "../../lib/core/printable";

// 600 changes: a full report of about 90,000 characters, over the limit (asserted below), whose summary at
// the limit still has to cut its address lists; 1,500 rendered the same paths at twice the CPU.
const HUGE = parsePlanJson("huge.json", JSON.stringify(syntheticPlan(600)));
const huge = () => HUGE;
const POINTER = "`plan-report.md` in the run's artifacts";
/** The huge plan rendered at GitHub's limit, once: the first two tests only read it. */
let atLimit: ReturnType<typeof renderPlanReport> | undefined;
const hugeAtLimit = () => (atLimit ??= renderPlanReport([{ stack: "edge-huge", file: "huge.json", plan: huge() }], POINTER));

describe("one PR comment stays under GitHub's 65,536 characters", () => {
  test("a huge plan becomes a summary under the limit that points to the full report", () => {
    const r = hugeAtLimit();
    expect(r.fullMarkdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(r.summarized).toBe(true);
    expect(r.comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(r.comment).toContain("over GitHub's comment limit: this is a summary. Full report: `plan-report.md` in the run's artifacts");
    expect(r.comment.startsWith("<!-- golive:plan-report -->")).toBe(true);
    expect(r.comment).toContain("| `edge-huge` |"); // the counts table survives
    expect(r.comment).toMatch(/^- … and \d+ more$/m); // the summary's own lists are cut to fit
  });

  test("the summary still lists destroys before creates, and no sensitive value leaks from either text", () => {
    const r = hugeAtLimit();
    expect(r.comment.indexOf("**Destroy**")).toBeLessThan(r.comment.indexOf("**Create**"));
    for (const i of [0, 10, 590]) {
      expect(r.comment).not.toContain(plantedSecret(i));
      expect(r.fullMarkdown).not.toContain(plantedSecret(i));
    }
  });

  test("a small plan is the full report, attribute details folded in <details>", () => {
    const r = renderPlanReport([fixtureInput("tf-changes.json")], "full.md");
    expect(r.summarized).toBe(false);
    expect(r.comment).toBe(r.fullMarkdown);
    expect(r.comment).toMatch(/<details>\n<summary>Attribute changes \(5 resources\)<\/summary>/);
  });

  test("any limit holds, down to one that only fits the header", () => {
    for (const limit of [20_000, 1_000]) {
      const r = renderPlanReport([{ stack: "edge-huge", file: "huge.json", plan: huge() }], "full.md", limit);
      expect(r.comment.length).toBeLessThan(limit);
    }
  });

  test("the CLI writes the full report to --full-report and the comment points to it", async () => {
    const dir = tempDir("golive-plan-size-");
    // 600 changes: a full report of about 90,000 characters, over the limit (asserted below).
    writeFileSync(join(dir, "edge-huge.json"), JSON.stringify(syntheticPlan(600)));
    const run = await golive(["plan-report", "edge-huge.json", "--full-report", "plan-report.md"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(run.stdout).toContain("Full report: `plan-report.md`");
    expect(readFileSync(join(dir, "plan-report.md"), "utf8").length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
  });
});

describe("--details-url becomes a link only when nothing in it can break the Markdown", () => {
  test("a CI run's address is a link readers can follow, ahead of the --full-report file; without either, the command", () => {
    const RUN = "https://github.com/o/r/actions/runs/42?check_suite_focus=true#artifacts";
    const cwd = "/work/repo";
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), cwd: tempDir("golive-plan-details-"), env: {} };
    const flags = parseArgs(["--details-url", RUN, "--full-report", "plan-report.md"], COMMAND_SPECS["plan-report"].flags);
    const options = reportOptions(flags, io, join(io.cwd, "config"), "");
    expect(options && reportPointer(options, [], io.cwd)).toBe(`[full report](${RUN})`);
    expect(reportPointer({ fullReport: "/work/repo/plan-report.md" }, [], cwd)).toBe("`plan-report.md`");
    expect(reportPointer({}, ["/work/repo/plans"], cwd)).toBe("run `npx golive plan-report plans` for the whole report");
  });

  const ALLOWED = "an https URL without spaces, control characters, ( ) < > ` or \\";
  // Control characters are refused in every flag value by the argument parser, in its words.
  const NO_CONTROL = "no control characters";
  test.each([
    ["http://github.com/o/r/actions/runs/42", ALLOWED],
    ["javascript:alert(1)", ALLOWED],
    ["https://", ALLOWED],
    ["https://github.com/o/r/runs/42 x", ALLOWED],
    ["https://github.com/o/r/runs/42)[click](https://evil.example", ALLOWED],
    ["https://github.com/o/r/runs/(42)", ALLOWED],
    ["https://github.com/o/r/<img>", ALLOWED],
    ["https://github.com/o/r/`code`", ALLOWED],
    ["https://github.com/o/r/a\\b", ALLOWED],
    ["https://github.com/o/r/runs/42\u202e", ALLOWED],
    ["https://github.com/o/r/runs/42\n## heading", NO_CONTROL],
    ["https://github.com/o/r/runs/42\u0007", NO_CONTROL],
  ])("fails with usage (exit 2) for %j, naming the flag and what is allowed, before reading or writing", async (url, allowed) => {
    const dir = tempDir("golive-plan-details-");
    writeFileSync(join(dir, "plan.json"), "not a plan, never read");
    const run = await golive(["plan-report", "plan.json", "--output", "comment.md", "--details-url", url], { cwd: dir });
    expect(run.code).toBe(2);
    // Echoed as printed: a bidi override reaches the terminal as a \u escape (lib/core/printable.ts).
    expect(run.stderr.split("\n")[0]).toBe(`golive plan-report: --details-url: got ${printable(JSON.stringify(url))}, allowed: ${allowed}`);
    expect(run.stdout).toBe("");
    expect(existsSync(join(dir, "comment.md"))).toBe(false);
  });
});
