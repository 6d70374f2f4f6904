import type { Conditions, PolicyStatement } from "../../core/iam";
import { namePrefix } from "../../core/names";
import { SCOPE_TAG, scopeTagValue } from "../../core/scope-tag";

// Environments, and apps, may share an AWS account. Every golive stack's provider tags what it creates
// with `golive:scope` = `<app>/<env>` (lib/core/scope-tag.ts), which is how one environment's CI role
// tells another's resources from its own. Not the `environment` tag: app `opsbot-production-x`'s
// environment `production` has roles `opsbot-production-x-production-*`, inside `opsbot-production-*`,
// and tagged `environment=production`; and `environment` is a key organisations tag their own resources with.

/** The request context key holding the `golive:scope` tag of the resource acted on. */
export const SCOPE_RESOURCE_TAG = `aws:ResourceTag/${SCOPE_TAG}`;

/**
 * A resource golive tagged for another app or environment; an untagged one is not matched (a resource
 * being created, one that is not golive's, or one golive created before the tag existed until its next apply).
 */
export function taggedForAnother(app: string, environment: string): Conditions {
  return { StringNotEquals: { [SCOPE_RESOURCE_TAG]: scopeTagValue(app, environment) }, Null: { [SCOPE_RESOURCE_TAG]: "false" } };
}

/**
 * The services of the deploy role's stacks whose resources golive tags and whose resource types take
 * aws:ResourceTag (service authorization reference: SNS topic, CloudWatch alarm, SES identity and
 * configuration set). Route 53 health checks take no tag condition, so they are not covered, nor a
 * call whose resource is not the tagged one (sns:Unsubscribe names the subscription).
 */
const DEPLOYED_TAGGED_SERVICES = ["sns:*", "cloudwatch:*", "ses:*"] as const;

/**
 * The deploy role (PowerUserAccess) keeps off another app's or environment's alert topic, alarms and SES
 * identity in a shared account: without it staging's deploy could unsubscribe production's webhooks,
 * delete its alarms or send mail as its domain. Not the KMS keys: environments may share a state
 * bucket, whose key the bucket's creator tags (NoKeysButGolives, other-teams.ts, keeps the role to
 * golive's keys by alias).
 */
export function notOtherEnvironmentsResources(app: string, environment: string): PolicyStatement {
  return {
    Sid: "NotOtherEnvironmentsAlertsOrMail",
    Effect: "Deny",
    Action: [...DEPLOYED_TAGGED_SERVICES],
    Resource: "*",
    Condition: taggedForAnother(app, environment),
  };
}

/**
 * NotOtherEnvironmentsAlertsOrMail binds only a topic carrying the scope tag: another team's topic (or
 * one golive created before the tag existed) carries none. The deploy role calls SNS only on this
 * environment's topics, named `<app>-<env>-*` (alertTopicName, feedbackTopicName) and their
 * subscriptions (`<topic ARN>:<id>`): any other untagged topic it may not subscribe to, tag, read the
 * subscriptions of or change, nor list the account's topics and subscriptions (no resource, no tag).
 */
export function notUntaggedForeignTopics(accountId: string, app: string, environment: string): PolicyStatement {
  return {
    Sid: "NoUntaggedTopicsButOwn",
    Effect: "Deny",
    Action: "sns:*",
    NotResource: `arn:aws:sns:*:${accountId}:${namePrefix(app, environment)}-*`,
    Condition: { Null: { [SCOPE_RESOURCE_TAG]: "true" } },
  };
}
