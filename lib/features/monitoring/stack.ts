import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { MonitoringConfig } from "./schema";
import { desiredAlarms, ROUTE53_METRICS_REGION } from "./alarms";
import { desiredDestinations } from "./destinations";
import { alertKeyAlias, alertKeyPolicy, alertTopicName, alertTopicPolicy } from "./alert-encryption";
import { desiredNotifications } from "./notifications";
import { desiredUptimeChecks } from "./uptime-checks";
import { AlertTopic } from "./constructs/alert-topic";
import { HealthAlarms } from "./constructs/health-alarms";
import { NotificationPolicies } from "./constructs/notification-policies";
import { UptimeChecks } from "./constructs/uptime-checks";
import { GoliveStack } from "../../platform/stack";
import { namePrefix } from "../../core/names";

/**
 * Uptime checks, alarms and alert routing of one environment: deployed after edge and before traffic,
 * so an outage on launch day pages someone. Route 53 checks every public hostname and origin; CloudWatch
 * alarms (us-east-1, where Route 53 metrics live) notify one SNS topic (encrypted with its own key,
 * TLS only) on ALARM, OK and INSUFFICIENT_DATA; Cloudflare notification policies add certificate events and expiring Access service
 * tokens. Pool health is declared by the traffic stack, which knows the pool ids (notifications.ts).
 */
export class MonitoringStack extends GoliveStack {
  readonly alertTopic: AlertTopic;

  constructor(scope: Construct, cfg: AppConfig, mon: MonitoringConfig) {
    super(scope, "monitoring", cfg);
    // Credentials come from the environment at plan/apply time (AWS_* / OIDC role, CLOUDFLARE_API_TOKEN).
    const accountId = this.awsAccount(mon.awsAccountId);
    this.awsProvider(mon.awsRegion, accountId);
    const usEast1 = this.awsProvider(ROUTE53_METRICS_REGION, accountId, "us_east_1");
    this.cloudflareProvider();
    const prefix = namePrefix(cfg.app, cfg.environment);

    const checks = desiredUptimeChecks(cfg);
    const uptime = new UptimeChecks(this, "Uptime", { checks, namePrefix: prefix });
    this.alertTopic = new AlertTopic(this, "Alerts", {
      topicName: alertTopicName(cfg),
      destinations: desiredDestinations(cfg),
      provider: usEast1,
      keyAlias: alertKeyAlias(cfg),
      keyPolicy: alertKeyPolicy(cfg, accountId),
      topicPolicy: (arn) => alertTopicPolicy(arn, accountId),
    });
    new HealthAlarms(this, "Alarms", {
      alarms: desiredAlarms(cfg, checks),
      healthCheckIds: uptime.healthCheckIds,
      topicArn: this.alertTopic.topic.arn,
      provider: usEast1,
    });

    const cf = cfg.cloudflare;
    const zoneId = this.zoneId();
    new NotificationPolicies(this, "Cloudflare", { accountId: cf.accountId, zoneId, policies: desiredNotifications(cfg) });

    new TerraformOutput(this, "alerts_topic_arn", {
      value: this.alertTopic.topic.arn,
      description: "SNS topic every alarm notifies (subscribe AWS Chatbot / Slack here)",
    });
  }
}

/** The monitoring stack's `build` (index.ts): no monitoring section, no stack. */
export function buildMonitoringStack(scope: Construct, cfg: AppConfig): MonitoringStack | undefined {
  return cfg.monitoring ? new MonitoringStack(scope, cfg, cfg.monitoring) : undefined;
}
