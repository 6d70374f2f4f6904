import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeSynthOutput } from "../helpers/synth-output";
import { closeGoliveServer } from "./golive-server";
import { stepNamed, stepSandbox } from "./support";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

describe("pr.yml checks the promotion order and remote state in review, as deploy.yml will read them", () => {
  const script = String(stepNamed("pr.yml", "promotion order and remote state (as deploy.yml reads them)").run);

  /** The step over a synth output of `stacks`, each declaring `backend` (none: no backend block). */
  async function run(stacks: readonly string[], backend?: string) {
    const box = stepSandbox("golive-pr-order-", stacks);
    if (backend !== undefined)
      writeSynthOutput(
        join(box.dir, "cdktf.out"),
        Object.fromEntries(stacks.map((s) => [s, { terraform: { backend: { [backend]: {} } } }])),
      );
    const summary = join(box.dir, "summary.md");
    const result = await box.run(script, { GITHUB_STEP_SUMMARY: summary });
    return { result, summary: existsSync(summary) ? readFileSync(summary, "utf8") : "" };
  }

  test("runs the deploy workflow's matrix script with --require-order --require-remote-state, and names the step when it fails", () => {
    expect(script).toContain("scripts/ci/environment-matrix.ts --require-order --require-remote-state)");
    expect(String(stepNamed("pr.yml", "the data for the review").run)).toContain(
      '[ "$ORDER_OUTCOME" != failure ] || echo "promotion order or remote state"',
    );
  });

  test("two environments and no secrets.github.deployAfter fail the pull request, naming the field", async () => {
    const { result, summary } = await run(["edge-production", "edge-staging"], "s3");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("secrets.github.deployAfter");
    expect(summary).toBe("");
  });

  test("one environment with remote state passes and the job summary states the order", async () => {
    const { result, summary } = await run(["edge-production", "traffic-production"], "s3");
    expect(result.status).toBe(0);
    expect(summary).toBe("Promotion order (deploy.yml): production\n");
  });

  test("fails the pull request when the environment keeps local state, naming state.backend", async () => {
    const { result, summary } = await run(["edge-production", "traffic-production"], "local");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "environment-matrix: production keeps its Terraform state local (state.backend in config/production.yaml",
    );
    expect(summary).toBe("");
  });
});
