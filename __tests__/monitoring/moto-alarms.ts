/**
 * Alarm updates of a real `terraform show -json` plan (Terraform 1.11.4, hashicorp/aws 5.100.0, against
 * moto_server on loopback with fake credentials, as the scripts in __tests__/fixtures/plans make theirs:
 * applied with `var.e = false`, then planned with `true`), as Terraform wrote them.
 *
 * `api` (`api-5xx`): `threshold = var.e ? 9007199254740993 : 500` (the provider keeps a float64, so the plan
 * writes 9007199254740992) and `treat_missing_data` `missing` -> `notBreaching`; its `alarm_actions` and
 * `insufficient_data_actions` the topic `alerts`. `quiet` (`queue-depth`): `missing` -> `ignore`, with
 * `alarm_actions` only.
 */
import type { ProviderChange } from "../plan/provider-plan";

/** before_sensitive / after_sensitive as Terraform writes them for these alarms: no value is sensitive, each list marks its items. */
const sensitiveMarks = (alarm: { readonly alarm_actions: readonly string[]; readonly insufficient_data_actions: readonly string[] }) => ({
  alarm_actions: alarm.alarm_actions.map(() => false),
  dimensions: {},
  insufficient_data_actions: alarm.insufficient_data_actions.map(() => false),
  metric_query: [],
  ok_actions: [],
  tags: {},
  tags_all: {},
});

const apiBefore = {
  actions_enabled: true,
  alarm_actions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
  alarm_description: "",
  alarm_name: "api-5xx",
  arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx",
  comparison_operator: "GreaterThanOrEqualToThreshold",
  datapoints_to_alarm: 0,
  dimensions: {},
  evaluate_low_sample_count_percentiles: "",
  evaluation_periods: 2,
  extended_statistic: "",
  id: "api-5xx",
  insufficient_data_actions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
  metric_name: "HTTPCode_Target_5XX_Count",
  metric_query: [],
  namespace: "AWS/ApplicationELB",
  ok_actions: [],
  period: 60,
  statistic: "Sum",
  tags: {},
  tags_all: {},
  threshold: 500,
  threshold_metric_id: "",
  treat_missing_data: "missing",
  unit: "",
};

export const api: ProviderChange = {
  address: "aws_cloudwatch_metric_alarm.api",
  actions: ["update"],
  before: apiBefore,
  after: { ...apiBefore, threshold: 9007199254740992, treat_missing_data: "notBreaching" },
  beforeSensitive: sensitiveMarks(apiBefore),
  afterSensitive: sensitiveMarks(apiBefore),
};

const quietBefore = {
  actions_enabled: true,
  alarm_actions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
  alarm_description: "",
  alarm_name: "queue-depth",
  arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:queue-depth",
  comparison_operator: "GreaterThanThreshold",
  datapoints_to_alarm: 0,
  dimensions: {},
  evaluate_low_sample_count_percentiles: "",
  evaluation_periods: 1,
  extended_statistic: "",
  id: "queue-depth",
  insufficient_data_actions: [],
  metric_name: "ApproximateNumberOfMessagesVisible",
  metric_query: [],
  namespace: "AWS/SQS",
  ok_actions: [],
  period: 60,
  statistic: "Maximum",
  tags: {},
  tags_all: {},
  threshold: 100,
  threshold_metric_id: "",
  treat_missing_data: "missing",
  unit: "",
};

export const quiet: ProviderChange = {
  address: "aws_cloudwatch_metric_alarm.quiet",
  actions: ["update"],
  before: quietBefore,
  after: { ...quietBefore, treat_missing_data: "ignore" },
  beforeSensitive: sensitiveMarks(quietBefore),
  afterSensitive: sensitiveMarks(quietBefore),
};
