/**
 * Changes that stop every alarm reaching anyone without touching a threshold are alerting weakened
 * (lib/features/monitoring/delivery-risks.ts): the alert key's policy losing `AlarmsPublishEncrypted`
 * (KMS then refuses CloudWatch and SNS drops the notification), the topic policy losing
 * `AlarmsPublish`, an alarm moved to another metric (a dimension, metric_name, namespace). Each is read
 * in both reviews: the pull request's configuration diff of the synthesized stack, and a plan (real
 * AWS provider plans of the same edits, __tests__/fixtures/plans/aws-provider/README.md).
 */
import { UNREVIEWABLE } from "../../lib/core/plan/policy";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { flags, rc } from "../plan/fixtures";
import {
  configReviewFlags,
  details,
  editPolicy,
  plannedUpdate,
  realPlanFlags,
  type Statement,
  synthBlock,
  without,
} from "../helpers/plan-reviews";

type Json = Record<string, unknown>;

const monitoring = (): SynthJson => synthKind(exampleConfig(), "monitoring");

const block = synthBlock;

/** The edits of the real plan alert-delivery-lost.json, made to a synthesized stack. */
function deliveryLost(json: SynthJson): void {
  editPolicy(block(json, "aws_kms_key", "Alerts_Key")[1], without("AlarmsPublishEncrypted"));
  editPolicy(block(json, "aws_sns_topic_policy", "Alerts_Policy")[1], without("AlarmsPublish"));
  const alarm = (host: string) => block(json, "aws_cloudwatch_metric_alarm", `Alarms_edge-${host}-down`)[1];
  alarm("app-example-com").dimensions = alarm("api-example-com").dimensions;
  alarm("example-com").metric_name = "ChildHealthCheckHealthyCount";
  alarm("chat-example-com").namespace = "AWS/Other";
}

const KEY_LOST =
  'KMS key opsbot-production-alerts SNS topic policy: statement "AlarmsPublishEncrypted" removed: cloudwatch.amazonaws.com loses kms:Decrypt, kms:GenerateDataKey*, so KMS refuses what it publishes to the alert topic opsbot-production-alerts: alarms notify nobody';
const topicLost = (topic: string) =>
  `alert topic ${topic} policy: statement "AlarmsPublish" removed: cloudwatch.amazonaws.com loses sns:Publish, alarms notify nobody`;
const MOVED = [
  "alarm opsbot-production edge down: app.example.com: dimension HealthCheckId changed: watches another metric",
  'alarm opsbot-production edge down: chat.example.com: namespace "AWS/Route53" -> "AWS/Other": watches another metric',
  'alarm opsbot-production edge down: example.com: metric_name "HealthCheckStatus" -> "ChildHealthCheckHealthyCount": watches another metric',
];

describe("what stops alarms reaching anyone is alerting weakened, in a plan and in the configuration diff", () => {
  test("a real plan: the key's and the topic policy's grants to CloudWatch removed, three alarms moved to another metric", () => {
    expect(details(realPlanFlags("alert-delivery-lost.json")).sort()).toEqual(
      [...MOVED, KEY_LOST, topicLost("arn:aws:sns:us-east-1:123456789012:opsbot-production-alerts")].sort(),
    );
  });

  test("the pull request's configuration diff of the same edits raises the same flags", () => {
    const [base, head] = [monitoring(), monitoring()];
    deliveryLost(head);
    const topic = `\${aws_sns_topic.${block(head, "aws_sns_topic", "Alerts")[0]}.arn}`;
    expect(details(configReviewFlags(base, head)).sort()).toEqual([...MOVED, KEY_LOST, topicLost(topic)].sort());
  });

  test("values known only after apply are not read as removed: a replaced check's id; a replaced topic's policy is one to review by hand", () => {
    // The edge-api check replaced (request_interval 30 -> 10): its alarm's dimensions are unknown, not
    // flagged. The topic renamed: its policy names the new ARN, unknown, so what it grants cannot be read
    // from the plan: flagged to review by hand, saying why (policyWidenings), never as a removed grant.
    expect(details(realPlanFlags("alert-delivery-unknown.json"))).toEqual([
      "alert topic opsbot-production-alerts replaced: every subscriber must confirm again",
      `alert topic aws_sns_topic_policy.Alerts_Policy_9A7AFDBB policy: ${UNREVIEWABLE}`,
    ]);
  });
});

/** Both reviews of one edit of the block `id`; they must agree (the topic's ARN aside, a reference in one and an ARN in the other). */
function bothWays(type: string, id: string, edit: (b: Json) => void): string[] {
  const [base, head] = [monitoring(), monitoring()];
  const [name, was] = block(base, type, id);
  edit(block(head, type, id)[1]);
  const review = details(configReviewFlags(base, head));
  const plan = details(plannedUpdate(type, name, was, block(head, type, id)[1]));
  const topic = block(head, "aws_sns_topic", "Alerts")[0];
  expect(plan).toEqual(review.map((d) => d.replace(`\${aws_sns_topic.${topic}.arn}`, `arn-of-${topic}`)));
  return review;
}

describe("a publisher's grant narrowed, and what takes nothing away", () => {
  const KEY = ["aws_kms_key", "Alerts_Key"] as const;
  const POLICY = ["aws_sns_topic_policy", "Alerts_Policy"] as const;

  test("the key's statement narrowed to one alarm (aws:SourceArn) or to kms:Decrypt is flagged as narrowed", () => {
    const narrowed =
      'KMS key opsbot-production-alerts SNS topic policy: statement "AlarmsPublishEncrypted" narrowed: cloudwatch.amazonaws.com keeps less of kms:Decrypt, kms:GenerateDataKey*, so KMS refuses what it publishes to the alert topic opsbot-production-alerts: alarms notify nobody';
    const oneAlarm = (statements: Statement[]) =>
      statements.map((s) =>
        s.Sid === "AlarmsPublishEncrypted"
          ? { ...s, Condition: { ...s.Condition, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:111111111111:alarm:one" } } }
          : s,
      );
    // Another ARN is also a new one: the secrets rule reads that as a widening, this one as a loss.
    expect(bothWays(...KEY, (b) => editPolicy(b, oneAlarm))).toEqual([
      'KMS key opsbot-production-alerts SNS topic policy: statement "AlarmsPublishEncrypted": ArnLike aws:SourceArn adds arn:aws:cloudwatch:us-east-1:111111111111:alarm:one',
      narrowed,
    ]);
    const decryptOnly = (statements: Statement[]) =>
      statements.map((s) => (s.Sid === "AlarmsPublishEncrypted" ? { ...s, Action: "kms:Decrypt" } : s));
    expect(bothWays(...KEY, (b) => editPolicy(b, decryptOnly))).toEqual([narrowed]);
  });

  test("the topic policy's statement given to another account's alarms is flagged as narrowed", () => {
    const otherAccount = (statements: Statement[]) =>
      statements.map((s) =>
        s.Sid === "AlarmsPublish" ? { ...s, Condition: { ...s.Condition, StringEquals: { "aws:SourceAccount": "222222222222" } } } : s,
      );
    const [widened, lost] = bothWays(...POLICY, (b) => editPolicy(b, otherAccount));
    expect(widened).toMatch(/policy: statement "AlarmsPublish": StringEquals aws:SourceAccount adds 222222222222$/);
    expect(lost).toMatch(
      /policy: statement "AlarmsPublish" narrowed: cloudwatch\.amazonaws\.com keeps less of sns:Publish, alarms notify nobody$/,
    );
  });

  test("a new Deny that may refuse the publisher is flagged as denied; one that cannot meet its grant raises nothing", () => {
    const deny = (Principal: unknown, Action: string) => (statements: Statement[]) => [
      ...statements,
      { Sid: "NoPublish", Effect: "Deny", Principal, Action, Resource: "*" },
    ];
    expect(bothWays(...POLICY, (b) => editPolicy(b, deny({ Service: "cloudwatch.amazonaws.com" }, "sns:*")))).toEqual([
      expect.stringMatching(
        /policy: statement "AlarmsPublish" denied: cloudwatch\.amazonaws\.com may be refused sns:Publish, alarms notify nobody$/,
      ),
    ]);
    expect(bothWays(...KEY, (b) => editPolicy(b, deny("*", "kms:Decrypt")))).toEqual([
      expect.stringContaining(
        'statement "AlarmsPublishEncrypted" denied: cloudwatch.amazonaws.com may be refused kms:Decrypt, kms:GenerateDataKey*',
      ),
    ]);
    // Another action, or another service: nothing the publisher relies on is refused.
    expect(bothWays(...KEY, (b) => editPolicy(b, deny("*", "kms:ScheduleKeyDeletion")))).toEqual([]);
    expect(bothWays(...POLICY, (b) => editPolicy(b, deny({ Service: "events.amazonaws.com" }, "sns:Publish")))).toEqual([]);
  });

  test("statements reordered, a grant renamed (another Sid, the same grant) or a statement added take nothing away", () => {
    const renamed = (statements: Statement[]) =>
      [...statements].reverse().map((s) => (s.Sid?.startsWith("Alarms") ? { ...s, Sid: "Renamed" } : s));
    expect(bothWays(...KEY, (b) => editPolicy(b, renamed))).toEqual([]);
    expect(bothWays(...POLICY, (b) => editPolicy(b, renamed))).toEqual([]);
    const extra = (statements: Statement[]) => [
      ...statements,
      {
        Sid: "Describe",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
      },
    ];
    expect(bothWays(...KEY, (b) => editPolicy(b, extra))).toEqual([]);
  });

  test("a filter_policy given to a subscriber, or a unit to an alarm, is flagged in the words GL-MON-001 uses", () => {
    const filter = '{"severity":["critical"]}';
    expect(
      bothWays("aws_sns_topic_subscription", "Alerts_email-oncall-example-com", (b) => Object.assign(b, { filter_policy: filter })),
    ).toEqual([
      `alert subscriber oncall@example.com: filter_policy set to ${JSON.stringify(filter)}: SNS sends only the messages the policy matches (golive writes none)`,
    ]);
    expect(
      bothWays("aws_cloudwatch_metric_alarm", "Alarms_edge-app-example-com-down", (b) => Object.assign(b, { unit: "Seconds" })),
    ).toEqual([
      'alarm opsbot-production edge down: app.example.com: unit set to "Seconds": CloudWatch then evaluates only datapoints published in that unit, and one the metric is not published in leaves the alarm in INSUFFICIENT_DATA',
    ]);
  });

  test("an alarm's metric unchanged but for another alarm's name raises nothing; a dimension added or removed is another metric", () => {
    const ALARM = ["aws_cloudwatch_metric_alarm", "Alarms_edge-app-example-com-down"] as const;
    expect(bothWays(...ALARM, (b) => Object.assign(b, { alarm_description: "reworded" }))).toEqual([]);
    expect(bothWays(...ALARM, (b) => Object.assign(b, { dimensions: { ...(b.dimensions as Json), Region: "us-east-1" } }))).toEqual([
      "alarm opsbot-production edge down: app.example.com: dimension Region added: watches another metric",
    ]);
  });
});

describe("a topic key created without its publisher's grant", () => {
  const keyPolicy = (actions: string[], service = "cloudwatch.amazonaws.com") =>
    JSON.stringify({ Statement: [{ Sid: "Publish", Effect: "Allow", Principal: { Service: service }, Action: actions, Resource: "*" }] });
  const key = (policy: string, description = "opsbot-production-alerts SNS topic") => ({ description, policy });
  /** This rule's flags of a change (a new key's grants are also the secrets rule's to read). */
  const loosened = (change: ReturnType<typeof rc>) => flags(change).filter((f) => f.startsWith("alerting-loosened: "));

  test("a new alert key without CloudWatch's Allow of kms:Decrypt and kms:GenerateDataKey drops every alarm", () => {
    expect(loosened(rc("aws_kms_key", ["create"], null, key(keyPolicy(["kms:Encrypt"]))))).toEqual([
      "alerting-loosened: KMS key opsbot-production-alerts SNS topic policy: created so that it does not Allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey, so KMS refuses what it publishes to the alert topic opsbot-production-alerts: alarms notify nobody",
    ]);
    expect(loosened(rc("aws_kms_key", ["create"], null, key(keyPolicy(["kms:Decrypt"], "events.amazonaws.com"))))).toHaveLength(1);
    expect(
      loosened(
        rc(
          "aws_kms_key",
          ["create"],
          null,
          key(keyPolicy(["kms:Decrypt"], "ses.amazonaws.com"), "opsbot-production-ses-feedback SNS topic"),
        ),
      ),
    ).toEqual([expect.stringContaining("created so that it does not Allow ses.amazonaws.com kms:GenerateDataKey,")]);
    // The grant golive writes, or kms:*, is enough; a policy known only after apply is not judged.
    expect(loosened(rc("aws_kms_key", ["create"], null, key(keyPolicy(["kms:Decrypt", "kms:GenerateDataKey*"]))))).toEqual([]);
    expect(loosened(rc("aws_kms_key", ["create"], null, key(keyPolicy(["kms:*"]))))).toEqual([]);
  });

  test("fails a new alert key whose Allow an unconditional Deny with NotPrincipal or NotAction takes back", () => {
    const allow = { Sid: "Publish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "kms:*", Resource: "*" };
    const withDeny = (deny: Record<string, unknown>) => key(JSON.stringify({ Statement: [allow, deny] }));
    const created = (deny: Record<string, unknown>) => loosened(rc("aws_kms_key", ["create"], null, withDeny(deny)));
    const notPrincipal = { Sid: "OnlyRoot", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*" };
    expect(created(notPrincipal)).toEqual([
      'alerting-loosened: KMS key opsbot-production-alerts SNS topic policy: created so that it Denies cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey (statement "OnlyRoot", without a condition), so KMS refuses what it publishes to the alert topic opsbot-production-alerts: alarms notify nobody',
    ]);
    expect(created({ Sid: "OnlyDescribe", Effect: "Deny", Principal: "*", NotAction: "kms:Describe*" })).toEqual([
      expect.stringContaining(
        'created so that it Denies cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey (statement "OnlyDescribe"',
      ),
    ]);
    // A Deny that spares CloudWatch, or names none of its calls, takes nothing back.
    expect(created({ ...notPrincipal, NotPrincipal: { Service: "cloudwatch.amazonaws.com" } })).toEqual([]);
    expect(created({ Sid: "NoAdmin", Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy" })).toEqual([]);
  });

  test("in the configuration diff of a new monitoring stack, its key without CloudWatch's grant is flagged", () => {
    const head = monitoring();
    editPolicy(block(head, "aws_kms_key", "Alerts_Key")[1], without("AlarmsPublishEncrypted"));
    const empty: SynthJson = { ...head, resource: {} };
    expect(details(configReviewFlags(empty, head))).toContain(
      "KMS key opsbot-production-alerts SNS topic policy: created so that it does not Allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey, so KMS refuses what it publishes to the alert topic opsbot-production-alerts: alarms notify nobody",
    );
    // The stack as golive writes it grants both: nothing to flag on a first deploy.
    expect(details(configReviewFlags(empty, monitoring())).filter((d) => d.includes("created without"))).toEqual([]);
  });
});

describe("the email stack's SES feedback key is named as such", () => {
  test("its publisher's grant removed: bounces and complaints reach nobody", () => {
    const policy = (sids: string[]) =>
      JSON.stringify({
        Statement: sids.map((Sid) => ({
          Sid,
          Effect: "Allow",
          Principal: { Service: "ses.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
        })),
      });
    const key = (sids: string[]) => ({
      description: "opsbot-production-ses-feedback SNS topic (SES bounces and complaints)",
      policy: policy(sids),
    });
    expect(flags(rc("aws_kms_key", ["update"], key(["SesPublishEncrypted"]), key([])))).toEqual([
      'alerting-loosened: KMS key opsbot-production-ses-feedback SNS topic (SES bounces and complaints) policy: statement "SesPublishEncrypted" removed: ses.amazonaws.com loses kms:Decrypt, kms:GenerateDataKey*, so KMS refuses what it publishes to the SES feedback topic opsbot-production-ses-feedback: bounces and complaints reach nobody',
    ]);
  });

  test("a key that encrypts no topic (its description names none) is left to the secrets rule", () => {
    const key = (sids: string[]) => ({
      description: "opsbot production secrets",
      policy: JSON.stringify({
        Statement: sids.map((Sid) => ({
          Sid,
          Effect: "Allow",
          Principal: { Service: "logs.amazonaws.com" },
          Action: "kms:Decrypt",
          Resource: "*",
        })),
      }),
    });
    expect(flags(rc("aws_kms_key", ["update"], key(["Logs"]), key([])))).toEqual([]);
  });
});
