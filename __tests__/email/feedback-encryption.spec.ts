import { feedbackTopicEncrypted } from "../../lib/features/email/rules/GL-MAIL-005";
import type { RuleOutcome } from "../../lib/platform/readiness";
import { check as checkRule, messages } from "../checks/support";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";
import { onlyOf, type Statement, statement, statements } from "../secrets/policy-json";

/** Bounces and complaints name recipients: the SES feedback topic is encrypted with its own key and refuses plain HTTP. */
const json = synthKind(exampleConfig(), "email");

const CRYPTO = /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt|CreateGrant)/;
const actions = (s: Statement): string[] => (typeof s.Action === "string" ? [s.Action] : (s.Action ?? []));

describe("email stack: the SES feedback topic's key", () => {
  const [keyId, key] = onlyOf(json, "aws_kms_key");
  const [, topic] = onlyOf(json, "aws_sns_topic");
  const [, configurationSet] = onlyOf(json, "aws_sesv2_configuration_set");

  test("the topic is encrypted with the stack's own key, in the SES region, rotated yearly and kept from destruction", () => {
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(key).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    // The stack's only AWS provider is pinned to email.region (eu-west-1), where SES publishes.
    expect(key.provider).toBeUndefined();
    expect(onlyOf(json, "aws_kms_alias")[1]).toEqual(
      expect.objectContaining({ name: "alias/opsbot-production-ses-feedback", target_key_id: `\${aws_kms_key.${keyId}.key_id}` }),
    );
  });

  test("the protected key keeps its Terraform address (renaming its construct would destroy the key)", () => {
    expect(resourcesOf(json, "aws_kms_key").map(([id]) => id)).toEqual(["Ses_FeedbackKey_BD2DD0F6"]);
  });

  test("only SES, publishing for this account's configuration set, may encrypt and decrypt with the key", () => {
    expect(configurationSet.configuration_set_name).toBe("opsbot-production");
    // Every statement that lets anyone encrypt, decrypt or grant: SES's alone (subscribers need no key access).
    const uses = statements(key.policy).filter((s) => s.Effect === "Allow" && actions(s).some((a) => CRYPTO.test(a)));
    expect(uses.map((s) => s.Sid)).toEqual(["SesPublishesEncrypted"]);
    const ses = statement(key.policy, "SesPublishesEncrypted");
    expect(ses.Principal).toEqual({ Service: "ses.amazonaws.com" });
    expect(actions(ses)).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(ses.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111111111111" },
      ArnLike: { "aws:SourceArn": "arn:aws:ses:eu-west-1:111111111111:configuration-set/opsbot-production" },
    });
  });

  test("the account only looks at the key; the deploy role that applies the stack administers it; other golive roles may not", () => {
    expect(statement(key.policy, "KeyAdministration")).toEqual({
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: ["kms:Describe*", "kms:Get*", "kms:List*"],
      Resource: "*",
    });
    expect(statement(key.policy, "KeyAdministrators").Condition).toEqual({
      ArnEquals: {
        "aws:PrincipalArn": [
          "arn:aws:iam::111111111111:role/opsbot-production-deploy",
          // secrets.administrators of the example.
          "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
          "arn:aws:iam::111111111111:root",
        ],
      },
    });
    const deny = statement(key.policy, "NoKeyAdministrationByGoliveRoles");
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*" });
    expect(actions(deny)).toEqual(expect.arrayContaining(["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:CreateGrant"]));
    expect(deny.Condition).toEqual({
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/opsbot-production-*" },
      ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/opsbot-production-deploy"] },
    });
    expect(statements(key.policy).map((s) => s.Sid)).toEqual([
      "KeyAdministration",
      "KeyAdministrators",
      "NoKeyAdministrationByGoliveRoles",
      "SesPublishesEncrypted",
    ]);
  });
});

describe("GL-MAIL-005 on the email stack", () => {
  /** The rule on a copy of the email stack, changed by `edit`. */
  const check = (edit: (j: SynthJson) => void, base: SynthJson = json): RuleOutcome => {
    const copy = structuredClone(base);
    edit(copy);
    return checkRule(feedbackTopicEncrypted, [{ name: "email-production", file: "cdk.tf.json", json: copy }]);
  };
  const topic = (j: SynthJson) => onlyOf(j, "aws_sns_topic")[1];
  const topicPolicy = (j: SynthJson) => onlyOf(j, "aws_sns_topic_policy")[1];

  test("passes as synthesized, for production and for staging", () => {
    expect(check(() => {})).toEqual({ kind: "compliant" });
    expect(check(() => {}, synthKind(exampleConfig([], "staging"), "email"))).toEqual({ kind: "compliant" });
  });

  test("fails when the key is removed, naming the topic", () => {
    const out = check((j) => {
      delete topic(j).kms_master_key_id;
      delete j.resource.aws_kms_key;
      delete j.resource.aws_kms_alias;
    });
    expect(messages(out)).toEqual(["the SES feedback topic is not encrypted (no kms_master_key_id)"]);
    expect(out.kind === "non-compliant" && out.findings[0]?.location).toMatchObject({
      kind: "resource",
      address: `aws_sns_topic.${onlyOf(json, "aws_sns_topic")[0]}`,
    });
  });

  test("fails when the topic uses the AWS-managed SNS key, which SES cannot use", () => {
    expect(messages(check((j) => (topic(j).kms_master_key_id = "alias/aws/sns")))).toEqual([
      "the SES feedback topic uses alias/aws/sns, which SES cannot use",
    ]);
  });

  test("fails when the topic policy loses its TLS-only deny (SES may still publish)", () => {
    const out = check((j) => {
      const policy = topicPolicy(j);
      policy.policy = JSON.stringify({ Version: "2012-10-17", Statement: [statement(policy.policy, "SesPublishesFeedback")] });
    });
    expect(messages(out)).toEqual(["no aws_sns_topic_policy of the SES feedback topic denies sns:* when aws:SecureTransport is false"]);
  });

  test("covers topics of SES identity notifications too, and is not applicable without any SES topic", () => {
    const withNotifications = check((j) => {
      j.resource.aws_sns_topic = { ...j.resource.aws_sns_topic, Bounces: { name: "bounces" } };
      j.resource.aws_ses_identity_notification_topic = {
        Bounces: { identity: "example.com", notification_type: "Bounce", topic_arn: "${aws_sns_topic.Bounces.arn}" },
      };
    });
    expect(withNotifications.kind === "non-compliant" && withNotifications.findings.map((f) => f.location)).toEqual([
      expect.objectContaining({ address: "aws_sns_topic.Bounces" }),
      expect.objectContaining({ address: "aws_sns_topic.Bounces" }),
    ]);
    expect(check((j) => delete j.resource.aws_sesv2_configuration_set_event_destination).kind).toBe("not-applicable");
  });
});

describe("GL-MAIL-005 and the key's account (CreateKey's lockout check)", () => {
  const run = (j: SynthJson): RuleOutcome =>
    checkRule(feedbackTopicEncrypted, [{ name: "email-production", file: "cdk.tf.json", json: j }]);
  const other = synthKind(exampleConfig([[["email", "awsAccountId"], "333333333333"]]), "email");

  test("passes a key in another account than secrets.accountId, administered by that account", () => {
    expect(run(other)).toEqual({ kind: "compliant" });
  });

  test("fails a key in another account whose administrators are all secrets.accountId's, naming the key", () => {
    const copy = structuredClone(other);
    const [id, key] = onlyOf(copy, "aws_kms_key");
    key.policy = onlyOf(json, "aws_kms_key")[1].policy;
    const out = run(copy);
    expect(messages(out)).toEqual([
      "the SES feedback topic key's policy lets no principal of account 333333333333, where it is created, call kms:PutKeyPolicy: CreateKey refuses it (lockout check)",
    ]);
    expect(out.kind === "non-compliant" && out.findings[0]?.location).toMatchObject({ address: `aws_kms_key.${id}` });
  });
});
