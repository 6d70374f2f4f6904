import { z } from "zod";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { toChangeView } from "../../lib/core/plan/changes";
import { buildModel, envViews } from "../../lib/core/readiness/model";
import { riskFlags } from "../../lib/engines/plan/risks";
import { alertTopicEncrypted } from "../../lib/features/monitoring/rules/GL-MON-002";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

/** #13: the alert topic is encrypted with its own customer-managed key and refuses plain HTTP. */
const json = synthKind(exampleConfig(), "monitoring");

const Statement = z.object({
  Sid: z.string(),
  Effect: z.enum(["Allow", "Deny"]),
  Principal: z.union([z.literal("*"), z.record(z.string(), z.union([z.string(), z.array(z.string())]))]).optional(),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.union([z.string(), z.array(z.string())]).optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))).optional(),
});
const Policy = z.object({ Statement: z.array(Statement) });

function only(j: SynthJson, type: string): [string, Record<string, unknown>] {
  const all = resourcesOf(j, type);
  expect(all).toHaveLength(1);
  return all[0] ?? ["", {}];
}
const actions = (s: z.infer<typeof Statement>) => (typeof s.Action === "string" ? [s.Action] : s.Action);

describe("monitoring stack: the alert topic's encryption", () => {
  const [keyId, key] = only(json, "aws_kms_key");
  const [topicId, topic] = only(json, "aws_sns_topic");
  const keyPolicy = Policy.parse(JSON.parse(String(key.policy)));

  test("the topic is encrypted with the stack's own key, in us-east-1 next to the alarms, rotated yearly", () => {
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(key).toMatchObject({
      provider: "aws.us_east_1",
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
    });
    expect(only(json, "aws_kms_alias")[1]).toMatchObject({ name: "alias/opsbot-production-alerts", provider: "aws.us_east_1" });
  });

  test("only this account's CloudWatch alarms may encrypt and decrypt with the key", () => {
    const uses = keyPolicy.Statement.filter(
      (s) => s.Effect === "Allow" && actions(s).some((a) => /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt|CreateGrant)/.test(a)),
    );
    expect(uses).toEqual([
      {
        Sid: "AlarmsPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111111111111" },
          ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:111111111111:alarm:*" },
        },
      },
    ]);
  });

  test("the deploy role that applies the stack and the administrators administer the key; other golive roles may not", () => {
    const admins = keyPolicy.Statement.find((s) => s.Sid === "KeyAdministrators");
    expect(admins?.Condition?.ArnEquals?.["aws:PrincipalArn"]).toEqual([
      "arn:aws:iam::111111111111:role/opsbot-production-deploy",
      // secrets.administrators of the example, who apply any stack by hand when CI cannot.
      "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
      "arn:aws:iam::111111111111:root",
    ]);
    const deny = keyPolicy.Statement.find((s) => s.Sid === "NoKeyAdministrationByGoliveRoles");
    expect(deny?.Condition?.ArnNotEquals?.["aws:PrincipalArn"]).toEqual(["arn:aws:iam::111111111111:role/opsbot-production-deploy"]);
  });

  test("the topic policy lets this account's alarms publish and denies every SNS action over plain HTTP", () => {
    const [, policy] = only(json, "aws_sns_topic_policy");
    const arn = `\${aws_sns_topic.${topicId}.arn}`;
    expect(policy.arn).toBe(arn);
    expect(Policy.parse(JSON.parse(String(policy.policy))).Statement).toEqual([
      {
        Sid: "AlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: arn,
        Condition: {
          StringEquals: { "aws:SourceAccount": "111111111111" },
          ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:111111111111:alarm:*" },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:*",
        Resource: arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });
});

describe("GL-MON-002 on the monitoring stack", () => {
  const check = (edit: (j: SynthJson) => void) => {
    const copy = structuredClone(json);
    edit(copy);
    const [view] = envViews(buildModel([{ name: "monitoring-production", file: "cdk.tf.json", json: copy }]));
    if (!view) throw new Error("no view");
    return alertTopicEncrypted.check({ env: view, runbooks: [], today: "2026-11-29", knownRuleIds: new Set() });
  };
  const topic = (j: SynthJson) => only(j, "aws_sns_topic")[1];
  const messages = (out: ReturnType<typeof check>) => (out.kind === "non-compliant" ? out.findings.map((f) => f.message) : [out.kind]);

  test("passes as synthesized", () => {
    expect(check(() => {})).toEqual({ kind: "compliant" });
  });

  test("fails when the topic is not encrypted", () => {
    expect(messages(check((j) => delete topic(j).kms_master_key_id))).toEqual(["the alert topic is not encrypted (no kms_master_key_id)"]);
  });

  test("fails when the topic uses the AWS-managed SNS key, which alarms cannot use", () => {
    expect(messages(check((j) => (topic(j).kms_master_key_id = "alias/aws/sns")))).toEqual([
      "the alert topic uses alias/aws/sns, which CloudWatch alarms cannot use",
    ]);
  });

  test("fails when no topic policy denies plain HTTP", () => {
    expect(messages(check((j) => delete j.resource.aws_sns_topic_policy))).toEqual([
      "no aws_sns_topic_policy of the alert topic denies sns:* when aws:SecureTransport is false",
    ]);
  });
});

describe("plan review: the alert topic losing its encryption or TLS-only policy is flagged", () => {
  const flags = (type: string, actions: ResourceChange["change"]["actions"], before: unknown, after: unknown) =>
    riskFlags(
      toChangeView(
        {
          address: `${type}.T`,
          mode: "managed",
          type,
          name: "T",
          change: { actions, before, after, before_sensitive: {}, after_sensitive: {}, after_unknown: {} },
        },
        undefined,
      ),
    ).map((f) => `${f.rule}: ${f.detail}`);
  const KEY = "arn:aws:kms:us-east-1:111111111111:key/k";

  test("an update that drops kms_master_key_id", () => {
    expect(
      flags("aws_sns_topic", ["update"], { name: "alerts", kms_master_key_id: KEY }, { name: "alerts", kms_master_key_id: "" }),
    ).toEqual(["alerting-loosened: alert topic alerts: server-side encryption removed (kms_master_key_id no longer set)"]);
    expect(flags("aws_sns_topic", ["update"], { name: "alerts" }, { name: "alerts", kms_master_key_id: KEY })).toEqual([]);
  });

  test("deleting the topic policy", () => {
    expect(flags("aws_sns_topic_policy", ["delete"], { arn: "a", policy: "{}" }, null)).toEqual([
      "alerting-loosened: alert topic policy aws_sns_topic_policy.T deleted: plain-HTTP access no longer denied",
    ]);
  });

  test("the email stack's SES feedback topic is flagged under its own name", () => {
    const feedback = "opsbot-production-ses-feedback";
    expect(
      flags("aws_sns_topic", ["update"], { name: feedback, kms_master_key_id: KEY }, { name: feedback, kms_master_key_id: "" }),
    ).toEqual([`alerting-loosened: SES feedback topic ${feedback}: server-side encryption removed (kms_master_key_id no longer set)`]);
    expect(flags("aws_sns_topic", ["delete"], { name: feedback }, null)).toEqual([
      `alerting-loosened: SES feedback topic ${feedback} destroyed: bounces and complaints reach nobody`,
    ]);
  });
});
