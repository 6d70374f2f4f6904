import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { join } from "node:path";
import { reviewVerdict } from "../../scripts/ci/review-verdict";
import { HEAD } from "./support";

// The verdict pr-review.yml turns into the commit status golive/plan-review and the labels
// (scripts/ci/plan-review-verdict.ts runs it as a process in plan-review.spec.ts).
describe("pr-review.yml's risk gate (golive/plan-review)", () => {
  let sample: string;
  beforeAll(async () => {
    const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
    sample = (await golive(["plan-report", plan, "--json"], { cwd: tempDir("golive-gate-") })).stdout;
  });
  const verdict = (report: string | undefined, labels: readonly string[], failedSteps: readonly string[] = []) =>
    reviewVerdict({ report, labels, failedSteps, commit: HEAD });

  test("fails on risk flags until a reviewer accepts them, and labels the pull request with what the plans do", () => {
    const v = verdict(sample, []);
    expect(v.state).toBe("failure");
    expect(v.description).toBe(
      "5 risk flag(s) in the plans of 0123456789ab: a reviewer other than the author reads them in the comment and adds golive:risks-accepted",
    );
    expect([...v.add].sort()).toEqual(["golive:destroy", "golive:risk"]);
  });

  test("passes once a reviewer adds golive:risks-accepted after the head was pushed, and names who accepted the flags", () => {
    const acceptance = {
      author: "alice",
      head: HEAD,
      labelEvents: [{ event: "labeled" as const, actor: "bob", at: "2026-03-02T10:20:00Z" }],
      runs: [{ sha: HEAD, at: "2026-03-02T10:00:03Z" }],
      permissions: { bob: "write" },
    };
    const labels = ["golive:risks-accepted", "golive:destroy", "golive:risk"];
    const v = reviewVerdict({ report: sample, labels, failedSteps: [], commit: HEAD, acceptance });
    expect(v).toMatchObject({ state: "success", add: [], remove: [] });
    expect(v.description).toBe("1 stack(s) reviewed at 0123456789ab; 5 risk flag(s) accepted by bob (golive:risks-accepted)");
  });

  test("fails with the label alone: who added it, and after which push, must be on record (risk-acceptance.spec.ts)", () => {
    const v = verdict(sample, ["golive:risks-accepted", "golive:destroy", "golive:risk"]);
    expect(v).toMatchObject({ state: "failure", add: [], remove: [] });
    expect(v.description).toMatch(
      /^5 risk flag\(s\) in the plans of 0123456789ab: golive:risks-accepted: who added it, and when, is not on record/,
    );
  });

  test("a plan without flags passes and drops stale labels", () => {
    const clean = JSON.stringify({ totals: { delete: 0, replace: 0 }, riskCount: 0, failures: [], stacks: [] });
    expect(verdict(clean, ["golive:risk", "golive:destroy"])).toEqual({
      state: "success",
      description: "0 stack(s) reviewed at 0123456789ab",
      add: [],
      remove: ["golive:destroy", "golive:risk"],
    });
  });

  test("fails, accepted or not, while any step failed, naming each step and the commit", () => {
    const v = verdict(sample, ["golive:risks-accepted"], ["pr data (missing)", "secret scan"]);
    expect(v).toMatchObject({ state: "failure", description: "incomplete review of 0123456789ab: pr data (missing), secret scan failed" });
  });

  test("fails without a readable report, and when a stack was not planned or its plan errored", () => {
    expect(verdict(undefined, []).description).toBe("no plan report for 0123456789ab: the review could not read the plans");
    expect(verdict("{not json", []).state).toBe("failure");
    const notPlanned = JSON.stringify({
      totals: {},
      riskCount: 0,
      failures: [{ stack: "email-staging" }],
      stacks: [{ stack: "traffic-staging", errored: true }],
    });
    expect(verdict(notPlanned, []).description).toBe("incomplete review of 0123456789ab: not planned: email-staging, traffic-staging");
  });

  test("a description stays within GitHub's 140 characters", () => {
    const steps = Array.from({ length: 12 }, (_, i) => `plan (environment-${i})`);
    expect(verdict(sample, [], steps).description).toHaveLength(140);
  });
});
