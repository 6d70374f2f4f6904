import { referencedAddresses } from "../../../core/readiness/model";
import { topicProtectionFindings } from "../../../core/readiness/sns";
import { strings } from "../../../core/readiness/values";
import { notApplicable, outcome, type Rule } from "../../../platform/readiness";

const ALARM_ACTIONS = ["alarm_actions", "ok_actions", "insufficient_data_actions"] as const;

export const alertTopicEncrypted: Rule = {
  id: "GL-MON-002",
  title: "Alert topics are encrypted with a customer-managed key and refuse plain HTTP",
  severity: "warning",
  row: "monitoring",
  explanation:
    "Alarm notifications name hostnames, origins and thresholds; a topic under a customer-managed key whose policy admits only this account's alarms, with a topic policy denying aws:SecureTransport = false, keeps them off unencrypted storage and connections. The AWS-managed alias/aws/sns key will not do: CloudWatch alarms cannot use it, so their notifications are dropped.",
  fix: "Give every SNS topic an alarm notifies kms_master_key_id = a customer-managed key whose policy lets cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*, and an aws_sns_topic_policy with a Deny of sns:* on aws:SecureTransport = false (the monitoring stack declares both).",
  check({ env }) {
    const notified = new Set(
      env.ofType("aws_cloudwatch_metric_alarm").flatMap((a) => ALARM_ACTIONS.flatMap((attr) => strings(a.attrs[attr]))),
    );
    const topics = env.ofType("aws_sns_topic").filter((t) => [...notified].some((action) => referencedAddresses(action).has(t.address)));
    if (topics.length === 0) return notApplicable("no SNS topic is notified by a CloudWatch alarm in this environment");
    return outcome(topicProtectionFindings(env, topics, { topic: "alert topic", publishers: "CloudWatch alarms" }));
  },
};
