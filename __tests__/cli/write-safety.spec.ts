import { execFileSync } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkPlanFiles } from "../../lib/cli/path-flags";
import { recordWritten } from "../../lib/core/written-record";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { snapshot } from "../helpers/tree-snapshot";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const PLAN = join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json");

/**
 * A project with everything a report flag must never replace: the config folder, a git repository
 * (package.json tracked), a file of the user's, a named pipe, links to a report outside the project
 * and to nothing, a link to the project itself; and, outside it, a golive report.
 */
function project(): { dir: string; outside: string } {
  const outside = tempDir("golive-outside-");
  writeFileSync(join(outside, "report.md"), "<!-- golive:plan-report -->\nold\n");
  const dir = tempDir("golive-write-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "name": "app" }\n');
  writeFileSync(join(dir, "notes.md"), "my notes\n");
  // Terraform's own JSON (terraform show -json): a state and a plan the user saved
  writeFileSync(join(dir, "my-state.json"), '{"format_version":"1.0","terraform_version":"1.11.4","values":{}}\n');
  cpSync(PLAN, join(dir, "myplan.json"));
  execFileSync("git", ["init", "-q"], { cwd: dir });
  execFileSync("git", ["add", "package.json"], { cwd: dir });
  execFileSync("mkfifo", [join(dir, "pipe")]);
  symlinkSync(join(outside, "report.md"), join(dir, "outside-link.md"));
  symlinkSync(join(dir, "missing.md"), join(dir, "dangling.md"));
  symlinkSync(".", join(dir, "here"));
  return { dir, outside };
}

/** Each flag that writes a file, as a command line writing `target`. */
const WRITERS: readonly { readonly flag: string; readonly args: (target: string) => string[] }[] = [
  { flag: "--output", args: (t) => ["check", "--output", t] },
  { flag: "--output", args: (t) => ["plan-report", PLAN, "--output", t] },
  { flag: "--full-report", args: (t) => ["plan-report", PLAN, "--full-report", t] },
  { flag: "--digest", args: (t) => ["plan-report", PLAN, "--digest", t] },
  { flag: "--output", args: (t) => ["plan", "--output", t] },
  { flag: "--digest", args: (t) => ["plan", "--digest", t] },
];

/** What no report may replace or be written into, and a word of the reason. */
const TARGETS: readonly (readonly [string, string])[] = [
  [".", "is a folder"],
  ["..", "is a folder"],
  ["config", "is the config folder"],
  ["config/production.yaml", "inside the config folder"],
  ["config/report.md", "inside the config folder"],
  ["here/config/production.yaml", "inside the config folder"],
  [".git/HEAD", "inside a .git folder"],
  [".git/report.md", "inside a .git folder"],
  ["package.json", "golive did not write it"],
  ["notes.md", "golive did not write it"],
  ["my-state.json", "golive did not write it"],
  ["myplan.json", "golive did not write it"],
  ["pipe", "is a named pipe"],
  ["outside-link.md", "outside the working directory"],
  ["dangling.md", "a symbolic link to a file that does not exist"],
  ["package.json/report.md", "package.json is a file, not a folder"],
  ["/proc/nope/report.md", "/proc/nope does not exist"],
  ["/sys/report.md", "cannot write in the folder /sys"],
  [`${"r".repeat(297)}.md`, "300 bytes long"],
  ["newdir/", "newdir/ ends with a slash, naming a folder"],
];

describe("a flag that writes a file never replaces one golive did not write", () => {
  const { dir, outside } = project();
  const before = snapshot(dir);
  const outsideBefore = snapshot(outside);

  test(`each of ${WRITERS.length} writing flags refuses each of ${TARGETS.length} targets: one line naming the flag, exit 2, nothing written`, async () => {
    const wrong: string[] = [];
    for (const w of WRITERS)
      for (const [target, why] of TARGETS) {
        const args = w.args(target);
        const run = await golive(args, { cwd: dir });
        const lines = run.stderr.trim().split("\n");
        if (run.code !== 2 || lines.length !== 1 || !lines[0]?.includes(`${w.flag}: `) || !run.stderr.includes(why))
          wrong.push(`${args.join(" ").slice(0, 80)}: exit ${run.code}, ${JSON.stringify(run.stderr.slice(0, 200))}`);
      }
    expect(wrong).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
    expect(snapshot(outside)).toEqual(outsideBefore);
  });

  test("plan --plan-dir refuses the working, config and .git folders, a folder holding them, a file and a missing folder outside", async () => {
    for (const [target, why] of [
      [".", "is the working directory"],
      ["..", "holds the working directory"],
      ["config", "is the config folder"],
      [".git/plans", "inside a .git folder"],
      ["package.json", "is a file, not a folder"],
      ["/proc/nope/plans", "/proc/nope/plans does not exist (golive creates a missing folder only inside the working directory)"],
    ]) {
      const run = await golive(["plan", "--plan-dir", target as string], { cwd: dir });
      expect({ target, code: run.code, stderr: run.stderr }).toEqual({ target, code: 2, stderr: expect.stringContaining(why as string) });
      expect(run.stderr).toMatch(/^golive plan: --plan-dir: [^\n]+\n$/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test("a report never replaces an input of its own command, not even a plan golive saved", async () => {
    const plans = join(dir, "plans");
    mkdirSync(plans);
    const plan = readFileSync(PLAN, "utf8");
    writeFileSync(join(plans, "edge-production.json"), plan);
    recordWritten(join(plans, "edge-production.json"), plan);
    const saved = snapshot(dir);
    try {
      for (const args of [
        ["plan-report", "plans/edge-production.json", "--output", "plans/edge-production.json"],
        ["plan-report", "plans", "--digest", "./plans/edge-production.json"],
        ["plan-report", PLAN, "plans", "--full-report", "here/plans/edge-production.json"],
      ]) {
        const run = await golive(args, { cwd: dir });
        expect({ args, code: run.code, stderr: run.stderr }).toEqual({
          args,
          code: 2,
          stderr: expect.stringMatching(
            /^golive plan-report: --[a-z-]+: (here\/)?plans\/edge-production\.json is an input of this command; [^\n]+\n$/,
          ),
        });
      }
      expect(() =>
        checkPlanFiles(plans, ["edge-production"], false, dir, join(dir, "config"), { output: join(plans, "edge-production.json") }),
      ).toThrow("--output: plans/edge-production.json is an input of this command");
      expect(snapshot(dir)).toEqual(saved);
    } finally {
      rmSync(plans, { recursive: true });
    }
  });

  test("the same file given to two flags is refused, naming both", async () => {
    const run = await golive(["plan-report", PLAN, "--output", "r.md", "--digest", "./r.md"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--digest: the same file as --output");
    expect(snapshot(dir)).toEqual(before);
  });

  test("as a process, --output /proc/nope/x fails at once (mkdir -p there never returns on Node 20)", async () => {
    const started = Date.now();
    const run = await spawnGolive(["check", "--output", "/proc/nope/x"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "golive check: --output: the folder /proc/nope does not exist (golive creates a missing folder only inside the working directory)\n",
    );
    // The hang it guards against never ends; the process alone takes 0.35 s, yet 3.3 s was seen beside a
    // running bench, so the bound (was 10 s) stays far from both, under jest's 60 s.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("a flag that writes a file replaces golive's own report, an empty file, and creates a missing folder inside the project", () => {
  const dir = tempDir("golive-rewrite-");
  const report = (...args: string[]) => golive(["plan-report", PLAN, ...args], { cwd: dir });

  test("plan-report writes --output, --full-report and --digest, then writes them again on the next run (CI's every run)", async () => {
    const flags = ["--output", "reports/new/comment.md", "--full-report", "full.md", "--digest", "digest.json"];
    expect((await report(...flags)).code).toBe(0);
    expect(readFileSync(join(dir, "reports", "new", "comment.md"), "utf8")).toMatch(/^<!-- golive:plan-report -->/);
    const earlier = statSync(join(dir, "full.md")).ino;
    const again = await report(...flags);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    // Written atomically: a new file renamed over the earlier run's.
    expect(statSync(join(dir, "full.md")).ino).not.toBe(earlier);
    expect(JSON.parse(readFileSync(join(dir, "digest.json"), "utf8"))).toMatchObject({ stacks: { "tf-changes": {} } });
    // The JSON report, over a Markdown one golive wrote before, and again over itself.
    expect((await report("--json", "--output", "full.md")).code).toBe(0);
    expect((await report("--json", "--output", "full.md")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "full.md"), "utf8"))).toHaveProperty("totals");
  });

  test("an empty file (mktemp's) is replaced: nothing is lost", async () => {
    writeFileSync(join(dir, "empty.md"), "");
    expect((await report("--output", "empty.md")).code).toBe(0);
    expect(readFileSync(join(dir, "empty.md"), "utf8")).toMatch(/^<!-- golive:plan-report -->/);
  });

  test("writes through a symlink to golive's report inside the project: the link stays a link", async () => {
    expect((await report("--output", "real.md")).code).toBe(0);
    const earlier = statSync(join(dir, "real.md")).ino;
    symlinkSync(join(dir, "real.md"), join(dir, "link.md"));
    expect((await report("--output", "link.md")).code).toBe(0);
    expect(lstatSync(join(dir, "link.md")).isSymbolicLink()).toBe(true);
    expect(statSync(join(dir, "real.md")).ino).not.toBe(earlier);
  });

  test("a missing folder outside the working directory is not created", async () => {
    const elsewhere = tempDir("golive-elsewhere-");
    const run = await report("--output", join(elsewhere, "a", "b.md"));
    expect(run.code).toBe(2);
    expect(readdirSync(elsewhere)).toEqual([]);
    mkdirSync(join(elsewhere, "a"));
    expect((await report("--output", join(elsewhere, "a", "b.md"))).code).toBe(0);
  });
});
