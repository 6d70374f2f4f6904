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

describe("plan review: a comparison change is flagged only when a value that fired no longer does", () => {
  const alarm = (comparison_operator: string, threshold: number) => ({
    alarm_name: "errors",
    evaluation_periods: 1,
    period: 60,
    threshold,
    comparison_operator,
    alarm_actions: [TOPIC],
  });
  const flags = (from: [string, number], to: [string, number]) => alarmUpdate(alarm(...from), alarm(...to));

  test("GreaterThanOrEqualTo 10 -> GreaterThan 5 fires on more values: no flag", () => {
    expect(flags(["GreaterThanOrEqualToThreshold", 10], ["GreaterThanThreshold", 5])).toEqual([]);
  });

  test("GreaterThanOrEqualTo 10 -> GreaterThan 10 no longer fires at 10", () => {
    expect(flags(["GreaterThanOrEqualToThreshold", 10], ["GreaterThanThreshold", 10])).toEqual([
      "alerting-loosened: alarm errors: comparison GreaterThanOrEqualToThreshold -> GreaterThanThreshold: no longer fires at the threshold itself",
    ]);
  });

  test("GreaterThanOrEqualTo 10 -> GreaterThan 12 is a higher threshold", () => {
    expect(flags(["GreaterThanOrEqualToThreshold", 10], ["GreaterThanThreshold", 12])).toEqual([
      "alerting-loosened: alarm errors: threshold 10 -> 12 (GreaterThanThreshold)",
    ]);
  });

  test("LessThanOrEqualTo 5 -> LessThan 10 fires on more values; LessThanOrEqualTo 5 -> LessThan 5 and -> LessThan 2 fire on fewer", () => {
    expect(flags(["LessThanOrEqualToThreshold", 5], ["LessThanThreshold", 10])).toEqual([]);
    expect(flags(["LessThanOrEqualToThreshold", 5], ["LessThanThreshold", 5])).toEqual([
      "alerting-loosened: alarm errors: comparison LessThanOrEqualToThreshold -> LessThanThreshold: no longer fires at the threshold itself",
    ]);
    expect(flags(["LessThanOrEqualToThreshold", 5], ["LessThanThreshold", 2])).toEqual([
      "alerting-loosened: alarm errors: threshold 5 -> 2 (LessThanThreshold)",
    ]);
  });

  test("strict -> inclusive at the same threshold fires on more values: no flag", () => {
    expect(flags(["GreaterThanThreshold", 10], ["GreaterThanOrEqualToThreshold", 10])).toEqual([]);
  });

  test("a turned direction is weaker whatever the thresholds", () => {
    expect(flags(["GreaterThanThreshold", 10], ["LessThanThreshold", 100])).toEqual([
      "alerting-loosened: alarm errors: comparison GreaterThanThreshold -> LessThanThreshold: no longer fires when the metric goes up",
    ]);
  });
});
