import { flags, rc } from "./fixtures";
import { githubTrust } from "./github-trust";

const keyPolicy = (...principals: string[]) =>
  JSON.stringify({ Statement: [{ Sid: "Use", Effect: "Allow", Principal: { AWS: principals }, Action: ["kms:Decrypt"], Resource: "*" }] });

describe("plan risks of the AWS concerns", () => {
  test("an OIDC trust moved from a protected environment to a branch is flagged with the new subject", () => {
    const before = { name: "opsbot-production-deploy", assume_role_policy: githubTrust("repo:example-org/opsbot:environment:production") };
    const after = { name: "opsbot-production-deploy", assume_role_policy: githubTrust("repo:example-org/opsbot:ref:refs/heads/main") };
    expect(flags(rc("aws_iam_role", ["update"], before, after))).toEqual([
      "trust-widened: role opsbot-production-deploy trust: new OIDC subject repo:example-org/opsbot:ref:refs/heads/main (a branch or pull request, not a protected environment)",
    ]);
  });

  test("a narrower trust raises nothing; a new role's whole trust is shown", () => {
    const wide = { name: "r", assume_role_policy: githubTrust("repo:o/r:environment:production", "repo:o/r:pull_request") };
    const narrow = { name: "r", assume_role_policy: githubTrust("repo:o/r:environment:production") };
    expect(flags(rc("aws_iam_role", ["update"], wide, narrow))).toEqual([]);
    expect(flags(rc("aws_iam_role", ["create"], null, narrow))).toEqual([
      "trust-widened: role r trust: new principal Federated:arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
      "trust-widened: role r trust: new AWS account 111111111111 in a trust or grant",
      "trust-widened: role r trust: new OIDC subject repo:o/r:environment:production",
    ]);
  });

  test("a new principal on the KMS key policy is flagged, with its account", () => {
    const before = { description: "opsbot production secrets", policy: keyPolicy("arn:aws:iam::111111111111:role/opsbot-production-app") };
    const after = {
      description: "opsbot production secrets",
      policy: keyPolicy("arn:aws:iam::111111111111:role/opsbot-production-app", "arn:aws:iam::222222222222:role/contractor-tools"),
    };
    expect(flags(rc("aws_kms_key", ["update"], before, after))).toEqual([
      "secret-grant-widened: KMS key opsbot production secrets policy: new principal AWS:arn:aws:iam::222222222222:role/contractor-tools",
      "secret-grant-widened: KMS key opsbot production secrets policy: new AWS account 222222222222 in a trust or grant",
    ]);
  });

  test("a secret's recovery window set to 0 is flagged", () => {
    expect(
      flags(
        rc("aws_secretsmanager_secret", ["update"], { name: "s", recovery_window_in_days: 30 }, { name: "s", recovery_window_in_days: 0 }),
      ),
    ).toEqual(["recovery-window-shortened: secret s: recovery_window_in_days 30 -> 0 (a deletion would be immediate and final)"]);
  });

  test("state bucket versioning suspended and public policy unblocked are flagged", () => {
    const versioning = (status: string) => ({ bucket: "opsbot-tfstate", versioning_configuration: [{ status }] });
    expect(flags(rc("aws_s3_bucket_versioning", ["update"], versioning("Enabled"), versioning("Suspended")))).toEqual([
      "state-bucket-weakened: bucket opsbot-tfstate: versioning Enabled -> Suspended: overwritten state cannot be recovered",
    ]);
    const block = (v: boolean) => ({
      bucket: "opsbot-tfstate",
      block_public_acls: true,
      block_public_policy: v,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(flags(rc("aws_s3_bucket_public_access_block", ["update"], block(true), block(false)))).toEqual([
      "state-bucket-weakened: bucket opsbot-tfstate: block_public_policy true -> false",
    ]);
  });

  test("alerting: on-call subscriber destroyed, topic replaced, alarm slowed and raised", () => {
    expect(flags(rc("aws_sns_topic_subscription", ["delete"], { protocol: "email", endpoint: "oncall@example.com" }, null))).toEqual([
      "alerting-loosened: alert subscriber oncall@example.com removed",
    ]);
    expect(
      flags(rc("aws_sns_topic", ["delete", "create"], { name: "opsbot-production-alerts" }, { name: "opsbot-production-alerts-v2" })),
    ).toEqual(["alerting-loosened: alert topic opsbot-production-alerts replaced: every subscriber must confirm again"]);
    const alarm = (periods: number, threshold: number) => ({
      alarm_name: "app-down",
      evaluation_periods: periods,
      period: 60,
      threshold,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      alarm_actions: ["arn:aws:sns:us-east-1:111111111111:opsbot-production-alerts"],
    });
    expect(flags(rc("aws_cloudwatch_metric_alarm", ["update"], alarm(2, 3), alarm(30, 10)))).toEqual([
      "alerting-loosened: alarm app-down: fires after 120s -> 1800s",
      "alerting-loosened: alarm app-down: threshold 3 -> 10 (GreaterThanOrEqualToThreshold)",
    ]);
    expect(flags(rc("aws_cloudwatch_metric_alarm", ["update"], alarm(30, 10), alarm(2, 3)))).toEqual([]);
  });
});
