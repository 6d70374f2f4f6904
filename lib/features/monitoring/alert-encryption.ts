import type { AppConfig } from "../../config/schema";
import { denyInsecureTransport, policyDocument, type PolicyDocument, type PolicyStatement } from "../../core/iam";
import { golivePrincipals, goliveRolePattern } from "../secrets/model";
import { keyAdministrationStatements } from "../secrets/policies";
import { ROUTE53_METRICS_REGION } from "./alarms";

/**
 * The alert topic is encrypted with a customer-managed key of its own. Not the AWS-managed
 * `alias/aws/sns` key: its policy cannot be changed, so CloudWatch alarms cannot use it and their
 * notifications are dropped ("Enable compatibility between event sources from AWS services and
 * encrypted topics", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */

/** Who publishes to the alert topic: CloudWatch alarms only (no EventBridge rule or other service targets it). */
export const ALARM_PUBLISHER = "cloudwatch.amazonaws.com";

/** What a publishing service needs on the topic's key (the page above). */
export const PUBLISHER_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"] as const;

/** The AWS-managed SNS key, which CloudWatch alarms cannot use. */
export const AWS_MANAGED_SNS_KEY = "alias/aws/sns";

export function alertKeyAlias(cfg: AppConfig): string {
  return `alias/${cfg.app}-${cfg.environment}-alerts`;
}

/**
 * Only this account's alarms: CloudWatch sends `aws:SourceAccount` and `aws:SourceArn` (the alarm) with
 * its requests, so another account's alarm cannot use the key or the topic (confused deputy).
 */
function fromOwnAlarms(accountId: string): PolicyStatement["Condition"] {
  return {
    StringEquals: { "aws:SourceAccount": accountId },
    ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${ROUTE53_METRICS_REGION}:${accountId}:alarm:*` },
  };
}

/**
 * Key policy of the alert topic's key, built like golive's other keys: the account may look at it,
 * whoever applies `monitoring-<env>` (the deploy role, `secrets.administrators`, the root user; with
 * nobody named, the account's IAM principals but golive's roles) administers it, nobody decrypts by
 * being an administrator, and only this account's CloudWatch alarms encrypt and decrypt with it.
 */
export function alertKeyPolicy(cfg: AppConfig, accountId: string): PolicyDocument {
  const p = golivePrincipals(cfg);
  const deploy = p?.ci ? [p.ci.deploy] : [];
  const named = [...deploy, ...(p?.administrators ?? [])];
  return policyDocument([
    ...keyAdministrationStatements({
      accountId,
      managers: p && named.length > 0 ? [...named, p.rootUser] : undefined,
      goliveRoles: p?.goliveRoles ?? goliveRolePattern(cfg, accountId),
      goliveAdministrators: deploy,
    }),
    {
      Sid: "AlarmsPublishEncrypted",
      Effect: "Allow",
      Principal: { Service: ALARM_PUBLISHER },
      Action: [...PUBLISHER_KEY_ACTIONS],
      Resource: "*",
      Condition: fromOwnAlarms(accountId),
    },
  ]);
}

/**
 * Topic policy: this account's alarms may publish, and every SNS action over plain HTTP is denied.
 * The account's own principals keep what their IAM policies grant (a topic policy only adds to it).
 */
export function alertTopicPolicy(topicArn: string, accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "AlarmsPublish",
      Effect: "Allow",
      Principal: { Service: ALARM_PUBLISHER },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: fromOwnAlarms(accountId),
    },
    denyInsecureTransport("sns:*", topicArn),
  ]);
}
