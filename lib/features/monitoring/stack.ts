import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataCloudflareZone } from "@cdktf/provider-cloudflare/lib/data-cloudflare-zone";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { MonitoringConfig } from "./schema";
import { desiredAlarms, ROUTE53_METRICS_REGION } from "./alarms";
import { desiredDestinations } from "./destinations";
import { desiredNotifications } from "./notifications";
import { desiredUptimeChecks } from "./uptime-checks";
import { AlertTopic } from "./constructs/alert-topic";
import { HealthAlarms } from "./constructs/health-alarms";
import { NotificationPolicies } from "./constructs/notification-policies";
import { UptimeChecks } from "./constructs/uptime-checks";
import { GoliveStack } from "../../platform/stack";

/**
 * Uptime checks, alarms and alert routing of one environment: deployed after edge and before traffic,
 * so an outage on launch day pages someone. Route 53 checks every public hostname and origin; CloudWatch
 * alarms (us-east-1, where Route 53 metrics live) notify one SNS topic; Cloudflare notification
 * policies add load-balancer pool health and certificate events.
 */
export class MonitoringStack extends GoliveStack {
  readonly alertTopic: AlertTopic;

  constructor(scope: Construct, cfg: AppConfig, mon: MonitoringConfig) {
    super(scope, "monitoring", cfg);
    // Credentials come from the environment at plan/apply time (AWS_* / OIDC role, CLOUDFLARE_API_TOKEN).
    const accountId = mon.awsAccountId ?? cfg.secrets?.accountId;
    const common = {
      ...(accountId ? { allowedAccountIds: [accountId] } : {}),
      defaultTags: [{ tags: { app: cfg.app, environment: cfg.environment, "managed-by": "golive" } }],
    };
    new AwsProvider(this, "aws", { region: mon.awsRegion, ...common });
    const usEast1 = new AwsProvider(this, "aws-us-east-1", { alias: "us_east_1", region: ROUTE53_METRICS_REGION, ...common });
    new CloudflareProvider(this, "cloudflare", {});
    const prefix = `${cfg.app}-${cfg.environment}`;

    const checks = desiredUptimeChecks(cfg);
    const uptime = new UptimeChecks(this, "Uptime", { checks, namePrefix: prefix });
    this.alertTopic = new AlertTopic(this, "Alerts", { topicName: `${prefix}-alerts`, destinations: desiredDestinations(cfg), provider: usEast1 });
    new HealthAlarms(this, "Alarms", {
      alarms: desiredAlarms(cfg, checks),
      healthCheckIds: uptime.healthCheckIds,
      topicArn: this.alertTopic.topic.arn,
      provider: usEast1,
    });

    const cf = cfg.cloudflare;
    // The edge stack owns the zone; look it up by name unless config pins its id.
    const zoneId = cf.zone.id ?? new DataCloudflareZone(this, "Zone", { filter: { name: cf.zone.name, account: { id: cf.accountId } } }).id;
    new NotificationPolicies(this, "Cloudflare", { accountId: cf.accountId, zoneId, policies: desiredNotifications(cfg) });

    new TerraformOutput(this, "alerts_topic_arn", { value: this.alertTopic.topic.arn, description: "SNS topic every alarm notifies (subscribe AWS Chatbot / Slack here)" });
  }
}

/** Builder for STACK_BUILDERS: no monitoring section, no stack. */
export function buildMonitoringStack(scope: Construct, cfg: AppConfig): MonitoringStack | undefined {
  return cfg.monitoring ? new MonitoringStack(scope, cfg, cfg.monitoring) : undefined;
}
