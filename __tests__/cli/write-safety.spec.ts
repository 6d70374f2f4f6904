import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

const PLAN = join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json");
const report = (cwd: string, output: string) => golive(["plan-report", PLAN, "--output", output], { cwd });

/** Every file golive writes goes through one atomic writer; it never renames over what it did not create. */
describe("a written file never replaces a device, pipe, directory or symlink", () => {
  const dir = tempDir("golive-write-");

  test("fails on a named pipe (or a device such as /dev/null), naming it, and leaves it as it is", async () => {
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const run = await report(dir, fifo);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${fifo} is a named pipe; golive writes only regular files, so it was left as it is`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test("fails on a directory and on a symlink to nothing, writing nothing", async () => {
    const folder = join(dir, "folder");
    mkdirSync(folder);
    expect((await report(dir, folder)).stderr).toContain("is a directory");
    const dangling = join(dir, "dangling");
    symlinkSync(join(dir, "missing"), dangling);
    expect((await report(dir, dangling)).stderr).toContain("is a symbolic link to a file that does not exist");
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
  });

  test("writes through a symlink to a regular file: the link stays a link", async () => {
    const real = join(dir, "real.md");
    writeFileSync(real, "old\n");
    const link = join(dir, "link.md");
    symlinkSync(real, link);
    const run = await report(dir, link);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toContain("<!-- golive:plan-report -->");
  });
});
