import type { AppConfig } from "../../config/schema";
import { namePrefix } from "../../core/names";
import type { PolicyDocument } from "../../core/iam";
import { fromOwnSource, publisherTopicPolicy, topicKeyPolicy } from "../secrets/topic-key-policy";
import { ROUTE53_METRICS_REGION } from "./alarms";

/**
 * The alert topic is encrypted with a customer-managed key of its own. Not the AWS-managed
 * `alias/aws/sns` key: its policy cannot be changed, so CloudWatch alarms cannot use it and their
 * notifications are dropped ("Enable compatibility between event sources from AWS services and
 * encrypted topics", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */

/**
 * What SNS asks KMS for on a publishing service's behalf when it publishes to an encrypted topic (the
 * page above grants them as kms:Decrypt and kms:GenerateDataKey*): a key policy without an Allow of both
 * to the service makes KMS refuse it and SNS drop the message. Read by GL-MON-001 and plan review alike.
 */
export const PUBLISHER_KMS_CALLS: readonly string[] = ["kms:Decrypt", "kms:GenerateDataKey"];

/** Who publishes to the alert topic: CloudWatch alarms only (no EventBridge rule or other service targets it). */
export const ALARM_PUBLISHER = "cloudwatch.amazonaws.com";

/** The alert topic's name, `<app>-<env>-alerts`: also its key's alias, and what the CI roles' denies name. */
export function alertTopicName(cfg: AppConfig): string {
  return `${namePrefix(cfg.app, cfg.environment)}-alerts`;
}

export function alertKeyAlias(cfg: AppConfig): string {
  return `alias/${alertTopicName(cfg)}`;
}

/** This account's alarms: CloudWatch sends the alarm as `aws:SourceArn` with its requests. */
export function ownAlarms(accountId: string): string {
  return `arn:aws:cloudwatch:${ROUTE53_METRICS_REGION}:${accountId}:alarm:*`;
}

/**
 * Key policy of the alert topic's key (topicKeyPolicy): whoever applies `monitoring-<env>`
 * administers it, and only this account's CloudWatch alarms encrypt and decrypt with it.
 */
export function alertKeyPolicy(cfg: AppConfig, accountId: string): PolicyDocument {
  return topicKeyPolicy(cfg, accountId, { sid: "AlarmsPublishEncrypted", service: ALARM_PUBLISHER, sourceArn: ownAlarms(accountId) });
}

/** Topic policy: this account's alarms may publish, and every SNS action over plain HTTP is denied. */
export function alertTopicPolicy(topicArn: string, accountId: string): PolicyDocument {
  return publisherTopicPolicy(topicArn, {
    sid: "AlarmsPublish",
    service: ALARM_PUBLISHER,
    action: "sns:Publish",
    condition: fromOwnSource(accountId, ownAlarms(accountId)),
  });
}
