import { join } from "node:path";
import { spawnCollect } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

// The happy path downloads a Node.js binary (~50 MB) and runs the whole suite: it is run by hand and
// its result recorded in docs/testing.md. Here: it refuses what is not a major version, before any install.
describe("scripts/test-on-node.sh", () => {
  test.each([[[]], [["latest"]], [["22.1"]]])("refuses %j with exit 2 and one line naming what is allowed", async (args) => {
    const run = await spawnCollect("bash", [join(REPO_ROOT, "scripts", "test-on-node.sh"), ...args], { cwd: REPO_ROOT, env: process.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^test-on-node: give a Node\.js major version, e\.g\. 22 or 24 \(got ".*"\)\n$/);
    expect(run.stdout).toBe("");
  });
});
