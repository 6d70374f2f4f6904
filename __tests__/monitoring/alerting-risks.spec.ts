import type { ResourceChange } from "../../lib/core/plan/schema";
import { toChangeView } from "../../lib/core/plan/changes";
import { riskFlags } from "../../lib/engines/plan/risks";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:opsbot-production-alerts";

function alarmUpdate(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const change: ResourceChange = {
    address: "aws_cloudwatch_metric_alarm.T",
    mode: "managed",
    type: "aws_cloudwatch_metric_alarm",
    name: "T",
    change: { actions: ["update"], before, after, before_sensitive: {}, after_sensitive: {}, after_unknown: {} },
  };
  return riskFlags(toChangeView(change, undefined)).map((f) => `${f.rule}: ${f.detail}`);
}

describe("plan review: an alarm that stops reporting INSUFFICIENT_DATA is flagged", () => {
  const alarm = (insufficient: string[]) => ({
    alarm_name: "latency",
    evaluation_periods: 3,
    period: 300,
    threshold: 500,
    comparison_operator: "GreaterThanThreshold",
    alarm_actions: [TOPIC],
    insufficient_data_actions: insufficient,
  });

  test("removing the topic from insufficient_data_actions is a weakening", () => {
    expect(alarmUpdate(alarm([TOPIC]), alarm([]))).toEqual([
      `alerting-loosened: alarm latency: no longer notifies ${TOPIC} on INSUFFICIENT_DATA`,
    ]);
  });

  test("adding it is not", () => {
    expect(alarmUpdate(alarm([]), alarm([TOPIC]))).toEqual([]);
  });
});
