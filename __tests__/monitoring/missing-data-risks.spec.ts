import { reviewFlags } from "../plan/provider-plan";
import { api, quiet } from "./moto-alarms";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

/** The real `quiet` update with `insufficient_data_actions` and the treatments given (before -> after). */
function quietWith(actions: string[], from: string, to: string) {
  return {
    ...quiet,
    before: { ...quiet.before, insufficient_data_actions: actions, treat_missing_data: from },
    after: { ...quiet.after, insufficient_data_actions: actions, treat_missing_data: to },
  };
}

// golive's latency alarms treat missing data as `missing`: an alarm that cannot evaluate goes to
// INSUFFICIENT_DATA, which pages through insufficient_data_actions. notBreaching counts missing data as
// good (OK) and ignore keeps the state: neither reaches INSUFFICIENT_DATA (CloudWatch's documentation).
describe("plan review: an alarm whose missing data no longer notifies is flagged", () => {
  test("fails missing -> notBreaching on an alarm with insufficient_data_actions (real plan)", () => {
    expect(reviewFlags(api)).toContain(
      "alerting-loosened aws_cloudwatch_metric_alarm.api: alarm api-5xx: treat_missing_data missing -> notBreaching: missing data no longer notifies its insufficient_data_actions (the alarm no longer goes to INSUFFICIENT_DATA)",
    );
  });

  test("fails missing -> ignore on an alarm with insufficient_data_actions", () => {
    expect(reviewFlags(quietWith([TOPIC], "missing", "ignore"))).toEqual([
      "alerting-loosened aws_cloudwatch_metric_alarm.quiet: alarm queue-depth: treat_missing_data missing -> ignore: missing data no longer notifies its insufficient_data_actions (the alarm no longer goes to INSUFFICIENT_DATA)",
    ]);
  });

  test("missing -> ignore on an alarm without insufficient_data_actions notified no one before: no flag (real plan)", () => {
    expect(reviewFlags(quiet)).toEqual([]);
  });

  test("missing -> breaching fires on missing data: no flag; breaching -> anything else is flagged as before", () => {
    expect(reviewFlags(quietWith([TOPIC], "missing", "breaching"))).toEqual([]);
    expect(reviewFlags(quietWith([], "breaching", "missing"))).toEqual([
      "alerting-loosened aws_cloudwatch_metric_alarm.quiet: alarm queue-depth: treat_missing_data breaching -> missing: missing data no longer fires it",
    ]);
  });
});
