import { renderPolicy } from "../../lib/core/iam";
import { feedbackTopicPolicy } from "../../lib/features/email/feedback";
import { alertTopicPolicy } from "../../lib/features/monitoring/alert-encryption";
import { stateBucketPolicy } from "../../lib/features/state/bucket-policy";
import { type ProviderChange, reviewFlags } from "./provider-plan";

// A bucket, topic or queue policy is a resource of its own: a new one may open a bucket, topic or queue
// that exists already, so it is read against nothing, as a new secret policy is.
const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:opsbot-alerts`;
const QUEUE_URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/opsbot-jobs`;

/** One Allow statement of `principal`, `action` on `resource`, with an optional Condition. */
const allow = (principal: unknown, action: string, resource: string, condition?: unknown) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Open",
        Effect: "Allow",
        Principal: principal,
        Action: action,
        Resource: resource,
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

/** The created policy resource of each kind, holding `policy`. */
const created = {
  bucket: (policy: string): ProviderChange => ({
    address: "aws_s3_bucket_policy.assets",
    actions: ["create"],
    before: null,
    after: { bucket: "opsbot-assets", policy },
    afterUnknown: { id: true },
  }),
  topic: (policy: string): ProviderChange => ({
    address: "aws_sns_topic_policy.alerts",
    actions: ["create"],
    before: null,
    after: { arn: TOPIC, policy },
    afterUnknown: { id: true, owner: true },
  }),
  queue: (policy: string): ProviderChange => ({
    address: "aws_sqs_queue_policy.jobs",
    actions: ["create"],
    before: null,
    after: { queue_url: QUEUE_URL, policy },
    afterUnknown: { id: true },
  }),
};

describe("a new bucket, topic or queue policy is read against nothing", () => {
  test("a new bucket policy granting s3:GetObject to anyone is flagged", () => {
    expect(reviewFlags(created.bucket(allow("*", "s3:GetObject", "arn:aws:s3:::opsbot-assets/*")))).toEqual([
      "state-bucket-weakened aws_s3_bucket_policy.assets: bucket opsbot-assets policy: now allows any principal (*)",
    ]);
  });

  test("a new topic policy granting sns:* to {AWS: *} is flagged for the principal and the wildcard action", () => {
    expect(reviewFlags(created.topic(allow({ AWS: "*" }, "sns:*", TOPIC)))).toEqual([
      `alerting-loosened aws_sns_topic_policy.alerts: alert topic ${TOPIC} policy: now allows any principal (*)`,
      `alerting-loosened aws_sns_topic_policy.alerts: alert topic ${TOPIC} policy: now allows sns:*`,
    ]);
  });

  test("a new queue policy granting another account is flagged, named by its queue", () => {
    expect(reviewFlags(created.queue(allow({ AWS: "arn:aws:iam::999999999999:root" }, "sqs:SendMessage", QUEUE_URL)))).toEqual([
      "resource-grant-widened aws_sqs_queue_policy.jobs: queue opsbot-jobs policy: new AWS account 999999999999 in a trust or grant",
    ]);
  });

  test("any principal narrowed to one source or organization is not flagged; a Not operator or a TLS check does not narrow", () => {
    const anyone = (condition: unknown) => reviewFlags(created.queue(allow("*", "sqs:SendMessage", QUEUE_URL, condition)));
    expect(anyone({ ArnLike: { "aws:SourceArn": TOPIC } })).toEqual([]);
    expect(anyone({ StringEquals: { "aws:PrincipalOrgID": "o-abc123" } })).toEqual([]);
    const open = ["resource-grant-widened aws_sqs_queue_policy.jobs: queue opsbot-jobs policy: now allows any principal (*)"];
    expect(anyone({ StringNotEquals: { "aws:SourceAccount": ACCOUNT } })).toEqual(open);
    expect(anyone({ Bool: { "aws:SecureTransport": "true" } })).toEqual(open);
  });

  test("golive's own new policies raise no flag: the state bucket's Deny statements, the topics' service publishers", () => {
    const bucketArn = "arn:aws:s3:::opsbot-tfstate";
    const state = stateBucketPolicy({
      bucketArn,
      accountId: ACCOUNT,
      region: "us-east-1",
      objectArn: (kind) => `${bucketArn}/opsbot/${kind}-production.tfstate`,
      ci: [{ kind: "plan", arn: `arn:aws:iam::${ACCOUNT}:role/opsbot-production-plan`, reads: ["app"], writes: false }],
      administrators: [`arn:aws:iam::${ACCOUNT}:role/admin`],
      managers: undefined,
      goliveRoles: `arn:aws:iam::${ACCOUNT}:role/opsbot-production-*`,
    });
    expect(
      reviewFlags(created.bucket(renderPolicy(state)), created.topic(renderPolicy(alertTopicPolicy(TOPIC, ACCOUNT))), {
        ...created.topic(renderPolicy(feedbackTopicPolicy(TOPIC, `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/opsbot`))),
        address: "aws_sns_topic_policy.feedback",
      }),
    ).toEqual([]);
  });
});
