import type { AppConfig } from "../../config/schema";
import { type Conditions, denyInsecureTransport, policyDocument, type PolicyDocument } from "../../core/iam";
import { golivePrincipals, goliveRolePattern } from "./model";
import { keyAdministrationStatements } from "./policies";

/**
 * Keys of the encrypted SNS topics an AWS service publishes to: the alert topic (CloudWatch alarms,
 * `monitoring-<env>`) and the SES bounce/complaint topic (`email-<env>`). Each topic has a
 * customer-managed key of its own, because the AWS-managed `alias/aws/sns` key's policy cannot be
 * changed and so no AWS service may publish under it ("Enable compatibility between event sources
 * from AWS services and encrypted topics",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */

/** What a publishing service needs on the topic's key (the page above). Subscribers need nothing: SNS decrypts. */
export const PUBLISHER_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"] as const;

/**
 * Only requests a service makes for this account's resource (`aws:SourceAccount`, `aws:SourceArn`):
 * the service acting for another account cannot use the key or the topic (confused deputy).
 */
export function fromOwnSource(accountId: string, sourceArn: string): Conditions {
  return { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": sourceArn } };
}

/** The one AWS service that publishes to a topic, and the resource it publishes for. */
export interface TopicPublisher {
  /** Sid of the key policy statement that lets it encrypt. */
  readonly sid: string;
  /** Its service principal, such as `cloudwatch.amazonaws.com`. */
  readonly service: string;
  /** `aws:SourceArn` of its requests (an ARN pattern): this account's alarms, the configuration set. */
  readonly sourceArn: string;
}

/**
 * Key policy of a topic key declared by a stack the deploy role applies (monitoring, email), built
 * like golive's other keys: the account may look at it, whoever applies the stack (the deploy role,
 * `secrets.administrators`, the root user; with nobody named, the account's IAM principals but
 * golive's roles) administers it, nobody decrypts by being an administrator, and only the publishing
 * service, for this account's resource, encrypts and decrypts with it.
 *
 * A key in another account than `secrets.accountId` (`email.awsAccountId`, `monitoring.awsAccountId`)
 * is administered by that account's IAM principals (AWS's default key policy): golive's roles and
 * their `aws:PrincipalArn` list live in `secrets.accountId`, so no principal of the key's account
 * would match it, and CreateKey refuses a policy its caller could not PutKeyPolicy under
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-Policy).
 */
export function topicKeyPolicy(cfg: AppConfig, accountId: string, publisher: TopicPublisher): PolicyDocument {
  const golive = golivePrincipals(cfg);
  const p = golive?.accountId === accountId ? golive : undefined;
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
      Sid: publisher.sid,
      Effect: "Allow",
      Principal: { Service: publisher.service },
      Action: [...PUBLISHER_KEY_ACTIONS],
      Resource: "*",
      Condition: fromOwnSource(accountId, publisher.sourceArn),
    },
  ]);
}

/** The publishing statement of a topic policy: one service, its condition, the action as AWS documents it. */
export interface TopicPublish {
  readonly sid: string;
  readonly service: string;
  readonly action: string;
  readonly condition: Conditions;
}

/**
 * Policy of a topic one AWS service publishes to: that service may publish (under its condition), and
 * every SNS action over plain HTTP is denied. The account's own principals keep what their IAM
 * policies grant (a topic policy only adds to it).
 */
export function publisherTopicPolicy(topicArn: string, publish: TopicPublish): PolicyDocument {
  return policyDocument([
    {
      Sid: publish.sid,
      Effect: "Allow",
      Principal: { Service: publish.service },
      Action: publish.action,
      Resource: topicArn,
      Condition: publish.condition,
    },
    denyInsecureTransport("sns:*", topicArn),
  ]);
}
