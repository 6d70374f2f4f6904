import { alertTopicPolicy } from "../../lib/features/monitoring/alert-encryption";
import { renderPolicy } from "../../lib/core/iam";
import { open } from "./moto-created";
import { reviewFlags, reviewOf } from "./provider-plan";

// A topic's, bucket's or queue's inline `policy` is its resource policy, as aws_sns_topic_policy,
// aws_s3_bucket_policy and aws_sqs_queue_policy are: a new one is read against nothing, as theirs is
// (resourcePolicyWidenings), and shown leaf by leaf, as a new secret's inline policy is.
describe("a new topic, bucket or queue with an inline policy", () => {
  test("fails one that lets anyone in (real plan: Principal * on a new topic, bucket, queue and secret)", () => {
    expect(reviewFlags(open.topic, open.bucket, open.queue, open.secret)).toEqual([
      "alerting-loosened aws_sns_topic.open: alert topic open-topic policy: now allows any principal (*)",
      "state-bucket-weakened aws_s3_bucket.open: bucket open-bucket policy: now allows any principal (*)",
      "resource-grant-widened aws_sqs_queue.open: queue open-queue policy: now allows any principal (*)",
      "resource-grant-widened aws_sqs_queue.open: queue open-queue policy: now allows sqs:*",
      "secret-grant-widened aws_secretsmanager_secret.open: secret open-secret policy: now allows any principal (*)",
    ]);
  });

  test("shows its name and policy statement by statement, not a bare Create line", () => {
    const shown = (address: string) =>
      reviewOf(open.topic, open.bucket, open.queue)
        .report.stacks[0]?.changes.find((c) => c.address === address)
        ?.attributes.map((a) => `${a.path}: ${a.before} -> ${a.after}`);
    expect(shown("aws_sns_topic.open")).toEqual([
      'name: null -> "open-topic"',
      'policy{}.Statement.Open.Action."sns:Publish": absent -> listed',
      'policy{}.Statement.Open.Action."sns:Subscribe": absent -> listed',
      'policy{}.Statement.Open.Effect: absent -> "Allow"',
      'policy{}.Statement.Open.Principal: absent -> "*"',
      'policy{}.Statement.Open.Resource."*": absent -> listed',
      'policy{}.Statement.Open.Sid: absent -> "Open"',
      'policy{}.Version: absent -> "2012-10-17"',
    ]);
    expect(shown("aws_s3_bucket.open")).toContain('policy{}.Statement.Open.Principal: absent -> "*"');
    expect(shown("aws_s3_bucket.open")?.[0]).toBe('bucket: null -> "open-bucket"');
    expect(shown("aws_sqs_queue.open")).toContain('policy{}.Statement.Open.Action."sqs:*": absent -> listed');
  });

  test("one whose principal is a named service narrowed to a source, as golive's alert topic policy, raises nothing", () => {
    const arn = "arn:aws:sns:us-east-1:123456789012:open-topic";
    expect(
      reviewFlags({ ...open.topic, after: { ...open.topic.after, policy: renderPolicy(alertTopicPolicy(arn, "123456789012")) } }),
    ).toEqual([]);
  });
});
