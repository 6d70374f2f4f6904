import type { ProviderChange } from "./provider-plan";
import { reviewFlags } from "./provider-plan";
import { UNREVIEWABLE } from "../../lib/core/plan/policy";

// A created role whose trust names a new OIDC provider is `(known after apply)` in the plan: nothing in
// it says whom the role trusts, so it is flagged to review by hand, as an update that becomes unknown is.
describe("created resources whose policy is known only after apply", () => {
  test("fails a new role whose trust is known only after apply: it is flagged to review by hand", () => {
    const created: ProviderChange = {
      address: "aws_iam_role.deploy",
      actions: ["create"],
      before: null,
      after: { name: "opsbot-production-deploy", max_session_duration: 3600 },
      afterUnknown: { assume_role_policy: true, arn: true, id: true },
    };
    expect(reviewFlags(created)).toEqual([`trust-widened aws_iam_role.deploy: role opsbot-production-deploy trust: ${UNREVIEWABLE}`]);
  });

  test("a new role with a readable trust raises no such flag", () => {
    const trust = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const created: ProviderChange = {
      address: "aws_iam_role.app",
      actions: ["create"],
      before: null,
      after: { name: "opsbot-production-app", assume_role_policy: trust },
      afterUnknown: { arn: true, id: true },
    };
    expect(reviewFlags(created).filter((f) => f.includes("known only after apply"))).toEqual([]);
  });
});
