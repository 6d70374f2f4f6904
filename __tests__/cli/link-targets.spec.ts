import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/**
 * A folder flag given a symbolic link that leads out of the working directory is refused (exit 2, one
 * line naming the flag, nothing written), said as what the link points to: `pw -> /etc/passwd` is a link
 * to a file, `zero -> /dev/zero` to a device, neither a folder outside the working directory.
 */
const dir = tempDir("golive-link-targets-");
cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
const outside = tempDir("golive-link-targets-outside-");
const file = join(outside, "passwd");
writeFileSync(file, "root:x:0:0::/root:/bin/sh\n");
const folder = join(outside, "elsewhere");
mkdirSync(folder);
symlinkSync(file, join(dir, "pw"));
symlinkSync("/dev/zero", join(dir, "zero"));
symlinkSync(folder, join(dir, "out"));
symlinkSync(join(outside, "gone"), join(dir, "dangling"));
const listing = () => readdirSync(dir).sort();

/** Each link, what it points to, and what is said of it. */
const CASES = [
  ["pw", "a file", `pw is a symbolic link to a file (${file}), not a folder`],
  ["zero", "a device", "zero is a symbolic link to a device (/dev/zero), not a folder"],
  ["dangling", "nothing", "dangling is a symbolic link to nothing, not a folder"],
] as const;

describe("a folder flag's link out of the working directory is named for what it points to", () => {
  for (const [link, what, said] of CASES)
    test(`fails on plan --plan-dir and init --config-dir of a link to ${what}, saying so`, async () => {
      const before = listing();
      const plan = await golive(["plan", "--plan-dir", link], { cwd: dir });
      expect(plan).toEqual({ code: 2, stdout: "", stderr: `golive plan: --plan-dir: ${said}\n` });
      const init = await golive(["init", "qa", "--yes", "--config-dir", link], { cwd: dir });
      expect(init).toEqual({ code: 2, stdout: "", stderr: `golive init: --config-dir: ${said}\n` });
      expect(listing()).toEqual(before);
    });

  test("fails on plan --plan-dir of a link to a folder outside, naming where it leads", async () => {
    const plan = await golive(["plan", "--plan-dir", "out"], { cwd: dir });
    expect(plan).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive plan: --plan-dir: out is a symbolic link to a folder outside the working directory (${folder})\n`,
    });
    expect(readdirSync(folder)).toEqual([]);
  });
});
