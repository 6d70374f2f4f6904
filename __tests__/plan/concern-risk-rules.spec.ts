import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validatePlanData } from "../../lib/core/plan/schema";
import { GOLIVE_RULES_BY_ID } from "../../lib/engines/plan/golive-rules";
import { buildStackReport } from "../../lib/engines/plan/report";
import { FEATURES } from "../../lib/features";
import { REPO_ROOT } from "../helpers/example-config";

// Issue #10: the plan engine knows only Feature.risks. A concern's plan-review rule lives in its folder
// and reaches the review, plan-compare and the reserved ids through the registry alone.
const PLAN_ENGINE = join(REPO_ROOT, "lib", "engines", "plan");
const MOVED: Readonly<Record<string, string>> = {
  "iam-access-key-created": "ci-access",
  "rotation-lambda-other-account": "secrets",
};

function engineSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? engineSources(join(dir, e.name)) : e.name.endsWith(".ts") ? [readFileSync(join(dir, e.name), "utf8")] : [],
  );
}

test.each(Object.entries(MOVED))("rule %s is a risk of the %s feature, still one of golive's reserved ids", (id, concern) => {
  const owners = FEATURES.filter((f) => f.risks.some((r) => r.id === id)).map((f) => f.name);
  expect(owners).toEqual([concern]);
  expect(GOLIVE_RULES_BY_ID.get(id)?.id).toBe(id);
});

test("no plan engine file names a concern's rule id", () => {
  const sources = engineSources(PLAN_ENGINE);
  expect(Object.keys(MOVED).filter((id) => sources.some((s) => s.includes(id)))).toEqual([]);
});

test("a rotation flag found by the secrets feature's plan check names its construct, as a change's own flag does", () => {
  const rotation = (lambda: string) => ({
    secret_id: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbCdEf",
    rotation_lambda_arn: `arn:aws:lambda:eu-west-1:${lambda}:function:rotate-db`,
  });
  const plan = validatePlanData("plan.json", {
    format_version: "1.2",
    resource_changes: [
      {
        address: "aws_secretsmanager_secret_rotation.db",
        mode: "managed",
        type: "aws_secretsmanager_secret_rotation",
        name: "db",
        change: { actions: ["update"], before: rotation("111111111111"), after: rotation("222222222222"), after_unknown: {} },
      },
    ],
  });
  const constructPaths = new Map([["aws_secretsmanager_secret_rotation.db", "secrets-production/Db/Rotation"]]);
  const report = buildStackReport({ stack: "secrets-production", file: "plan.json", plan, constructPaths });
  expect(report.risks.map((r) => [r.rule, r.constructPath])).toEqual([["rotation-lambda-other-account", "secrets-production/Db/Rotation"]]);
});
