import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { golive, tempDir } from "../helpers/cli";
import { providerPlan, resourceChange } from "./provider-plan";

// A partial plan (format 1.2: `"complete": false`, `deferred_changes`) says so near the top and as a
// flag naming each deferred change: the audit's deferred IAM role trusting AWS:* never appeared, and
// nothing said the plan was partial. The for_each key is built at run time: the secret scan reads this file.
const KEY = ["Zq3k9Yv1XbT7", "mN2pQ8rS4uW6", "yA0cE5gH7jL9nP1r"].join("");
const TRUST = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });

const topic = { address: "aws_sns_topic.alerts", actions: ["create"], before: null, after: { name: "alerts" } };
const deferredRole = (address: string, reason?: string) => ({
  ...(reason ? { reason } : {}),
  resource_change: resourceChange({ address, actions: ["create"], before: null, after: { name: "trust", assume_role_policy: TRUST } }),
});

function planOf(complete: boolean, deferred: readonly unknown[]): Record<string, unknown> {
  return { ...providerPlan(topic), complete, ...(deferred.length > 0 ? { deferred_changes: deferred } : {}) };
}

function review(plan: Record<string, unknown>) {
  return renderPlanReport([{ stack: "access-staging", file: "p.json", plan: parsePlanJson("p.json", JSON.stringify(plan)) }], "r.md");
}

describe("partial plans: complete false and deferred changes are said, flagged and listed", () => {
  const partial = planOf(false, [deferredRole("aws_iam_role.trust", "provider_config_unknown"), deferredRole(`aws_iam_role.k["${KEY}"]`)]);
  const r = review(partial);
  const lines = r.comment.split("\n");

  test("one line before the summary table says the plan is partial and how many changes are deferred", () => {
    const line = lines.findIndex((l) => l.startsWith("> ⚠️ **Partial plan:"));
    expect(lines[line]).toBe(
      "> ⚠️ **Partial plan: Terraform planned only part of `access-staging` (complete: false); 2 deferred change(s) are not reviewed here.** Plan again once they can be planned.",
    );
    expect(line).toBeLessThan(lines.findIndex((l) => l.startsWith("| stack |")));
  });

  test("a flag names each deferred change by address, action and reason, a key in an address redacted", () => {
    // Running text: an address's brackets as entities, as in every flag (markdown-text.ts, plain).
    expect(lines).toContain(
      `- **Plan incomplete** · \`access-staging\` · \`(plan)\`: Terraform planned only part of this stack (complete: false): 2 deferred change(s) not reviewed: aws_iam_role.trust (create; provider_config_unknown), aws_iam_role.k&#91;"${REDACTED_VALUE}"&#93; (create)`,
    );
    expect(lines).toContain("- `aws_iam_role.trust` (create; provider_config_unknown)");
    expect(r.report.riskCount).toBe(1);
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(KEY) }).toEqual({ where, leaked: false });
  });

  test("--format json marks the stack partial, lists the deferred changes and the flag", () => {
    const stack = JSON.parse(r.json).stacks[0];
    expect(stack.partial).toBe(true);
    expect(stack.deferred).toEqual([
      { address: "aws_iam_role.trust", action: "create", reason: "provider_config_unknown" },
      { address: `aws_iam_role.k["${REDACTED_VALUE}"]`, action: "create" },
    ]);
    expect(stack.risks.map((f: { rule: string }) => f.rule)).toEqual(["plan-incomplete"]);
  });

  test("complete false with nothing deferred is flagged too; a complete plan is not", () => {
    expect(review(planOf(false, [])).report.stacks[0]?.risks.map((f) => f.detail)).toEqual([
      "Terraform planned only part of this stack (complete: false): no deferred change listed",
    ]);
    const whole = review(planOf(true, []));
    expect(whole.report.riskCount).toBe(0);
    expect(whole.comment).not.toContain("Partial plan");
  });

  test("fails golive plan-report --fail-on-risk on a partial plan", async () => {
    const dir = tempDir("golive-partial-");
    writeFileSync(join(dir, "access-staging.json"), JSON.stringify(partial));
    const run = await golive(["plan-report", "access-staging.json", "--fail-on-risk"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("> ⚠️ **Partial plan:");
  });
});
