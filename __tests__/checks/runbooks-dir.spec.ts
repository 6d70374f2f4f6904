import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_RUNBOOK_BYTES, readRunbooks } from "../../lib/engines/check/load";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

const TODAY = "2026-11-29";
const LINK = "is a symbolic link; golive check reads only regular files inside the runbooks folder, never where a link leads";

/** The example configs and their synth output, with the repository's runbooks in `ops/runbooks` (not ./runbooks). */
async function workspace(): Promise<string> {
  const dir = tempDir("golive-check-runbooks-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  await copyExampleSynth(dir);
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "ops", "runbooks"), { recursive: true });
  return dir;
}

const check = (dir: string, ...flags: string[]) =>
  golive(["check", "--today", TODAY, "--compact", "--output", "report.txt", ...flags], { cwd: dir });

describe("golive check --runbooks-dir: the runbooks GL-REL-003 reads, as data", () => {
  test("reads DIR/*.md instead of ./runbooks: READY with the repository's runbooks there, GL-REL-003 blocks without the flag", async () => {
    const dir = await workspace();
    const withFlag = await check(dir, "--runbooks-dir", "ops/runbooks");
    expect(withFlag.code).toBe(0);
    const without = await golive(["check", "--today", TODAY, "--compact"], { cwd: dir });
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/^BLOCKER GL-REL-003 \[production, staging\] .*: no runbook for deploy in runbooks\/\*\.md/m);
  });

  test("a missing runbook is reported in the folder read (DIR/*.md), not ./runbooks", async () => {
    const dir = await workspace();
    rmSync(join(dir, "ops", "runbooks", "rollback.md"));
    const run = await golive(["check", "--today", TODAY, "--compact", "--runbooks-dir", "ops/runbooks"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BLOCKER GL-REL-003 \[production, staging\] .*: no runbook for rollback in ops\/runbooks\/\*\.md$/m);
  });

  test("fails naming a runbook that is a symbolic link (to /etc/passwd): one line, exit 1, nothing read or written", async () => {
    const dir = await workspace();
    symlinkSync("/etc/passwd", join(dir, "ops", "runbooks", "passwd.md"));
    const run = await check(dir, "--runbooks-dir", "ops/runbooks");
    expect(run).toEqual({ code: 1, stdout: "", stderr: `golive check: ops/runbooks/passwd.md: ${LINK}\n` });
    expect(existsSync(join(dir, "report.txt"))).toBe(false);
  });

  test("fails naming a runbook that links to another runbook inside the folder: no link is followed", async () => {
    const dir = await workspace();
    symlinkSync("deploy.md", join(dir, "ops", "runbooks", "zz-deploy-again.md"));
    const run = await check(dir, "--runbooks-dir", "ops/runbooks");
    expect(run).toEqual({ code: 1, stdout: "", stderr: `golive check: ops/runbooks/zz-deploy-again.md: ${LINK}\n` });
  });

  test("fails naming the runbooks folder when it is itself a symbolic link (the default ./runbooks included)", async () => {
    const dir = await workspace();
    symlinkSync(join(dir, "ops", "runbooks"), join(dir, "runbooks"));
    const run = await check(dir);
    expect(run).toEqual({ code: 1, stdout: "", stderr: `golive check: runbooks: ${LINK}\n` });
  });

  test("fails naming a *.md that is no regular file (a FIFO, without waiting on it; a folder) or is over the size bound", async () => {
    const cases: [string, (file: string) => void, string][] = [
      ["pipe.md", (file) => execFileSync("mkfifo", [file]), "is a FIFO (named pipe), not a regular file"],
      ["folder.md", (file) => mkdirSync(file), "is a directory, not a regular file"],
      [
        "huge.md",
        (file) => writeFileSync(file, `# huge\n${"x".repeat(MAX_RUNBOOK_BYTES)}`),
        `is ${MAX_RUNBOOK_BYTES + 7} bytes; allowed: at most ${MAX_RUNBOOK_BYTES} bytes`,
      ],
    ];
    const dir = await workspace();
    for (const [name, make, why] of cases) {
      const file = join(dir, "ops", "runbooks", name);
      make(file);
      const run = await check(dir, "--runbooks-dir", "ops/runbooks");
      expect({ name, ...run }).toEqual({ name, code: 1, stdout: "", stderr: `golive check: ops/runbooks/${name}: ${why}\n` });
      execFileSync("rm", ["-rf", file]);
    }
  });

  test("a link not named *.md is not a runbook: neither read nor refused", async () => {
    const dir = await workspace();
    symlinkSync("/etc/passwd", join(dir, "ops", "runbooks", "passwd.txt"));
    expect((await check(dir, "--runbooks-dir", "ops/runbooks")).code).toBe(0);
  });
});

// In-process: check runs as the real binary in __tests__/cli/process.spec.ts, and the runbooks are read
// through check's static imports, which jest's transforms load as bin/golive.js does.
describe("golive check --runbooks-dir, the command's exits", () => {
  test("fails with exit 2 naming --runbooks-dir when the folder given does not exist, before any synth", async () => {
    const dir = tempDir("golive-check-runbooks-bin-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    const run = await golive(["check", "--runbooks-dir", "run-books"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "golive check: --runbooks-dir: run-books does not exist; allowed: the folder of the runbooks (*.md)\nsee: golive check --help\n",
    });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  test("fails with exit 1 naming a symlinked runbook before synthesizing the missing cdktf.out: nothing written", async () => {
    const dir = tempDir("golive-check-runbooks-bin-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    mkdirSync(join(dir, "runbooks"));
    symlinkSync("/etc/passwd", join(dir, "runbooks", "deploy.md"));
    const run = await golive(["check"], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: "", stderr: `golive check: runbooks/deploy.md: ${LINK}\n` });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  test("--help documents --runbooks-dir", async () => {
    const run = await golive(["check", "--help"], { cwd: tempDir() });
    expect(run.stdout).toMatch(/^ {2}--runbooks-dir DIR the runbooks GL-REL-003 looks for, DIR\/\*\.md \(default: runbooks\)/m);
  });
});

describe("readRunbooks, in process", () => {
  test("reads a runbook whose name starts with two dots (..notes.md): it is inside the folder", () => {
    const dir = tempDir("golive-runbooks-dots-");
    try {
      writeFileSync(join(dir, "..notes.md"), "# notes\n");
      expect(readRunbooks(dir)).toEqual([{ path: "runbooks/..notes.md", text: "# notes\n" }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
