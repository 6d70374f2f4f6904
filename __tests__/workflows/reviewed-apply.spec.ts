import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { fixtureText } from "../plan/fixtures";
import {
  changedAfterReview,
  HEAD,
  isRecord,
  jobsOf,
  reviewedDigestLine,
  stepNamed,
  type StepRun,
  stepSandbox,
  stepsIn,
  workflow,
} from "./support";
import { closeGoliveServer } from "./golive-server";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

describe("deploy-environment.yml applies only what was reviewed", () => {
  // One run of the workflow's own script, with this repository's CLI behind `npx golive` and a stand-in
  // terraform whose `show -json` prints real plan fixtures and whose `apply` records the stack.
  // edge-* is left out: never planned in pull requests, it is applied without a comparison (the last
  // test below checks that only such kinds skip it); one process less keeps this file fast.
  const stacks = ["email-production", "monitoring-production", "traffic-production"];
  const box = stepSandbox("golive-reviewed-apply-", stacks);
  writeFileSync(
    join(box.dir, "stacks.json"),
    JSON.stringify(stacks.map((name) => ({ name, file: join(box.dir, "cdktf.out", "stacks", name, "cdk.tf.json") }))),
  );
  // email: as reviewed; monitoring: nothing to do; traffic: changed since the review
  writeFileSync(join(box.fixtures, "email-production.json"), fixtureText("tf-changes.json"));
  writeFileSync(join(box.fixtures, "monitoring-production.json"), fixtureText("tf-noop.json"));
  writeFileSync(join(box.fixtures, "traffic-production.json"), changedAfterReview());
  const script = String(stepNamed("deploy-environment.yml", "plan, compare with the review").run);
  let result: StepRun;
  beforeAll(async () => {
    result = await box.run(script, {
      ENVIRONMENT: "production",
      REVIEWED_DIGEST: reviewedDigestLine(["email-production", "traffic-production"]),
      REVIEWED_COMMIT: HEAD,
    });
  });
  const appliedStacks = box.applied;

  test("a stack whose plan is the reviewed one is applied from its saved plan file", () => {
    expect(result.stdout).toContain("email-production: same as the review of 0123456789abcdef0123456789abcdef01234567 (10 changes)");
    expect(appliedStacks()).toContain("email-production");
  });

  test("fails and applies nothing more when a stack's plan differs from the review, naming the stack and the address", () => {
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /traffic-production: REFUSED: the plan differs from the review of 0123456789abcdef\w*\n {2}changed since the review \(1\):\n {4}terraform_data\.update_me \(update\)/,
    );
    expect(appliedStacks()).not.toContain("traffic-production");
  });

  test("a stack without changes is not applied, and the stacks after it still are compared", () => {
    expect(result.stdout).toContain("monitoring-production: no changes");
    expect(appliedStacks()).toEqual(["email-production"]);
  });

  test("the stacks compared are exactly those pull requests plan (pr.yml's --exclude list)", () => {
    const prKinds = new Set([...String(stepNamed("pr.yml", "golive plan").run).matchAll(/--exclude (\w+)/g)].map((m) => m[1] ?? ""));
    const deployKinds = new Set([...script.matchAll(/--exclude (\w+)/g)].map((m) => m[1] ?? ""));
    const uncompared = [...script.matchAll(/^\s*([\w*| -]+)\) echo "::warning::/gm)].flatMap((m) =>
      (m[1] ?? "").split("|").map((k) => k.trim().replace(/-\*$/, "")),
    );
    const deployed = ["bootstrap", "access", "secrets", "edge", "email", "monitoring", "traffic"].filter((k) => !deployKinds.has(k));
    expect(uncompared.sort()).toEqual(deployed.filter((k) => prKinds.has(k)).sort());
  });
});

interface Comment {
  readonly user: { readonly login: string; readonly type: string };
  readonly body: string;
}

/** review.yml's step (deploy.yml and deploy-admin.yml call it) with stand-ins for github-script's `github`, `context` and `core`. */
async function runReviewStep(pulls: readonly unknown[], comments: readonly Comment[]): Promise<Record<string, string>> {
  const step = stepNamed("review.yml", "find the plan digest");
  const script = isRecord(step.with) ? String(step.with.script) : "";
  const outputs: Record<string, string> = {};
  const github = {
    rest: { repos: { listPullRequestsAssociatedWithCommit: async () => ({ data: pulls }) }, issues: { listComments: "listComments" } },
    paginate: async () => comments,
  };
  const context = { repo: { owner: "o", repo: "r" }, sha: "f".repeat(40) };
  const core = { setOutput: (k: string, v: string) => void (outputs[k] = v), warning: () => undefined, info: () => undefined };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction("github", "context", "core", script)(github, context, core);
  return outputs;
}

describe("review.yml (deploy.yml, deploy-admin.yml) finds the review of the merged pull request", () => {
  const line = reviewedDigestLine(["email-production"]);
  const merged = { number: 7, merged_at: "2031-01-01T00:00:00Z", merge_commit_sha: "f".repeat(40), head: { sha: HEAD } };
  const bot = { login: "github-actions[bot]", type: "Bot" };

  test("takes the digest line of the pr workflow's comment and the pull request's last commit", async () => {
    const outputs = await runReviewStep([merged], [{ user: bot, body: `${COMMENT_MARKER}\n## golive plan review\n\n${line}\n` }]);
    expect(outputs).toEqual({ digest: line, commit: HEAD });
  });

  test("ignores a digest in anyone else's comment (a user or another app cannot approve a plan)", async () => {
    const forged = { user: { login: "mallory", type: "User" }, body: `${COMMENT_MARKER}\n${line}\n` };
    const otherApp = { user: { login: "some-app[bot]", type: "Bot" }, body: `${COMMENT_MARKER}\n${line}\n` };
    expect(await runReviewStep([merged], [forged, otherApp])).toEqual({ digest: "", commit: HEAD });
  });

  test("a commit that is no merged pull request has no review: empty digest, so every change is refused", async () => {
    expect(await runReviewStep([{ ...merged, merged_at: null }], [])).toEqual({ digest: "", commit: "" });
  });
});

describe("pr.yml: the pull request does not run the code that writes its own review", () => {
  const plan = jobsOf(workflow("pr.yml")).find(([name]) => name === "plan")?.[1];
  const steps = stepsIn(plan);
  const base = steps.findIndex((s) => String(s.uses).startsWith("actions/checkout@") && isRecord(s.with) && s.with.path !== undefined);
  const review = steps.findIndex((s) => String(s.name).startsWith("golive plan-report"));

  test("golive is checked out at the base commit, after the pull request's code has planned, without credentials", () => {
    const checkout = steps[base];
    expect(isRecord(checkout?.with) ? checkout.with : {}).toMatchObject({
      ref: "${{ github.event.pull_request.base.sha }}",
      "persist-credentials": false,
    });
    const lastPlan = Math.max(...steps.flatMap((s, i) => (/\bnpx golive plan\b(?!-)/.test(String(s.run)) ? [i] : [])));
    expect(base).toBeGreaterThan(lastPlan);
    expect(review).toBeGreaterThan(base);
  });

  test("the review (plan-report, its rules and the repository's risk rules) runs in the base checkout, on the pull request's plans", () => {
    const path = isRecord(steps[base]?.with) ? String(steps[base]?.with.path) : "";
    const install = steps.find((s) => s["working-directory"] === path && /\bnpm ci\b.*--ignore-scripts/.test(String(s.run)));
    expect(install).toBeDefined();
    expect(steps[review]?.["working-directory"]).toBe(path);
    const run = String(steps[review]?.run);
    for (const line of run.split("\n").filter((l) => l.includes("npx golive plan-report")))
      expect(line).toMatch(/npx golive plan-report \.\.\/plans --synth-dir \.\.\/cdktf\.out /);
    // no --risk-rules: plan-report reads .golive/risk-rules.* of its working directory, the base checkout
    expect(run).not.toContain("--risk-rules");
  });
});
