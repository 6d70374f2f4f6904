import { keyLockoutFindings } from "../key-lockout";
import { sesFeedbackTopics } from "../resources";
import { topicProtectionFindings } from "../../../core/readiness/sns";
import { notApplicable, outcome, type Rule } from "../../../platform/readiness";

export const feedbackTopicEncrypted: Rule = {
  id: "GL-MAIL-005",
  title: "SES feedback topics are encrypted with a customer-managed key and refuse plain HTTP",
  severity: "warning",
  row: "email-domain-ssl",
  explanation:
    "Bounce, complaint and reject notifications carry the recipients' email addresses, which are personal data; a topic under a customer-managed key that only SES (for this account's configuration set) may use, with a topic policy denying aws:SecureTransport = false, keeps them off unencrypted storage and connections. The AWS-managed alias/aws/sns key will not do: its policy cannot let SES use it, so the events are dropped.",
  fix: "Give every SNS topic an SES event destination or identity notification publishes to kms_master_key_id = a customer-managed key whose policy lets ses.amazonaws.com kms:GenerateDataKey* and kms:Decrypt (aws:SourceAccount and aws:SourceArn pinned), and an aws_sns_topic_policy with a Deny of sns:* on aws:SecureTransport = false (the email stack declares both); the key policy must let a principal of the account the key is created in call kms:PutKeyPolicy, or CreateKey refuses it.",
  check({ env }) {
    const topics = sesFeedbackTopics(env);
    if (topics.length === 0) return notApplicable("no SNS topic receives SES events in this environment");
    return outcome([
      ...topicProtectionFindings(env, topics, { topic: "SES feedback topic", publishers: "SES" }),
      ...keyLockoutFindings(env, topics, "SES feedback topic"),
    ]);
  },
};
