import type { AppConfig } from "../../config/schema";
import type { PolicyDocument } from "../../core/iam";
import { namePrefix } from "../../core/names";
import { publisherTopicPolicy, topicKeyPolicy } from "../secrets/topic-key-policy";

/**
 * The bounce/complaint topic and its key. Bounce, complaint and reject notifications carry the
 * recipients' addresses (personal data), so the topic is encrypted with a customer-managed key of its
 * own and refuses plain HTTP, like the alert topic. SES can publish to an encrypted topic only when the
 * key's policy lets `ses.amazonaws.com` use it (kms:GenerateDataKey*, kms:Decrypt), which the
 * AWS-managed `alias/aws/sns` key never does ("Set up an Amazon SNS event destination for event
 * publishing", https://docs.aws.amazon.com/ses/latest/dg/event-publishing-add-event-destination-sns.html;
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 * Email subscribers need no key access: SNS decrypts before delivery.
 */

/** The only publisher of the feedback topic: SES, for this environment's configuration set. */
export const SES_PUBLISHER = "ses.amazonaws.com";

/** The SES feedback topic's name, `<app>-<env>-ses-feedback`: also its key's alias, and what the CI roles' denies name. */
export function feedbackTopicName(cfg: AppConfig): string {
  return `${namePrefix(cfg.app, cfg.environment)}-ses-feedback`;
}

export function feedbackKeyAlias(cfg: AppConfig): string {
  return `alias/${feedbackTopicName(cfg)}`;
}

/**
 * The configuration set's ARN, written out rather than referenced: SES sends it as `aws:SourceArn`,
 * and a literal keeps the key policy readable before apply (the access checks evaluate it).
 */
export function configurationSetArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ses:${region}:${accountId}:configuration-set/${name}`;
}

/**
 * Key policy of the feedback topic's key (topicKeyPolicy): whoever applies `email-<env>` administers
 * it, and only SES, publishing for this account's configuration set, encrypts and decrypts with it.
 */
export function feedbackKeyPolicy(cfg: AppConfig, accountId: string, configurationSet: string): PolicyDocument {
  return topicKeyPolicy(cfg, accountId, { sid: "SesPublishesEncrypted", service: SES_PUBLISHER, sourceArn: configurationSet });
}

/**
 * Policy of the bounce/complaint topic. SES publishes configuration-set events only to topics whose
 * policy lets `ses.amazonaws.com` publish; without it the event destination exists but no event
 * ever arrives. The source ARN pins the one configuration set (and so the account): no other SES
 * customer can publish here (confused deputy). Every SNS action over plain HTTP is denied.
 */
export function feedbackTopicPolicy(topicArn: string, configurationSetArn: string): PolicyDocument {
  return publisherTopicPolicy(topicArn, {
    sid: "SesPublishesFeedback",
    service: SES_PUBLISHER,
    action: "SNS:Publish",
    condition: { StringEquals: { "AWS:SourceArn": configurationSetArn } },
  });
}
