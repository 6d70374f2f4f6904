/**
 * A policy that was readable and becomes known only after apply (`-> (known after apply)`: a trust
 * interpolating another resource's output, every CI trust once the OIDC provider is replaced) hides
 * whatever it grants from the plan: it is flagged as one to review by hand, saying why
 * (policyWidenings, lib/core/plan/policy.ts). A policy known only after apply on a new resource, or a
 * readable one, is read as before.
 */
import { UNREVIEWABLE } from "../../lib/core/plan/policy";
import { githubTrust } from "../plan/github-trust";
import { type ProviderChange, reviewFlags } from "../plan/provider-plan";

type Json = Record<string, unknown>;

const TRUST = githubTrust("repo:example-org/opsbot:environment:production");
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "NoCodeAsOtherRoles", Effect: "Deny", Action: "lambda:UpdateFunctionCode", Resource: "*" }],
});
const SECRET_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ReadByApp",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:role/opsbot-production-app" },
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
    },
  ],
});

/** An update (or another action) of `address` whose `key` goes from `value` to known only after apply. */
function becomesUnknown(address: string, state: Json, key: string, actions: readonly string[] = ["update"]): ProviderChange {
  const { [key]: _, ...rest } = state;
  return { address, actions, before: state, after: rest, afterUnknown: { [key]: true } };
}

const role = { name: "opsbot-production-deploy", assume_role_policy: TRUST, max_session_duration: 3600 };

describe("a policy that becomes known only after apply is flagged for review by hand", () => {
  test("fails closed when a role's trust becomes known only after apply (an output interpolated, the OIDC provider replaced)", () => {
    expect(reviewFlags(becomesUnknown("aws_iam_role.deploy", role, "assume_role_policy"))).toEqual([
      `trust-widened aws_iam_role.deploy: role opsbot-production-deploy trust: ${UNREVIEWABLE}`,
    ]);
  });

  test("fails closed when a replaced role's trust is known only after apply: still flagged, saying why", () => {
    const replaced = {
      ...becomesUnknown("aws_iam_role.deploy", role, "assume_role_policy", ["delete", "create"]),
      replacePaths: [["name"]],
    };
    const found = reviewFlags(replaced);
    expect(found).toContainEqual(`trust-widened aws_iam_role.deploy: role opsbot-production-deploy trust: ${UNREVIEWABLE}`);
    expect(UNREVIEWABLE).toMatch(/a replaced resource's ARN or id/);
  });

  test("fails closed when an inline or managed policy document becomes known only after apply", () => {
    const inline = { name: "deploy-guard", role: "opsbot-production-deploy", policy: POLICY };
    expect(reviewFlags(becomesUnknown("aws_iam_role_policy.guard", inline, "policy"))).toEqual([
      `permissions-widened aws_iam_role_policy.guard: role opsbot-production-deploy policy deploy-guard: ${UNREVIEWABLE}`,
    ]);
    const managed = { name: "opsbot-production-no-code-as-other-roles", policy: POLICY, arn: "arn:aws:iam::123456789012:policy/x" };
    expect(reviewFlags(becomesUnknown("aws_iam_policy.deny", managed, "policy"))).toEqual([
      `permissions-widened aws_iam_policy.deny: policy opsbot-production-no-code-as-other-roles: ${UNREVIEWABLE}`,
    ]);
  });

  test("fails closed when a secret's policy becomes known only after apply", () => {
    const secretPolicy = { secret_arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf", policy: SECRET_POLICY };
    expect(reviewFlags(becomesUnknown("aws_secretsmanager_secret_policy.app", secretPolicy, "policy"))).toEqual([
      `secret-grant-widened aws_secretsmanager_secret_policy.app: secret arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf policy: ${UNREVIEWABLE}`,
    ]);
  });

  // A created role whose trust is unknown until apply: __tests__/plan/created-unknown-policies.spec.ts.
  test("a readable trust that does not change raises no such flag", () => {
    const same: ProviderChange = {
      address: "aws_iam_role.deploy",
      actions: ["update"],
      before: role,
      after: { ...role, description: "x" },
    };
    expect(reviewFlags(same)).toEqual([]);
  });
});
