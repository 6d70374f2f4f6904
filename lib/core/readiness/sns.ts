import type { Finding } from "./findings";
import { deniesInsecureTransport, policyStatements } from "./iam";
import { type EnvView, indexByReference, resourceFinding, type SynthResource } from "./model";
import { str } from "./values";

/**
 * Whether an SNS topic an AWS service publishes to (alarms to the alert topic, SES to the feedback
 * topic) is protected at rest and in transit: encrypted with a customer-managed key, and a topic
 * policy that denies every SNS action over plain HTTP. Shared by GL-MON-002 and GL-MAIL-005.
 */

/** The AWS-managed SNS key: its policy cannot be changed, so no AWS service publisher may use it. */
export const AWS_MANAGED_SNS_KEY = "alias/aws/sns";

export interface TopicWording {
  /** What the topic is, in findings: "alert topic". */
  readonly topic: string;
  /** Who publishes to it and cannot use the AWS-managed key: "CloudWatch alarms". */
  readonly publishers: string;
}

/** Findings for each topic without a customer-managed key or without a TLS-only topic policy. */
export function topicProtectionFindings(env: EnvView, topics: readonly SynthResource[], wording: TopicWording): Finding[] {
  const policies = indexByReference(env.ofType("aws_sns_topic_policy"), (p) => p.attrs.arn);
  const findings: Finding[] = [];
  for (const topic of topics) {
    const key = str(topic.attrs.kms_master_key_id) ?? "";
    if (key === "") findings.push(resourceFinding(topic, `the ${wording.topic} is not encrypted (no kms_master_key_id)`));
    else if (key === AWS_MANAGED_SNS_KEY || key.endsWith(`:${AWS_MANAGED_SNS_KEY}`))
      findings.push(resourceFinding(topic, `the ${wording.topic} uses ${AWS_MANAGED_SNS_KEY}, which ${wording.publishers} cannot use`));
    const tlsOnly = (policies.get(topic.address) ?? []).some((p) => {
      const statements = policyStatements(env, p.attrs.policy) ?? [];
      return deniesInsecureTransport(statements.filter((s) => s.actions.some((a) => a.toLowerCase() === "sns:*")));
    });
    if (!tlsOnly)
      findings.push(
        resourceFinding(topic, `no aws_sns_topic_policy of the ${wording.topic} denies sns:* when aws:SecureTransport is false`),
      );
  }
  return findings;
}
