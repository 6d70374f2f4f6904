import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { fixtureText, flags, rc } from "./fixtures";

// A real plan of the AWS provider (__tests__/fixtures/plans/tf-inline-policies.sh): one principal of
// another account added to six resource policies, three set inline through the `policy` argument of
// the secret, the topic and the bucket, three through their separate policy resources.
const FILE = "tf-inline-policies.json";
const plan = parsePlanJson(FILE, fixtureText(FILE));
const CONTRACTOR = "arn:aws:iam::999999999999:role/contractor-tools";

function flagsOf(address: string): string[] {
  const change = plan.resource_changes?.find((c) => c.address === address);
  if (!change) throw new Error(`${FILE} has no change ${address}`);
  return flags(change);
}

/** What a policy widened by the contractor's role raises, for the policy of `what`. */
const contractor = (rule: string, what: string) => [
  `${rule}: ${what} policy: new principal AWS:${CONTRACTOR}`,
  `${rule}: ${what} policy: new AWS account 999999999999 in a trust or grant`,
];

describe("a grant set inline on a secret, topic or bucket is flagged as through its policy resource (real plan)", () => {
  test("a secret: its policy argument, as aws_secretsmanager_secret_policy", () => {
    expect(flagsOf("aws_secretsmanager_secret.inline")).toEqual(contractor("secret-grant-widened", "secret inline-secret"));
    expect(flagsOf("aws_secretsmanager_secret_policy.sep")).toEqual(
      contractor("secret-grant-widened", "secret arn:aws:secretsmanager:us-east-1:123456789012:secret:sep-secret-yCwdZG"),
    );
  });

  test("a topic: its policy argument, as aws_sns_topic_policy", () => {
    expect(flagsOf("aws_sns_topic.inline")).toEqual(contractor("alerting-loosened", "alert topic inline-topic"));
    expect(flagsOf("aws_sns_topic_policy.sep")).toEqual(
      contractor("alerting-loosened", "alert topic arn:aws:sns:us-east-1:123456789012:sep-topic"),
    );
  });

  test("a bucket: its deprecated policy argument, as aws_s3_bucket_policy", () => {
    expect(flagsOf("aws_s3_bucket.inline")).toEqual(contractor("state-bucket-weakened", "bucket inline-bucket"));
    expect(flagsOf("aws_s3_bucket_policy.sep")).toEqual(contractor("state-bucket-weakened", "bucket sep-bucket"));
  });

  test("the review counts all six alike: two flags each", () => {
    const { report } = renderPlanReport([{ stack: "secrets-production", file: FILE, plan }], "`r.md`");
    const perAddress = new Map<string, number>();
    for (const r of report.stacks.flatMap((s) => s.risks)) perAddress.set(r.address, (perAddress.get(r.address) ?? 0) + 1);
    expect(Object.fromEntries(perAddress)).toEqual({
      "aws_s3_bucket.inline": 2,
      "aws_s3_bucket_policy.sep": 2,
      "aws_secretsmanager_secret.inline": 2,
      "aws_secretsmanager_secret_policy.sep": 2,
      "aws_sns_topic.inline": 2,
      "aws_sns_topic_policy.sep": 2,
    });
  });
});

describe("inline policies: the same reading as the policy resources", () => {
  const policy = (...principals: string[]) =>
    JSON.stringify({ Statement: [{ Sid: "Read", Effect: "Allow", Principal: { AWS: principals }, Action: "*", Resource: "*" }] });
  const APP = "arn:aws:iam::123456789012:role/app";

  test("a new secret's inline policy is read whole, as a new secret policy is; a new topic's or bucket's against nothing, as their policy resources' are", () => {
    expect(flags(rc("aws_secretsmanager_secret", ["create"], null, { name: "s", policy: policy(APP) }))).toEqual([
      `secret-grant-widened: secret s policy: new principal AWS:${APP}`,
      "secret-grant-widened: secret s policy: new AWS account 123456789012 in a trust or grant",
      "secret-grant-widened: secret s policy: now allows *",
    ]);
    // A named principal is left to the review; an account and a wildcard action are flagged.
    expect(flags(rc("aws_sns_topic", ["create"], null, { name: "t", policy: policy(APP) }))).toEqual([
      "alerting-loosened: alert topic t policy: new AWS account 123456789012 in a trust or grant",
      "alerting-loosened: alert topic t policy: now allows *",
    ]);
    expect(flags(rc("aws_s3_bucket", ["create"], null, { bucket: "b", policy: policy(APP) }))).toEqual([
      "state-bucket-weakened: bucket b policy: new AWS account 123456789012 in a trust or grant",
      "state-bucket-weakened: bucket b policy: now allows *",
    ]);
  });

  test("an unchanged, narrowed or absent inline policy raises nothing; other flags of the resource stay", () => {
    const secret = (days: number, p: string | null) => ({ name: "s", recovery_window_in_days: days, policy: p });
    expect(flags(rc("aws_secretsmanager_secret", ["update"], secret(30, policy(APP)), secret(0, policy(APP))))).toEqual([
      "recovery-window-shortened: secret s: recovery_window_in_days 30 -> 0 (a deletion would be immediate and final)",
    ]);
    expect(flags(rc("aws_secretsmanager_secret", ["update"], secret(30, policy(APP, CONTRACTOR)), secret(30, policy(APP))))).toEqual([]);
    expect(flags(rc("aws_s3_bucket", ["update"], { bucket: "b", policy: null }, { bucket: "b", policy: null, tags: { a: "b" } }))).toEqual(
      [],
    );
    const topic = (key: string, p: string) => ({ name: "t", kms_master_key_id: key, policy: p });
    expect(flags(rc("aws_sns_topic", ["update"], topic("alias/k", policy(APP)), topic("", policy(APP, CONTRACTOR))))).toEqual([
      "alerting-loosened: alert topic t: server-side encryption removed (kms_master_key_id no longer set)",
      ...contractor("alerting-loosened", "alert topic t"),
    ]);
  });
});
