import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { join } from "node:path";
import { parseApprovals } from "../../scripts/ci/approvals";
import { reviewVerdict, short } from "../../scripts/ci/review-verdict";
import { activity, pull, REPOSITORY, review } from "./github-api";
import { HEAD } from "./support";

// The verdict pr-review.yml turns into the commit status golive/plan-review and the labels
// (scripts/ci/plan-review-verdict.ts runs it as a process in plan-review.spec.ts and approvals.spec.ts).
/** The approvals step's record (approvals.spec.ts runs the step) of #7 at HEAD with `reviews`. */
const approvals = (reviews: readonly unknown[]) =>
  parseApprovals(
    JSON.stringify({
      repository: REPOSITORY,
      pull: pull(HEAD),
      reviews,
      activity: [activity(1, "alice", "push", "a".repeat(40), HEAD, "2026-03-02T10:00:00Z")],
      permissions: { bob: "write" },
    }),
  );

describe("pr-review.yml's risk gate (golive/plan-review)", () => {
  let sample: string;
  beforeAll(async () => {
    const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
    sample = (await golive(["plan-report", plan, "--json"], { cwd: tempDir("golive-gate-") })).stdout;
  });
  const verdict = (report: string | undefined, labels: readonly string[], failedSteps: readonly string[] = []) =>
    reviewVerdict({ report, labels, failedSteps, commit: HEAD });

  test("fails on risk flags until a reviewer approves the commit, and labels the pull request with what the plans do", () => {
    const v = reviewVerdict({ report: sample, labels: [], failedSteps: [], commit: HEAD, approvals: approvals([]) });
    expect(v.state).toBe("failure");
    expect(v.description).toBe("5 risk flag(s) of 0123456789ab not accepted: no approval of 0123456789ab");
    expect([...v.add].sort()).toEqual(["golive:destroy", "golive:risk"]);
  });

  test("passes once a reviewer with write access approves the head, names who accepted, and shows it with the label", () => {
    const labels = ["golive:destroy", "golive:risk"];
    const approved = approvals([review(11, "bob", "APPROVED", HEAD, "2026-03-02T10:20:00Z")]);
    const v = reviewVerdict({ report: sample, labels, failedSteps: [], commit: HEAD, approvals: approved });
    expect(v).toEqual({
      state: "success",
      description: "1 stack(s) reviewed at 0123456789ab; 5 risk flag(s) accepted by bob (approval)",
      add: ["golive:risks-accepted"],
      remove: [],
    });
  });

  test("fails with the label golive:risks-accepted alone, which is a display: removed while no approval accepts", () => {
    const v = verdict(sample, ["golive:risks-accepted", "golive:destroy", "golive:risk"]);
    expect(v).toMatchObject({ state: "failure", add: [], remove: ["golive:risks-accepted"] });
    expect(v.description).toMatch(/^5 risk flag\(s\) of 0123456789ab not accepted: the approvals could not be read/);
  });

  test("a plan without flags passes and drops stale labels", () => {
    const clean = JSON.stringify({ totals: { delete: 0, replace: 0 }, riskCount: 0, failures: [], stacks: [] });
    expect(verdict(clean, ["golive:risk", "golive:destroy", "golive:risks-accepted"])).toEqual({
      state: "success",
      description: "0 stack(s) reviewed at 0123456789ab",
      add: [],
      remove: ["golive:destroy", "golive:risk", "golive:risks-accepted"],
    });
  });

  test("fails, approved or not, while any step failed, naming each step and the commit", () => {
    const approved = approvals([review(11, "bob", "APPROVED", HEAD, "2026-03-02T10:20:00Z")]);
    const v = reviewVerdict({
      report: sample,
      labels: [],
      failedSteps: ["pr data (missing)", "secret scan"],
      commit: HEAD,
      approvals: approved,
    });
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

  test("a cut description never splits a character made of two UTF-16 units", () => {
    // An emoji (a surrogate pair) straddling the 139th unit: cut before it, never between its halves.
    for (const pad of [136, 137, 138]) {
      const description = short(`${"x".repeat(pad)}😀${"y".repeat(20)}`);
      expect(description.length).toBeLessThanOrEqual(140);
      expect(description.endsWith("…")).toBe(true);
      expect(Buffer.from(description, "utf8").toString("utf8")).toBe(description); // a lone half would not survive UTF-8
    }
    expect(short("x".repeat(140))).toBe("x".repeat(140));
  });
});
