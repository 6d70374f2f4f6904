/**
 * IAM keeps one inline policy per role and name: PutRolePolicy replaces it. A new aws_iam_role_policy of
 * a role and name another resource holds (golive's deploy-guard and no-secret-values Denies) overwrites
 * that policy while its own resource plans "no change": flagged naming the holder, the new
 * document read against the one it replaces (lib/core/plan/setting-overwrites.ts).
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, planTextFlags, synthBlock } from "../helpers/plan-reviews";
import { type SynthJson, synthKind } from "../helpers/synth";
import { fixtureText } from "../plan/fixtures";

const STACK = "access-production";
const RULE = "permissions-widened ";

test("fails when a real plan creates a second deploy-guard of the same role: the holder named, its Deny removed", () => {
  const flags = planTextFlags(fixtureText("tf-setting-overwrites.json"), STACK).filter((f) => f.startsWith(RULE));
  expect(flags).toContain(
    `${RULE}aws_iam_role_policy.guard2[0]: role ow-deploy inline policy deploy-guard is already set by aws_iam_role_policy.guard (its own plan shows no change): AWS keeps one per role and name, so this create replaces it: role ow-deploy policy deploy-guard: statement "Anything": s3:GetObject now on every resource (*); role ow-deploy policy deploy-guard: statement "NoStateBucketChanges" removed`,
  );
});

test("fails when the pull request adds an inline policy of golive's deploy role named deploy-guard", () => {
  const [base, head]: [SynthJson, SynthJson] = [synthKind(exampleConfig(), "access"), synthKind(exampleConfig(), "access")];
  const [name, guard] = synthBlock(head, "aws_iam_role_policy", "Github_Deploy_Policy-deploy-guard");
  const allow = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Reads", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  });
  const policies = head.resource.aws_iam_role_policy ?? {};
  policies.Extra_Guard_0123ABCD = { role: guard.role, name: "deploy-guard", policy: allow };
  const flags = configReviewFlags(base, head, STACK).filter(
    (f) => f.startsWith(`${RULE}aws_iam_role_policy.Extra_Guard_0123ABCD:`) && f.includes("is already set"),
  );
  expect(flags).toEqual([
    expect.stringContaining(`inline policy deploy-guard is already set by aws_iam_role_policy.${name} (its own plan shows no change)`),
  ]);
  expect(flags[0]).toContain('statement "NoIamChanges" removed');
});
