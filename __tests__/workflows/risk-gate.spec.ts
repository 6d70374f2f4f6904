import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

interface Step {
  readonly name?: string;
  readonly with?: { readonly script?: string };
}

/** The risk-gate step of pr.yml, as GitHub runs it. */
function gateScript(): string {
  const doc = parse(readFileSync(join(REPO_ROOT, ".github", "workflows", "pr.yml"), "utf8")) as { jobs: { plan: { steps: Step[] } } };
  const step = doc.jobs.plan.steps.find((s) => s.name?.startsWith("risk gate"));
  if (!step?.with?.script) throw new Error("pr.yml has no risk gate step");
  return step.with.script;
}

/** Runs the step's script with stand-ins for actions/github-script's `github`, `context` and `core`. */
async function runGate(report: string, labels: readonly string[]): Promise<{ failed?: string; added: string[]; removed: string[] }> {
  const dir = tempDir("golive-gate-");
  writeFileSync(join(dir, "plan-report.json"), report);
  const result: { failed?: string; added: string[]; removed: string[] } = { added: [], removed: [] };
  const github = {
    rest: {
      issues: {
        addLabels: async (a: { labels: string[] }) => void result.added.push(...a.labels),
        removeLabel: async (a: { name: string }) => void result.removed.push(a.name),
      },
    },
  };
  const context = {
    repo: { owner: "o", repo: "r" },
    issue: { number: 1 },
    payload: { pull_request: { labels: labels.map((name) => ({ name })) } },
  };
  const core = { setFailed: (m: string) => void (result.failed = m) };
  const req = (m: string) => (m === "fs" ? { readFileSync: (f: string, e: "utf8") => readFileSync(join(dir, f), e) } : require(m));
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction("github", "context", "core", "require", gateScript())(github, context, core, req);
  return result;
}

describe("pr.yml's risk gate", () => {
  let sample: string;
  beforeAll(async () => {
    const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
    sample = (await golive(["plan-report", plan, "--json"], { cwd: tempDir("golive-gate-") })).stdout;
  });

  test("fails on risk flags and labels the PR with what the plans do", async () => {
    const r = await runGate(sample, []);
    expect(r.failed).toMatch(/^5 risk flag\(s\) in the plans: .* golive:risks-accepted$/);
    expect(r.added.sort()).toEqual(["golive:destroy", "golive:risk"]);
  });

  test("passes once a reviewer adds golive:risks-accepted", async () => {
    expect((await runGate(sample, ["golive:risks-accepted", "golive:destroy", "golive:risk"])).failed).toBeUndefined();
  });

  test("a plan without flags passes and drops stale labels", async () => {
    const clean = JSON.stringify({ totals: { delete: 0, replace: 0 }, riskCount: 0 });
    const r = await runGate(clean, ["golive:risk", "golive:destroy"]);
    expect(r.failed).toBeUndefined();
    expect(r.removed.sort()).toEqual(["golive:destroy", "golive:risk"]);
  });
});
