import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureText } from "../plan/fixtures";
import { isRecord, jobsOf, stepNamed, stepSandbox, stepsIn, workflow } from "./support";
import { awsStepEnv } from "./aws-credentials";
import { closeGoliveServer } from "./golive-server";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

const doc = workflow("drift.yml");
const jobs = Object.fromEntries(jobsOf(doc));

describe("drift.yml: scheduled drift detection", () => {
  test("runs daily and on demand, per environment golive synthesizes, holding the environment's apply lock without cancelling", () => {
    expect(doc.on).toMatchObject({ schedule: [{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }], workflow_dispatch: null });
    expect(String(stepsIn(jobs.environments).at(-1)?.run)).toContain(
      "npx golive stacks --json | node -r ./lib/runtime/register-ts.js scripts/ci/environment-matrix.ts",
    );
    expect(jobs.drift).toMatchObject({
      needs: "environments",
      strategy: { matrix: "${{ fromJSON(needs.environments.outputs.matrix) }}", "fail-fast": false },
      concurrency: { group: "golive-apply-${{ matrix.environment }}", "cancel-in-progress": false, queue: "max" },
    });
  });

  test("refuses an environment that keeps local state instead of planning it from the runner's empty state", () => {
    expect(String(stepsIn(jobs.environments).at(-1)?.run)).toContain("scripts/ci/environment-matrix.ts --require-remote-state)\n");
  });

  test("plans with the read-only plan-main role (trusted for main, so no GitHub environment), never the deploy role", () => {
    const text = readFileSync(join(__dirname, "..", "..", ".github", "workflows", "drift.yml"), "utf8");
    expect(text).not.toMatch(/AWS_DEPLOY_ROLE_ARN|AWS_ADMIN_DEPLOY_ROLE_ARN|secrets\.CLOUDFLARE_API_TOKEN/);
    expect(jobs.drift?.environment).toBeUndefined();
    const roles = stepsIn(jobs.drift).filter((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
    expect(roles.map((s) => (isRecord(s.with) ? s.with["role-to-assume"] : undefined))).toEqual([
      "${{ vars[format('AWS_PLAN_MAIN_ROLE_ARN_{0}', matrix.variable)] }}",
    ]);
    const plan = stepNamed("drift.yml", "golive plan");
    expect(plan.env).toEqual({ ...awsStepEnv("${{ vars.AWS_REGION }}"), CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_PLAN_API_TOKEN }}" });
    expect(String(plan.run)).toMatch(/npx golive plan \$stacks --no-lock --detailed-exitcode /);
    expect(jobs.drift?.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
    expect(jobs.environments?.permissions).toEqual({ contents: "read" });
  });

  async function planStep(plans: Readonly<Record<string, string>>) {
    const stacks = ["bootstrap-production", ...Object.keys(plans)];
    const box = stepSandbox("golive-drift-", stacks);
    for (const [stack, plan] of Object.entries(plans)) writeFileSync(join(box.fixtures, `${stack}.json`), plan);
    const output = join(box.dir, "github-output");
    const result = await box.run(String(stepNamed("drift.yml", "golive plan").run), {
      ENVIRONMENT: "production",
      RUN_URL: "https://github.com/o/r/actions/runs/1",
      GITHUB_OUTPUT: output,
    });
    return { result, output: existsSync(output) ? readFileSync(output, "utf8") : "", dir: box.dir };
  }

  test("the plan step reports drift with the report for the issue, never planning bootstrap", async () => {
    const drift = await planStep({ "edge-production": fixtureText("tf-changes.json"), "traffic-production": fixtureText("tf-noop.json") });
    expect({ status: drift.result.status, output: drift.output }).toEqual({ status: 0, output: "result=drift\n" });
    expect(readFileSync(join(drift.dir, "drift-comment.md"), "utf8")).toContain("<!-- golive:plan-report -->");
    expect(existsSync(join(drift.dir, "plans", "bootstrap-production.json"))).toBe(false);
  });
});

interface Issue {
  readonly number: number;
  readonly title: string;
  readonly user: { readonly login: string };
  readonly pull_request?: unknown;
}

/** The issue step's script with stand-ins for github-script's `github`, `context`, `core` and `require`. */
async function runIssueStep(result: string, open: readonly Issue[], report = "<!-- golive:plan-report -->\n## golive plan review\n") {
  const step = stepNamed("drift.yml", "open, update or close the drift issue");
  const calls: { call: string; args: Record<string, unknown> }[] = [];
  let failed: string | undefined;
  const record = (call: string) => async (args: Record<string, unknown>) => void calls.push({ call, args });
  const github = {
    rest: {
      issues: { listForRepo: "listForRepo", create: record("create"), update: record("update"), createComment: record("createComment") },
    },
    paginate: async (_: unknown, args: Record<string, unknown>) => {
      calls.push({ call: "list", args });
      return open;
    },
  };
  const context = { repo: { owner: "o", repo: "r" } };
  const core = { setFailed: (m: string) => void (failed = m), info: () => undefined };
  const req = (m: string) => (m === "fs" ? { readFileSync: () => report } : undefined);
  const env = { ENVIRONMENT: "production", RESULT: result, RUN_URL: "https://github.com/o/r/actions/runs/9" };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction("github", "context", "core", "require", String(isRecord(step.with) ? step.with.script : ""))(
      github,
      context,
      core,
      req,
    );
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
  }
  return { calls: calls.filter((c) => c.call !== "list"), list: calls.find((c) => c.call === "list")?.args, failed };
}

describe("drift.yml keeps ONE issue per environment", () => {
  const bot = { login: "github-actions[bot]" };
  const mine: Issue = { number: 4, title: "Drift in production", user: bot };

  test("drift with no open issue: opens one labelled drift holding the report, and fails the run", async () => {
    const r = await runIssueStep("drift", [
      { ...mine, user: { login: "mallory" } },
      { ...mine, number: 5, title: "Drift in staging" },
    ]);
    expect(r.list).toMatchObject({ state: "open", labels: "drift" });
    expect(r.calls).toEqual([{ call: "create", args: expect.objectContaining({ title: "Drift in production", labels: ["drift"] }) }]);
    expect(String(r.calls[0]?.args.body)).toMatch(/runs\/9[\s\S]*<!-- golive:plan-report -->\n## golive plan review/);
    expect(r.failed).toBe('drift in production: see the issue "Drift in production"');
  });

  test("drift again: the open issue is updated in place, no second one", async () => {
    const r = await runIssueStep("drift", [mine]);
    expect(r.calls.map((c) => [c.call, c.args.issue_number])).toEqual([["update", 4]]);
    expect(r.failed).toBeDefined();
  });

  test("a report over GitHub's body limit is replaced by a pointer to the run's artifact", async () => {
    const r = await runIssueStep("drift", [], `<!-- golive:plan-report -->\n${"x".repeat(65_500)}`);
    const body = String(r.calls[0]?.args.body);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("too long for an issue");
  });

  test("clean (or provider noise only) closes the open issue with a note; an error leaves it and fails", async () => {
    for (const result of ["clean", "noise"]) {
      const r = await runIssueStep(result, [mine]);
      expect(r.calls.map((c) => c.call)).toEqual(["createComment", "update"]);
      expect(r.calls[1]?.args).toMatchObject({ issue_number: 4, state: "closed" });
      expect(r.failed).toBeUndefined();
    }
    const error = await runIssueStep("error", [mine]);
    expect(error.calls).toEqual([]);
    expect(error.failed).toMatch(/could not plan every stack/);
    expect((await runIssueStep("", [])).failed).toMatch(/could not plan/);
  });
});
