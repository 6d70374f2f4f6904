import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const PLAN = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
const SYNTH_OUTPUT = "allowed: a folder golive synth wrote, such as cdktf.out";
const RUNBOOKS = "allowed: the folder of the runbooks (*.md)";
const RULES = "allowed: a .json, .yaml or .yml file of risk rules";
const VERIFY_DIR = "allowed: a folder golive synth wrote, such as cdktf.out (without <env>'s stacks, a fresh synth is probed)";

/** A working directory holding a file, a named pipe, an empty folder and a folder of other files. */
function workspace(): string {
  const dir = tempDir("golive-read-paths-");
  writeFileSync(join(dir, "README.md"), "# notes\n");
  execFileSync("mkfifo", [join(dir, "pipe")]);
  mkdirSync(join(dir, "empty"));
  mkdirSync(join(dir, "rules.json"));
  return dir;
}

/** One line naming the flag, then the pointer every usage error ends with; exit 2, nothing on stdout. */
function refused(command: string, line: string) {
  return { code: 2, stdout: "", stderr: `golive ${command}: ${line}\nsee: golive ${command} --help\n` };
}

/**
 * A path flag naming what a command reads is judged before any work, as the flags that write are
 * (`golive --help`: "A refused path is one line naming the flag", exit 2): a file or a named pipe given
 * as a folder, a folder or a device given as a file, a missing path, a folder holding no synth output.
 */
describe("path flags of what a command reads", () => {
  const dir = workspace();

  test.each([
    [["check", "--dir", "README.md"], "--dir: README.md is a file, not a folder"],
    [["check", "--dir", "pipe"], "--dir: pipe is a named pipe, not a folder"],
    [["stacks", "--dir", "README.md"], "--dir: README.md is a file, not a folder"],
    [["stacks", "--dir", "pipe"], "--dir: pipe is a named pipe, not a folder"],
    [["stacks", "--dir", "nowhere"], "--dir: nowhere does not exist"],
  ])("fails with exit 2 naming the flag: golive %j", async (args, why) => {
    const [command = ""] = args;
    expect(await golive(args, { cwd: dir })).toEqual(refused(command, `${why}; ${SYNTH_OUTPUT}`));
  });

  test.each([[["check"]], [["stacks"]]])(
    "fails with exit 2 naming --dir and the synth to run for a folder holding no synth output, writing nothing in it: golive %j",
    async ([command = ""]) => {
      const run = await golive([command, "--dir", "empty"], { cwd: dir });
      expect(run).toEqual(
        refused(command, `--dir: empty holds no synth output (no manifest.json); ${SYNTH_OUTPUT}; run golive synth first`),
      );
      expect(readdirSync(join(dir, "empty"))).toEqual([]);
    },
  );

  test("the default cdktf.out holding no synth output is no flag's fault: exit 1, run golive synth", async () => {
    const bare = tempDir("golive-read-paths-default-");
    mkdirSync(join(bare, "cdktf.out"));
    expect(await golive(["stacks"], { cwd: bare })).toEqual({
      code: 1,
      stdout: "",
      stderr: "golive stacks: cdktf.out holds no synth output (no manifest.json); run golive synth first\n",
    });
    expect(await golive(["check"], { cwd: bare })).toEqual({
      code: 1,
      stdout: "",
      stderr: "golive check: no synthesized stacks in cdktf.out (run golive synth)\n",
    });
  });

  test.each([
    ["pipe", "pipe is a named pipe, not a folder"],
    ["README.md", "README.md is a file, not a folder"],
    ["nowhere", "nowhere does not exist"],
  ])("check --runbooks-dir %s fails with exit 2 naming the flag, before reading it", async (given, why) => {
    expect(await golive(["check", "production", "--runbooks-dir", given], { cwd: dir })).toEqual(
      refused("check", `--runbooks-dir: ${why}; ${RUNBOOKS}`),
    );
  });

  test.each([
    ["pipe", "pipe is a named pipe, not a regular file"],
    ["rules.json", "rules.json is a folder, not a regular file"],
    ["/dev/null", "/dev/null is a device, not a regular file"],
    ["README.md", "README.md ends in .md"],
    ["nope.json", "nope.json does not exist"],
  ])("plan-report --risk-rules %s fails with exit 2 naming the flag, without reading it", async (given, why) => {
    expect(await golive(["plan-report", PLAN, "--risk-rules", given], { cwd: dir })).toEqual(
      refused("plan-report", `--risk-rules: ${why}; ${RULES}`),
    );
  });

  // As processes: a pipe opened (or an open left pending) would keep a real process from exiting, which an in-process run does not show.
  test("as processes: check --runbooks-dir and plan-report --risk-rules given a named pipe exit 2 at once", async () => {
    const [check, report] = await Promise.all([
      spawnGolive(["check", "production", "--runbooks-dir", "pipe"], { cwd: dir }),
      spawnGolive(["plan-report", PLAN, "--risk-rules", "pipe"], { cwd: dir }),
    ]);
    expect(check).toEqual(refused("check", `--runbooks-dir: pipe is a named pipe, not a folder; ${RUNBOOKS}`));
    expect(report).toEqual(refused("plan-report", `--risk-rules: pipe is a named pipe, not a regular file; ${RULES}`));
  });

  test.each([
    ["README.md", "README.md is a file, not a folder"],
    ["pipe", "pipe is a named pipe, not a folder"],
    ["nowhere", "nowhere does not exist"],
  ])("verify --dir %s fails with exit 2 naming the flag, before any synth or probe (it read a fresh synth instead)", async (given, why) => {
    const run = await golive(["verify", "production", "--dry-run", "--config-dir", EXAMPLE_CONFIG_DIR, "--dir", given], { cwd: dir });
    expect(run).toEqual(refused("verify", `--dir: ${why}; ${VERIFY_DIR}`));
  });

  test("outputs --dir given a file or a folder without synth output exits 2 naming --dir", async () => {
    const [file, empty] = await Promise.all([
      golive(["outputs", "edge-production", "--dir", "README.md"], { cwd: dir }),
      golive(["outputs", "edge-production", "--dir", "empty"], { cwd: dir }),
    ]);
    expect(file).toEqual(refused("outputs", `--dir: README.md is a file, not a folder; ${SYNTH_OUTPUT}`));
    expect(empty).toEqual(
      refused("outputs", `--dir: empty holds no synth output (no manifest.json); ${SYNTH_OUTPUT}; run golive synth first`),
    );
  });
});
