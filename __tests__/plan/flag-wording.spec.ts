import { redactReportText } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { type ProviderChange, reviewFlags, reviewOf } from "./provider-plan";

// A flag names its resource, then a colon, then golive's own words: a name ending in a secret word
// (`rp-secret`, `db-password`) must not make those words read as the value of a `password: value`.
// Secret-looking values are assembled at run time: the repository's secret scan reads this file.
const SECRET = ["Zq", "Xw9", "Flag", "Leak"].join("");

const update = (address: string, before: Record<string, unknown>, after: Record<string, unknown>): ProviderChange => ({
  address,
  actions: ["update"],
  before,
  after,
});

const CHANGES: readonly ProviderChange[] = [
  update(
    "aws_secretsmanager_secret.rp",
    { name: "rp-secret", recovery_window_in_days: 30 },
    { name: "rp-secret", recovery_window_in_days: 0 },
  ),
  update(
    "aws_s3_bucket_versioning.state",
    { bucket: "tfstate-secret", versioning_configuration: [{ status: "Enabled" }] },
    { bucket: "tfstate-secret", versioning_configuration: [{ status: "Suspended" }] },
  ),
  update(
    "aws_cloudwatch_metric_alarm.db",
    { alarm_name: "db-password", threshold: 1, comparison_operator: "GreaterThanThreshold" },
    { alarm_name: "db-password", threshold: 5, comparison_operator: "GreaterThanThreshold" },
  ),
];

describe("golive's flag wording after a secret-like resource name is shown as written", () => {
  test("the recovery window, versioning and threshold flags keep their attribute names, in the flags and the comment", () => {
    const flags = [
      "recovery-window-shortened aws_secretsmanager_secret.rp: secret rp-secret: recovery_window_in_days 30 -> 0 (a deletion would be immediate and final)",
      "state-bucket-weakened aws_s3_bucket_versioning.state: bucket tfstate-secret: versioning Enabled -> Suspended: overwritten state cannot be recovered",
      "alerting-loosened aws_cloudwatch_metric_alarm.db: alarm db-password: threshold 1 -> 5 (GreaterThanThreshold)",
    ];
    expect(reviewFlags(...CHANGES)).toEqual(flags);
    const comment = reviewOf(...CHANGES).comment;
    for (const words of [
      "rp-secret: recovery_window_in_days 30 -> 0",
      "tfstate-secret: versioning Enabled",
      "db-password: threshold 1 -> 5",
    ])
      expect(comment).toContain(words);
    expect(comment).not.toContain(REDACTED_VALUE);
  });

  test.each([
    [`db-password: ${SECRET}`, `db-password: ${REDACTED_VALUE}`],
    [`rp-secret: thresholds`, `rp-secret: ${REDACTED_VALUE}`],
    [`rp-secret: versioning${SECRET}`, `rp-secret: ${REDACTED_VALUE}`],
    [`password: "versioning ${SECRET}"`, `password: "${REDACTED_VALUE}"`],
    [`password=policy&${SECRET}`, `password=${REDACTED_VALUE}`],
  ])("a value that is not exactly one of the flag's words is still hidden: %s", (text, shown) => {
    expect(redactReportText(text)).toBe(shown);
  });
});

describe("an alarm moved to another metric keeps its words after a secret-like name", () => {
  test("namespace, metric_name and a dimension are the flag's words, not a value", () => {
    const alarm = (namespace: string, metric: string, id: string) => ({
      alarm_name: "db-password",
      namespace,
      metric_name: metric,
      dimensions: { HealthCheckId: id },
    });
    const moved = update(
      "aws_cloudwatch_metric_alarm.db",
      alarm("AWS/Route53", "HealthCheckStatus", "a1"),
      alarm("AWS/Other", "Other", "b2"),
    );
    expect(reviewFlags(moved)).toEqual([
      'alerting-loosened aws_cloudwatch_metric_alarm.db: alarm db-password: namespace "AWS/Route53" -> "AWS/Other": watches another metric',
      'alerting-loosened aws_cloudwatch_metric_alarm.db: alarm db-password: metric_name "HealthCheckStatus" -> "Other": watches another metric',
      "alerting-loosened aws_cloudwatch_metric_alarm.db: alarm db-password: dimension HealthCheckId changed: watches another metric",
    ]);
    expect(reviewOf(moved).comment).not.toContain(REDACTED_VALUE);
  });
});
