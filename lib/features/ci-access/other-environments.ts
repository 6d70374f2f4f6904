import type { Conditions, PolicyStatement } from "../../core/iam";

// Environments may share an AWS account. Every golive stack's provider tags what it creates with
// `environment` (lib/core/providers.ts default tags), which is how one environment's CI role tells
// another environment's resources from its own.

/** The request context key holding the `environment` tag of the resource acted on. */
export const ENVIRONMENT_TAG = "aws:ResourceTag/environment";

/** A resource that carries an `environment` tag naming another environment; an untagged one is not matched. */
export function taggedForAnother(environment: string): Conditions {
  return { StringNotEquals: { [ENVIRONMENT_TAG]: environment }, Null: { [ENVIRONMENT_TAG]: "false" } };
}

/**
 * The services of the deploy role's stacks whose resources golive tags and whose resource types take
 * aws:ResourceTag (service authorization reference: SNS topic, CloudWatch alarm, SES identity and
 * configuration set). Route 53 health checks take no tag condition, so they are not covered, nor a
 * call whose resource is not the tagged one (sns:Unsubscribe names the subscription).
 */
const DEPLOYED_TAGGED_SERVICES = ["sns:*", "cloudwatch:*", "ses:*"] as const;

/**
 * The deploy role (PowerUserAccess) keeps off another environment's alert topic, alarms and SES
 * identity in a shared account: without it staging's deploy could unsubscribe production's webhooks,
 * delete its alarms or send mail as its domain. Not the KMS keys: environments may share a state
 * bucket, whose key the bucket's creator tags.
 */
export function notOtherEnvironmentsResources(environment: string): PolicyStatement {
  return {
    Sid: "NotOtherEnvironmentsAlertsOrMail",
    Effect: "Deny",
    Action: [...DEPLOYED_TAGGED_SERVICES],
    Resource: "*",
    Condition: taggedForAnother(environment),
  };
}
