import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import type { AlertDestinations } from "../destinations";
import { webhookExportCommand } from "../destinations";
import { slug } from "../../../core/names";
import { type PolicyDocument, renderPolicy } from "../../../core/iam";
import { ProtectedKey } from "../../secrets/constructs/secrets-key";

export interface AlertTopicProps {
  readonly topicName: string;
  readonly destinations: AlertDestinations;
  /** The us-east-1 provider: CloudWatch alarms can only notify a topic in their own region. */
  readonly provider: AwsProvider;
  /** The topic key's alias (`alias/<app>-<env>-alerts`). */
  readonly keyAlias: string;
  /** Its key policy: only this account's CloudWatch alarms encrypt and decrypt (alert-encryption.ts). */
  readonly keyPolicy: PolicyDocument;
  /** The topic policy, given the topic's ARN: alarms publish, plain HTTP is denied. */
  readonly topicPolicy: (topicArn: string) => PolicyDocument;
}

/**
 * The SNS topic every alarm notifies, with its email and webhook subscriptions. Encrypted with a
 * customer-managed key of its own (`Key`, rotated yearly) whose policy lets this account's CloudWatch
 * alarms use it (they cannot use the AWS-managed SNS key), and a topic policy denying every SNS action
 * over plain HTTP. The key has prevent_destroy like every golive key (GL-REL-002). Webhook URLs come from sensitive variables (TF_VAR_alert_webhook_<name>) filled from Secrets
 * Manager at deploy time, so they never appear in config or synthesized JSON. Terraform does keep the
 * endpoint in state (SNS returns it on read), as with every sensitive value: state is access-controlled.
 * An ephemeral variable is not an option: `endpoint` is not a write-only argument.
 *
 * The webhook subscriptions ignore changes to `endpoint`: PR plans (`golive plan`, read-only plan role,
 * no secret access) pass a placeholder URL instead (WEBHOOK_PLAN_PLACEHOLDER), which must not show as a
 * diff. The price: a new URL is not picked up by a plain deploy; rotating it takes
 * `terraform apply -replace=<subscription address>` (runbooks/secret-rotation.md). A new subscription
 * is still created with the variable's value, so deploys must feed the real URL (deploy-environment.yml).
 */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;
  readonly key: ProtectedKey;
  readonly variables: readonly TerraformVariable[];

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = new ProtectedKey(this, "Key", {
      description: `${props.topicName} SNS topic`,
      alias: props.keyAlias,
      policy: props.keyPolicy,
      provider: props.provider,
    });
    this.topic = new SnsTopic(this, "Resource", { provider: props.provider, name: props.topicName, kmsMasterKeyId: this.key.arn });
    new SnsTopicPolicy(this, "Policy", {
      provider: props.provider,
      arn: this.topic.arn,
      policy: renderPolicy(props.topicPolicy(this.topic.arn)),
    });
    for (const email of props.destinations.emails) {
      new SnsTopicSubscription(this, `email-${slug(email)}`, {
        provider: props.provider,
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: email,
      });
    }
    this.variables = props.destinations.webhooks.map((w) => {
      const variable = new TerraformVariable(this, w.variable, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `https URL of the ${w.name} alert webhook, from Secrets Manager secret ${w.secretName}: ${webhookExportCommand(w)}`,
      });
      // A fixed name so operators can set TF_VAR_<name>; the default logical id would carry a hash.
      variable.overrideLogicalId(w.variable);
      new SnsTopicSubscription(this, `webhook-${w.name}`, {
        provider: props.provider,
        topicArn: this.topic.arn,
        protocol: "https",
        endpoint: variable.stringValue,
        endpointAutoConfirms: w.autoConfirms,
        lifecycle: { ignoreChanges: ["endpoint"] },
      });
      return variable;
    });
  }
}
