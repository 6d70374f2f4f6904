import { golive, tempDir } from "../helpers/cli";

/**
 * A command that takes one environment or stack says so with a placeholder, as release and verify do
 * (`<env>`): an example name (`golive zone production`, `golive outputs email-production`) reads as a
 * name to type, which the user's project may not have.
 */
describe("a missing environment or stack is asked for with a placeholder, never an example name", () => {
  test.each([
    ["zone", "environment", "golive zone <env>"],
    ["preflight", "environment", "golive preflight <env>"],
    ["outputs", "stack", "golive outputs <stack>"],
  ])("fails golive %s with no argument: exit 2, one line naming %s as %s", async (command, what, example) => {
    const run = await golive([command], { cwd: tempDir("golive-placeholder-") });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive ${command}: give exactly one ${what}, such as: ${example}\nsee: golive ${command} --help\n`,
    });
  });
});
