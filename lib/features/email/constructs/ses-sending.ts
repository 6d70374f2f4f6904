import { Sesv2ConfigurationSet } from "@cdktf/provider-aws/lib/sesv2-configuration-set";
import { Sesv2ConfigurationSetEventDestination } from "@cdktf/provider-aws/lib/sesv2-configuration-set-event-destination";
import { Sesv2EmailIdentity } from "@cdktf/provider-aws/lib/sesv2-email-identity";
import { Sesv2EmailIdentityMailFromAttributes } from "@cdktf/provider-aws/lib/sesv2-email-identity-mail-from-attributes";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { feedbackTopicPolicy } from "../feedback";
import { type PolicyDocument, renderPolicy } from "../../../core/iam";
import { preventDestroy } from "../../../core/constructs/lifecycle";
import { ProtectedKey } from "../../secrets/constructs/secrets-key";

/** Delivery problems worth seeing: every event that means a message did not arrive or hurt reputation. */
export const FEEDBACK_EVENT_TYPES: readonly string[] = ["BOUNCE", "COMPLAINT", "REJECT", "DELIVERY_DELAY", "RENDERING_FAILURE"];

export interface SesSendingProps {
  /** Sending domain (the SES identity). */
  readonly domain: string;
  /** Custom MAIL FROM domain, so SPF is evaluated on a name aligned with `domain`. */
  readonly mailFromDomain: string;
  /** `<app>-<env>`: the configuration set's name. */
  readonly namePrefix: string;
  /** The feedback topic's name (feedback.ts feedbackTopicName). */
  readonly feedbackTopicName: string;
  /** Mailboxes subscribed to the feedback topic (each confirms once). @default [] */
  readonly feedbackSubscribers?: readonly string[];
  /** The feedback topic key's alias (`alias/<app>-<env>-ses-feedback`). */
  readonly feedbackKeyAlias: string;
  /** Its key policy: only SES, for this configuration set, encrypts and decrypts (feedback.ts). */
  readonly feedbackKeyPolicy: PolicyDocument;
}

/**
 * SES v2 domain identity with Easy DKIM (RSA 2048), custom MAIL FROM, and a configuration set whose
 * bounces and complaints go to an SNS topic. The identity is protected: recreating it rotates the
 * DKIM keys and breaks signing until the new CNAMEs propagate. The notifications name recipients, so
 * the topic is encrypted with a customer-managed key of its own (`FeedbackKey`, rotated yearly,
 * prevent_destroy like every golive key) that SES may use, and its policy denies plain HTTP.
 */
export class SesSending extends Construct {
  readonly identity: Sesv2EmailIdentity;
  readonly configurationSet: Sesv2ConfigurationSet;
  readonly feedbackTopic: SnsTopic;
  readonly feedbackKey: ProtectedKey;

  constructor(scope: Construct, id: string, props: SesSendingProps) {
    super(scope, id);
    this.configurationSet = new Sesv2ConfigurationSet(this, "ConfigurationSet", {
      configurationSetName: props.namePrefix,
      reputationOptions: { reputationMetricsEnabled: true },
      sendingOptions: { sendingEnabled: true },
      // Never plain text: mail to a receiver without STARTTLS is not delivered (retried, then bounced); docs/email.md says so.
      deliveryOptions: { tlsPolicy: "REQUIRE" },
      suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    this.feedbackKey = new ProtectedKey(this, "FeedbackKey", {
      description: `${props.feedbackTopicName} SNS topic (SES bounces and complaints)`,
      alias: props.feedbackKeyAlias,
      policy: props.feedbackKeyPolicy,
    });
    this.feedbackTopic = new SnsTopic(this, "FeedbackTopic", {
      name: props.feedbackTopicName,
      kmsMasterKeyId: this.feedbackKey.arn,
    });
    const topicPolicy = new SnsTopicPolicy(this, "FeedbackTopicPolicy", {
      arn: this.feedbackTopic.arn,
      policy: renderPolicy(feedbackTopicPolicy(this.feedbackTopic.arn, this.configurationSet.arn)),
    });
    (props.feedbackSubscribers ?? []).forEach((address, i) => {
      new SnsTopicSubscription(this, `FeedbackSubscriber${i}`, { topicArn: this.feedbackTopic.arn, protocol: "email", endpoint: address });
    });
    new Sesv2ConfigurationSetEventDestination(this, "FeedbackDestination", {
      configurationSetName: this.configurationSet.configurationSetName,
      eventDestinationName: "bounces-and-complaints",
      eventDestination: {
        enabled: true,
        matchingEventTypes: [...FEEDBACK_EVENT_TYPES],
        snsDestination: { topicArn: this.feedbackTopic.arn },
      },
      // SES may only publish once the topic policy allows it.
      dependsOn: [topicPolicy],
    });
    this.identity = preventDestroy(
      new Sesv2EmailIdentity(this, "Resource", {
        emailIdentity: props.domain,
        configurationSetName: this.configurationSet.configurationSetName,
        dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
      }),
    );
    new Sesv2EmailIdentityMailFromAttributes(this, "MailFrom", {
      emailIdentity: this.identity.emailIdentity,
      mailFromDomain: props.mailFromDomain,
      // If the MAIL FROM MX is ever missing SES falls back to amazonses.com: mail still flows, DKIM still aligns.
      behaviorOnMxFailure: "USE_DEFAULT_VALUE",
    });
  }

  /** The DKIM tokens SES generates (known after apply). */
  get dkimTokens(): string[] {
    return this.identity.dkimSigningAttributes.tokens;
  }
}
