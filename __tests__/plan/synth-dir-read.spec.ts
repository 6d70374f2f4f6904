import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { CDKTF_PLANS, CDKTF_SYNTH } from "./fixtures";

// plan-report only reads --synth-dir: one that is not a folder golive synth wrote is refused as check,
// stacks and outputs refuse their --dir (exit 2, nothing written), not read as "no construct paths".

const ALLOWED = "allowed: a folder golive synth wrote, such as cdktf.out";
const dir = tempDir("golive-synth-dir-read-");
mkdirSync(join(dir, "plans"));
cpSync(join(CDKTF_PLANS, "edge-production.json"), join(dir, "plans", "edge-production.json"));
writeFileSync(join(dir, "a-file"), "not a folder\n");
execFileSync("mkfifo", [join(dir, "a-fifo")]);
symlinkSync("loop", join(dir, "loop"));
mkdirSync(join(dir, "empty"));
mkdirSync(join(dir, "reports"));

const REPORT = ["plan-report", "plans/edge-production.json", "--output", "reports/comment.md"];

describe("golive plan-report refuses a --synth-dir that is not a synth output", () => {
  test("fails with exit 2 naming --synth-dir for a missing folder, nothing written", async () => {
    const run = await golive([...REPORT, "--synth-dir", "missing"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive plan-report: --synth-dir: missing does not exist; ${ALLOWED}\nsee: golive plan-report --help\n`,
    });
    expect(readdirSync(join(dir, "reports"))).toEqual([]);
  });

  test.each([
    ["a file", "a-file", "a-file is a file, not a folder"],
    ["a named pipe (never opened)", "a-fifo", "a-fifo is a named pipe, not a folder"],
    ["a device", "/dev/zero", "/dev/zero is a device, not a folder"],
    ["a symbolic link loop", "loop", "loop is a symbolic link to nothing, not a folder"],
    ["the root folder", "/", "/ holds no synth output (no manifest.json)"],
    ["an empty folder", "empty", "empty holds no synth output (no manifest.json)"],
  ])("fails with exit 2 for --synth-dir %s, no report", async (_what, path, why) => {
    // No --output: under / every file is inside the synth output folder, which --output is refused first.
    const run = await golive(["plan-report", "plans/edge-production.json", "--synth-dir", path], { cwd: dir });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr.split("\n")[0]).toBe(
      `golive plan-report: --synth-dir: ${why}; ${ALLOWED}${why.includes("manifest") ? "; run golive synth first" : ""}`,
    );
    expect(readdirSync(join(dir, "reports"))).toEqual([]);
  });

  test("a synth output is read for construct paths; without --synth-dir a missing cdktf.out is still no error", async () => {
    const flagged = await golive(["plan-report", "plans/edge-production.json", "--synth-dir", CDKTF_SYNTH], { cwd: dir });
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toContain("`edge-production/Zone/Resource`");
    const plain = await golive(["plan-report", "plans/edge-production.json"], { cwd: dir });
    expect(plain.code).toBe(0);
  });

  test("a review already incomplete (--failed-step, as after a failed synth) still renders with a missing or empty --synth-dir, not with a file", async () => {
    for (const path of ["missing", "empty"]) {
      const run = await golive(["plan-report", "plans/edge-production.json", "--synth-dir", path, "--failed-step", "synth"], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("synth");
      expect(run.stderr).toContain("plan-report: incomplete review: synth failed");
    }
    const file = await golive(["plan-report", "plans/edge-production.json", "--synth-dir", "a-file", "--failed-step", "synth"], {
      cwd: dir,
    });
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(
      /^golive plan-report: --synth-dir: a-file is a file, not a folder; allowed: .* \(with --failed-step: missing/,
    );
  });
});

describe("golive plan-compare refuses a --synth-dir that is not a synth output", () => {
  test.each([
    ["a missing folder", "missing", "missing does not exist"],
    ["a file", "a-file", "a-file is a file, not a folder"],
    ["an empty folder", "empty", "empty holds no synth output (no manifest.json); run golive synth first"],
  ])("fails with exit 2 naming --synth-dir for %s, before reading the review", async (_what, path, why) => {
    // The review named does not exist: --synth-dir is judged first, so its line is the only one.
    const run = await golive(["plan-compare", "no-review.md", "plans", "--synth-dir", path], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive plan-compare: --synth-dir: ${why.replace("; run", `; ${ALLOWED}; run`)}${why.includes("manifest") ? "" : `; ${ALLOWED}`}\nsee: golive plan-compare --help\n`,
    });
  });
});
