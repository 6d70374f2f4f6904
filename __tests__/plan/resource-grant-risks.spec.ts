import { type ProviderChange, reviewFlags } from "./provider-plan";

// A function's and a queue's resource policies opened to more callers, in plans as the AWS provider
// writes them (every aws_lambda_permission argument forces a replacement).
const TOPIC = "arn:aws:sns:us-east-1:123456789012:opsbot-alerts";

/** An aws_lambda_permission as the provider holds it, with this principal and these narrowing arguments. */
const permission = (principal: string, narrowing: Record<string, string | null>) => ({
  action: "lambda:InvokeFunction",
  event_source_token: null,
  function_name: "opsbot-notify",
  function_url_auth_type: null,
  id: "AllowSNS",
  principal,
  principal_org_id: null,
  qualifier: "",
  source_account: null,
  source_arn: null,
  statement_id: "AllowSNS",
  statement_id_prefix: "",
  ...narrowing,
});

/** The permission replaced by one for `principal` (Terraform: delete then create, forced by what changed). */
function replaced(principal: string, narrowing: Record<string, string | null>, forcedBy: readonly string[]): ProviderChange {
  const { id: _id, statement_id_prefix: _prefix, ...planned } = permission(principal, narrowing);
  return {
    address: "aws_lambda_permission.sns",
    actions: ["delete", "create"],
    before: permission("sns.amazonaws.com", { source_arn: TOPIC }),
    after: { ...planned, qualifier: null },
    afterUnknown: { id: true, statement_id_prefix: true },
    replacePaths: forcedBy.map((p) => [p]),
  };
}

const WHAT = "resource-grant-widened aws_lambda_permission.sns: function opsbot-notify permission AllowSNS";

describe("a Lambda permission opened to more callers is flagged", () => {
  test("sns.amazonaws.com with a source_arn -> any principal (*) without one is flagged twice: the wildcard and the lost source", () => {
    expect(reviewFlags(replaced("*", {}, ["principal", "source_arn"]))).toEqual([
      `${WHAT}: now allows any principal (*), with no source_arn, source_account, principal_org_id`,
      `${WHAT}: no longer requires source_arn ${TOPIC}`,
    ]);
  });

  test("the same change written as an in-place update reads alike", () => {
    const change = replaced("*", {}, []);
    const { replacePaths: _paths, ...update } = change;
    expect(reviewFlags({ ...update, actions: ["update"] })).toHaveLength(2);
  });

  test("another account as principal is flagged; the same permission for another topic of the account is not", () => {
    expect(reviewFlags(replaced("999999999999", { source_arn: TOPIC }, ["principal"]))).toEqual([
      `${WHAT}: principal sns.amazonaws.com -> 999999999999`,
    ]);
    expect(reviewFlags(replaced("sns.amazonaws.com", { source_arn: `${TOPIC}-v2` }, ["source_arn"]))).toEqual([]);
  });

  test("a new permission for any principal is flagged; a new one for a service with its source is not", () => {
    const created = (principal: string, narrowing: Record<string, string | null>): ProviderChange => {
      const after = replaced(principal, narrowing, []).after;
      return {
        address: "aws_lambda_permission.sns",
        actions: ["create"],
        before: null,
        after,
        afterUnknown: { id: true, statement_id_prefix: true },
      };
    };
    expect(reviewFlags(created("*", {}))).toEqual([
      `${WHAT}: now allows any principal (*), with no source_arn, source_account, principal_org_id`,
    ]);
    expect(reviewFlags(created("sns.amazonaws.com", { source_arn: TOPIC }))).toEqual([]);
  });
});

/** An aws_sqs_queue_policy allowing `principal` to send to the queue. */
const queuePolicy = (principal: unknown) => ({
  id: "https://sqs.us-east-1.amazonaws.com/123456789012/opsbot-jobs",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Send",
        Effect: "Allow",
        Principal: principal,
        Action: "sqs:SendMessage",
        Resource: "arn:aws:sqs:us-east-1:123456789012:opsbot-jobs",
      },
    ],
  }),
  queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/opsbot-jobs",
});

describe("an SQS queue policy opened to more callers is flagged", () => {
  test("a queue policy's principal widened to * is flagged; an unchanged one is not", () => {
    const app = { AWS: "arn:aws:iam::123456789012:role/opsbot-production-app" };
    const update = (before: unknown, after: unknown): ProviderChange => ({
      address: "aws_sqs_queue_policy.jobs",
      actions: ["update"],
      before: queuePolicy(before),
      after: queuePolicy(after),
    });
    expect(reviewFlags(update(app, "*"))).toEqual([
      "resource-grant-widened aws_sqs_queue_policy.jobs: queue opsbot-jobs policy: now allows any principal (*)",
    ]);
    expect(reviewFlags(update(app, app))).toEqual([]);
  });
});
