/**
 * A CI role's sessions last an hour (access-stack.spec.ts: "roles have one-hour sessions"): a longer
 * max_session_duration keeps its credentials, stolen or leaked, valid longer, and is IAM permissions
 * widened (lib/features/ci-access/risks.ts). Shorter, or known only after apply, it is not flagged.
 */
import { githubTrust } from "../plan/github-trust";
import { reviewFlags } from "../plan/provider-plan";

const role = (seconds: number) => ({
  name: "opsbot-production-deploy",
  assume_role_policy: githubTrust("repo:example-org/opsbot:environment:production"),
  max_session_duration: seconds,
});

describe("a CI role's longer sessions are IAM permissions widened", () => {
  test("fails closed when max_session_duration is raised from 3600 to 43200", () => {
    expect(reviewFlags({ address: "aws_iam_role.deploy", actions: ["update"], before: role(3600), after: role(43200) })).toEqual([
      "permissions-widened aws_iam_role.deploy: role opsbot-production-deploy: max_session_duration 3600 -> 43200 seconds: its credentials, stolen or leaked, stay valid longer",
    ]);
  });

  test("a shorter session, or one known only after apply, raises nothing", () => {
    expect(reviewFlags({ address: "aws_iam_role.deploy", actions: ["update"], before: role(7200), after: role(3600) })).toEqual([]);
    const { max_session_duration: _, ...rest } = role(3600);
    const unknown = {
      address: "aws_iam_role.deploy",
      actions: ["update"],
      before: role(3600),
      after: rest,
      afterUnknown: { max_session_duration: true },
    };
    expect(reviewFlags(unknown)).toEqual([]);
  });
});
