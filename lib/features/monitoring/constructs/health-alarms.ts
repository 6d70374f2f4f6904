import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { AlarmSpec } from "../alarms";

export interface HealthAlarmsProps {
  readonly alarms: readonly AlarmSpec[];
  /** Check key -> Route 53 health check id. */
  readonly healthCheckIds: ReadonlyMap<string, string>;
  /** Notified on ALARM, OK and INSUFFICIENT_DATA: recoveries and alarms that cannot evaluate are visible too. */
  readonly topicArn: string;
  /** The us-east-1 provider: Route 53 metrics exist only there. */
  readonly provider: AwsProvider;
}

/** Renders alarm specs as `aws_cloudwatch_metric_alarm`, construct id = alarm key. */
export class HealthAlarms extends Construct {
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: HealthAlarmsProps) {
    super(scope, id);
    const out = new Map<string, CloudwatchMetricAlarm>();
    for (const a of props.alarms) {
      const healthCheckId = props.healthCheckIds.get(a.checkKey);
      if (healthCheckId === undefined) throw new Error(`alarm ${a.key}: no uptime check ${a.checkKey}`);
      out.set(
        a.key,
        new CloudwatchMetricAlarm(this, a.key, {
          provider: props.provider,
          alarmName: a.name,
          alarmDescription: a.description,
          namespace: a.namespace,
          metricName: a.metricName,
          dimensions: { HealthCheckId: healthCheckId },
          statistic: a.statistic,
          period: a.period,
          evaluationPeriods: a.evaluationPeriods,
          datapointsToAlarm: a.datapointsToAlarm,
          threshold: a.threshold,
          comparisonOperator: a.comparisonOperator,
          treatMissingData: a.treatMissingData,
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
          // An alarm that cannot evaluate (no data for its metric) protects nothing: say so.
          insufficientDataActions: [props.topicArn],
        }),
      );
    }
    this.alarms = out;
  }
}
