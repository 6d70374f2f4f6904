import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, type PlanInput, renderPlanReport } from "../../lib/engines/plan";
import { planDigest } from "../../lib/core/plan/digest";
import { parseRiskRules } from "../../lib/engines/plan/custom-rules";
import { reviewDigest, withFlags } from "../../lib/engines/plan/review-digest";
import { reviewRecord } from "../../lib/engines/plan/review-record";
import { golive, tempDir } from "../helpers/cli";
import { fixtureText } from "./fixtures";

type Json = Record<string, unknown>;

const HEAD = "abcdef0123456789abcdef0123456789abcdef01";
const GREEN = "0123456789abcdef0123456789abcdef";
const BLUE = "fedcba9876543210fedcba9876543210";

const input = (stack: string, plan: Json): PlanInput => ({
  stack,
  file: `${stack}.json`,
  plan: parsePlanJson(stack, JSON.stringify(plan)),
});
/** What plan-compare says when only the flags differ: both causes, then the fix, one line each. */
const WHY_AND_FIX = [
  "  why: what the flags read beyond the changes differs (a pool's name, who uses a policy document), or golive's own rules read otherwise: the review ran the default branch's golive, this deploy runs the merged commit's",
  '  fix: open a pull request (any change rebased on main) and merge it: its review runs the golive its deploy runs and shows what the plan does now; see docs/plan-review.md ("Reviewed is applied")',
].join("\n");
const flagsOf = (i: PlanInput): string[] => renderPlanReport([i], "r.md").report.stacks.flatMap((s) => s.risks.map((r) => r.detail));

/** An unchanged pool: Terraform lists it as a no-op with its values, which is where the weight flag reads its name. */
function pool(name: string, id: string, poolName: string): Json {
  const value = { id, name: poolName, enabled: true };
  return {
    address: `cloudflare_load_balancer_pool.${name}`,
    mode: "managed",
    type: "cloudflare_load_balancer_pool",
    name,
    change: { actions: ["no-op"], before: value, after: value, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  };
}

/** The traffic stack moving 90% of the traffic to the pool with id GREEN; `names` name the two pools. */
function trafficPlan(names: { green: string; blue: string }): Json {
  const lb = (weights: Json) => ({ name: "app.example.com", random_steering: { pool_weights: weights }, default_pools: [GREEN, BLUE] });
  return {
    format_version: "1.2",
    planned_values: {},
    resource_changes: [
      {
        address: "cloudflare_load_balancer.lb",
        mode: "managed",
        type: "cloudflare_load_balancer",
        name: "lb",
        change: {
          actions: ["update"],
          before: lb({ [GREEN]: 0, [BLUE]: 1 }),
          after: lb({ [GREEN]: 0.9, [BLUE]: 0.1 }),
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
        },
      },
      pool("green", GREEN, names.green),
      pool("blue", BLUE, names.blue),
    ],
  };
}

describe("the digest covers what the review reads beyond the changes", () => {
  const reviewed = trafficPlan({ green: "green-CANDIDATE", blue: "blue-STABLE" });
  const swapped = trafficPlan({ green: "blue-STABLE", blue: "green-CANDIDATE" });

  test("a no-op pool's name: swapping the names flips the flag and the digest, not the changes' hashes", () => {
    const [a, b] = [input("traffic-production", reviewed), input("traffic-production", swapped)];
    expect(flagsOf(a)).toEqual(["pool weights moved: green-CANDIDATE 0 -> 0.9, blue-STABLE 1 -> 0.1"]);
    expect(flagsOf(b)).toEqual(["pool weights moved: blue-STABLE 0 -> 0.9, green-CANDIDATE 1 -> 0.1"]);
    expect(planDigest(b.plan).changesDigest).toBe(planDigest(a.plan).changesDigest);
    expect(reviewDigest(b).digest).not.toBe(reviewDigest(a).digest);
  });

  test("fails the deploy (plan-compare, exit 1) when the plan's flags read otherwise than the review's, saying so", async () => {
    const dir = tempDir("golive-review-digest-");
    const file = join(dir, "traffic-production.json");
    writeFileSync(file, JSON.stringify(reviewed));
    expect((await golive(["plan-report", file, "--commit", HEAD, "--output", "comment.md"], { cwd: dir })).code).toBe(0);
    const same = await golive(["plan-compare", "comment.md", file, "--commit", HEAD], { cwd: dir });
    expect(same.stdout).toContain("traffic-production: same as the review");
    writeFileSync(file, JSON.stringify(swapped));
    // In-process: plan-compare-cli.spec.ts spawns plan-compare; this output does not depend on the process.
    const run = await golive(["plan-compare", "comment.md", file, "--commit", HEAD], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`traffic-production: REFUSED: the plan differs from the review of ${HEAD}`);
    expect(run.stdout).toContain("every change is as reviewed, but the risk flags read differently");
    expect(run.stdout.split("\n").slice(1, 6)).toEqual([
      "  every change is as reviewed, but the risk flags read differently:",
      "  flags the review did not show (1):",
      "    lb-weights-moved (Load-balancer traffic moved) on cloudflare_load_balancer.lb: pool weights moved: blue-STABLE 0 -> 0.9, green-CANDIDATE 1 -> 0.1",
      "  flags the review showed, not raised now (1):",
      "    lb-weights-moved (Load-balancer traffic moved) on cloudflare_load_balancer.lb",
    ]);
    expect(run.stdout).toContain(WHY_AND_FIX);
    const json = await golive(["plan-compare", "comment.md", file, "--commit", HEAD, "--json"], { cwd: dir });
    expect(JSON.parse(json.stdout).stacks[0]).toMatchObject({
      status: "differs",
      flags: true,
      changed: [],
      added: [],
      flagChanges: {
        added: [{ rule: "lb-weights-moved", title: "Load-balancer traffic moved", address: "cloudflare_load_balancer.lb" }],
        removed: [{ rule: "lb-weights-moved", title: "Load-balancer traffic moved", address: "cloudflare_load_balancer.lb" }],
      },
    });
  });

  test("fails the deploy when golive's own flag reads otherwise than the review's golive wrote it, naming the flag, both causes and the fix", async () => {
    // The review ran the default branch's golive, the deploy the merged commit's: here the review's golive worded the weight flag otherwise.
    const token = ["ghp", "x".repeat(36)].join("_");
    const plan = input("traffic-production", trafficPlan({ green: token, blue: "blue-STABLE" }));
    const changes = planDigest(plan.plan);
    const now = reviewDigest(plan, changes);
    expect(now.flags.map((f) => f.rule)).toEqual(["lb-weights-moved"]);
    const reviewed = withFlags(
      changes,
      now.flags.map((f) => ({ ...f, detail: f.detail.replace("pool weights moved", "weights moved") })),
    );
    const dir = tempDir("golive-review-digest-");
    writeFileSync(join(dir, "digest.json"), JSON.stringify(reviewRecord([plan], HEAD, [reviewed])));
    writeFileSync(join(dir, "traffic-production.json"), JSON.stringify(trafficPlan({ green: token, blue: "blue-STABLE" })));
    const run = await golive(["plan-compare", "digest.json", "traffic-production.json", "--commit", HEAD], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      `traffic-production: REFUSED: the plan differs from the review of ${HEAD}`,
      "  every change is as reviewed, but the risk flags read differently:",
      "  flags the review did not show (1):",
      expect.stringMatching(
        /^ {4}lb-weights-moved \(Load-balancer traffic moved\) on cloudflare_load_balancer\.lb: pool weights moved: \S+ 0 -> 0\.9, blue-STABLE 1 -> 0\.1$/,
      ),
      "  flags the review showed, not raised now (1):",
      "    lb-weights-moved (Load-balancer traffic moved) on cloudflare_load_balancer.lb",
    ]);
    expect(run.stdout).toContain(WHY_AND_FIX);
    // the pool's name is plan text: redacted as plan-compare shows an address
    expect(run.stdout).not.toContain(token);
  });

  test("`configuration`'s references: a policy document's users leave the flag and change the digest", () => {
    const real = JSON.parse(fixtureText("aws-provider", "read-during-apply-3.json")) as Json;
    const emptied = JSON.parse(fixtureText("aws-provider", "read-during-apply-3.json")) as {
      configuration: { root_module: { resources: { expressions: Record<string, { references: string[] }> }[] } };
    };
    for (const r of emptied.configuration.root_module.resources) for (const e of Object.values(r.expressions)) e.references = [];
    const [a, b] = [input("s", real), input("s", emptied as unknown as Json)];
    expect(flagsOf(a).join("\n")).toContain("gives to aws_s3_bucket_policy.nbp (policy)");
    // The bucket policy itself, new and known only after apply, is flagged to review by hand either way.
    expect(flagsOf(b).join("\n")).not.toContain("gives to aws_s3_bucket_policy.nbp");
    expect(reviewDigest(b).digest).not.toBe(reviewDigest(a).digest);
  });
});

describe("a value hidden by sensitivity is never judged silently", () => {
  /** The real alarm plan with alarm `b`'s period raised from 60 to 900 (evaluation_periods stays 2); `marks` marks after values sensitive. */
  function slowerAlarm(marks: Json = {}): Json {
    const plan = JSON.parse(fixtureText("aws-provider", "alarm-weakened.json")) as {
      resource_changes: { address: string; change: Json }[];
    };
    plan.resource_changes = plan.resource_changes.filter((rc) => rc.address === "aws_cloudwatch_metric_alarm.b");
    const change = plan.resource_changes[0]?.change as { before: Json; after: Json; after_sensitive: Json };
    change.after = { ...change.before, period: 900 };
    change.after_sensitive = { ...change.after_sensitive, ...marks };
    return plan as unknown as Json;
  }
  const open = input("monitoring-production", slowerAlarm());
  const hidden = input("monitoring-production", slowerAlarm({ evaluation_periods: true }));

  test("the rule says it cannot judge a value it needs that is marked sensitive, unchanged as it is", () => {
    expect(flagsOf(open)).toEqual(["alarm latency: fires after 120s -> 1800s"]);
    expect(flagsOf(hidden)).toEqual([
      "hidden by sensitivity: evaluation_periods (after): this rule cannot judge the change; review it by hand",
    ]);
  });

  test("the sensitivity marks are in the digest, before and after, changed or not", () => {
    expect(planDigest(hidden.plan).changes[0]?.hash).not.toBe(planDigest(open.plan).changes[0]?.hash);
    expect(reviewDigest(hidden).digest).not.toBe(reviewDigest(open).digest);
    // An unchanged value marked sensitive after the change only, on a stack whose flags are the same: the mark alone.
    const quiet = (marks: Json) => {
      const plan = slowerAlarm(marks) as { resource_changes: { change: { after: Json; before: Json } }[] };
      const change = plan.resource_changes[0]?.change;
      if (change) change.after = { ...change.before, alarm_description: "another description" };
      return input("m", plan as unknown as Json);
    };
    expect(planDigest(quiet({ dimensions: { InstanceId: true } }).plan).digest).toBe(planDigest(quiet({}).plan).digest);
    expect(planDigest(quiet({ alarm_name: true }).plan).digest).not.toBe(planDigest(quiet({}).plan).digest);
  });

  test("the repository's own rule says so too when its attribute is hidden", () => {
    const rules = parseRiskRules(
      "risk-rules.json",
      JSON.stringify({
        rules: [
          {
            id: "team-slow",
            label: "Alarm slower",
            severity: "high",
            match: { type: "aws_cloudwatch_metric_alarm", attribute: "evaluation_periods" },
          },
        ],
      }),
    );
    const flags = (i: PlanInput) =>
      renderPlanReport([i], "r.md", undefined, [], undefined, { customRules: rules }).report.stacks[0]?.risks.filter(
        (r) => r.rule === "team-slow",
      );
    expect(flags(open)).toEqual([]);
    expect(flags(hidden)?.map((r) => r.detail)).toEqual([
      "evaluation_periods: 2 -> (sensitive)",
      "hidden by sensitivity: evaluation_periods (after): this rule cannot judge the change; review it by hand",
    ]);
  });

  test("--fail-on-risk fails (exit 1) on the hidden value's flag", async () => {
    const dir = tempDir("golive-hidden-value-");
    writeFileSync(join(dir, "monitoring-production.json"), JSON.stringify(slowerAlarm({ evaluation_periods: true })));
    const run = await golive(["plan-report", "monitoring-production.json", "--fail-on-risk"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("hidden by sensitivity: evaluation_periods (after)");
    expect(run.stdout).not.toContain("No risk flags.");
  });
});
