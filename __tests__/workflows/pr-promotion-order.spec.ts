import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { closeGoliveServer } from "./golive-server";
import { stepNamed, stepSandbox } from "./support";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

describe("pr.yml checks the promotion order in review, as deploy.yml will read it", () => {
  const script = String(stepNamed("pr.yml", "promotion order (as deploy.yml reads it)").run);

  async function run(stacks: readonly string[]) {
    const box = stepSandbox("golive-pr-order-", stacks);
    const summary = join(box.dir, "summary.md");
    const result = await box.run(script, { GITHUB_STEP_SUMMARY: summary });
    return { result, summary: existsSync(summary) ? readFileSync(summary, "utf8") : "" };
  }

  test("runs the deploy workflow's matrix script with --require-order", () => {
    expect(script).toContain("scripts/ci/environment-matrix.ts --require-order");
  });

  test("two environments and no secrets.github.deployAfter fail the pull request, naming the field", async () => {
    const { result, summary } = await run(["edge-production", "edge-staging"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("secrets.github.deployAfter");
    expect(summary).toBe("");
  });

  test("one environment passes and the job summary states the order", async () => {
    const { result, summary } = await run(["edge-production", "traffic-production"]);
    expect(result.status).toBe(0);
    expect(summary).toBe("Promotion order (deploy.yml): production\n");
  });
});
