import { policyDocument, type PolicyDocument } from "../../core/iam";

/**
 * Policy of the bounce/complaint topic. SES publishes configuration-set events only to topics whose
 * policy lets `ses.amazonaws.com` publish; without it the event destination exists but no event
 * ever arrives. The source ARN pins the one configuration set (and so the account): no other SES
 * customer can publish here (confused deputy).
 */
export function feedbackTopicPolicy(topicArn: string, configurationSetArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "SesPublishesFeedback",
      Effect: "Allow",
      Principal: { Service: "ses.amazonaws.com" },
      Action: "SNS:Publish",
      Resource: topicArn,
      Condition: { StringEquals: { "AWS:SourceArn": configurationSetArn } },
    },
  ]);
}
