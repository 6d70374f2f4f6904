import { spawnGolive, tempDir } from "../helpers/cli";

describe("golive init: usage errors name a placeholder, not an example environment", () => {
  // The real binary, as a new user meets it: no environment, or two.
  test.each([
    ["no environment", ["init"]],
    ["two environments", ["init", "qa", "uat"]],
  ])("fails on %s in one line naming <env>, exit 2", async (_name, args) => {
    const run = await spawnGolive(args, { cwd: tempDir("golive-init-usage-") });
    expect(run).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "golive init: give exactly one environment, such as: golive init <env>\nsee: golive init --help\n",
    });
  });
});
