import { UNREVIEWABLE } from "../../lib/core/plan/policy";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { open, withoutPolicy } from "./moto-created";
import { type ProviderChange, providerPlan } from "./provider-plan";

type Json = Record<string, unknown>;

// A secret's, topic's, bucket's, queue's and key's own `policy` is optional and computed in the AWS
// provider's schema: every create plans it known only after apply, whether or not the configuration sets
// one. Only the plan's configuration tells (`resources[].expressions.policy`), as in these real plans.
const plain = {
  secret: withoutPolicy(open.secret, "plain"),
  topic: withoutPolicy(open.topic, "plain"),
  bucket: withoutPolicy(open.bucket, "plain"),
  queue: withoutPolicy(open.queue, "plain"),
};
/** `resource "aws_kms_key" "plain" { description = "plain key" }`, as the real plan creates it. */
const key: ProviderChange = {
  address: "aws_kms_key.plain",
  actions: ["create"],
  before: null,
  after: {
    bypass_policy_lockout_safety_check: false,
    custom_key_store_id: null,
    customer_master_key_spec: "SYMMETRIC_DEFAULT",
    deletion_window_in_days: null,
    description: "plain key",
    enable_key_rotation: false,
    is_enabled: true,
    key_usage: "ENCRYPT_DECRYPT",
    tags: null,
    timeouts: null,
    xks_key_id: null,
  },
  afterUnknown: { arn: true, id: true, key_id: true, multi_region: true, policy: true, rotation_period_in_days: true, tags_all: true },
  afterSensitive: { tags_all: {} },
};

/** The configuration Terraform writes of a change's resource: the arguments it sets, by expression. */
function configOf(change: ProviderChange, expressions: Json): Json {
  const [type = "", name = ""] = change.address.split(".");
  return { address: change.address, mode: "managed", type, name, provider_config_key: "aws", expressions, schema_version: 0 };
}

/** The flags of a plan of `changes` with `configuration` (none: a plan cut without it). */
function flagsWith(changes: readonly ProviderChange[], resources?: readonly Json[]): string[] {
  const plan = { ...providerPlan(...changes), ...(resources ? { configuration: { root_module: { resources } } } : {}) };
  const report = renderPlanReport(
    [{ stack: "app-production", file: "p.json", plan: parsePlanJson("p.json", JSON.stringify(plan)) }],
    "r.md",
  );
  return report.report.stacks.flatMap((s) => s.risks.map((r) => `${r.rule} ${r.address}: ${r.detail}`));
}

/** A role's ARN known only after apply: what the real plan's `policy` argument references. */
const FROM_NEW_ROLE = { references: ["aws_iam_role.reader[0].arn", "aws_iam_role.reader[0]", "aws_iam_role.reader"] };

describe("a policy the provider computes is not flagged as one nobody can review", () => {
  test("a new secret, topic, bucket, queue or key whose configuration sets no policy raises nothing (real plans)", () => {
    const changes = [plain.secret, plain.topic, plain.bucket, plain.queue, key];
    const resources = changes.map((c) => configOf(c, c === key ? { description: {} } : { [c === plain.bucket ? "bucket" : "name"]: {} }));
    expect(flagsWith(changes, resources)).toEqual([]);
  });

  test("fails a new secret or topic whose configuration sets a policy known only after apply", () => {
    const secret = withoutPolicy(open.secret, "shared");
    const topic = withoutPolicy(open.topic, "shared");
    const resources = [secret, topic].map((c) => configOf(c, { name: { constant_value: c.after?.name }, policy: FROM_NEW_ROLE }));
    expect(flagsWith([secret, topic], resources)).toEqual([
      `secret-grant-widened aws_secretsmanager_secret.shared: secret shared-secret policy: ${UNREVIEWABLE}`,
      `alerting-loosened aws_sns_topic.shared: alert topic shared-topic policy: ${UNREVIEWABLE}`,
    ]);
  });

  test("fails each of them in a plan without its configuration: nothing tells a computed policy from one set", () => {
    expect(flagsWith([plain.secret, plain.topic, plain.bucket, plain.queue, key])).toEqual([
      `state-bucket-weakened aws_s3_bucket.plain: bucket plain-bucket policy: ${UNREVIEWABLE}`,
      `resource-grant-widened aws_sqs_queue.plain: queue plain-queue policy: ${UNREVIEWABLE}`,
      `secret-grant-widened aws_secretsmanager_secret.plain: secret plain-secret policy: ${UNREVIEWABLE}`,
      `secret-grant-widened aws_kms_key.plain: KMS key plain key policy: ${UNREVIEWABLE}`,
      `alerting-loosened aws_sns_topic.plain: alert topic plain-topic policy: ${UNREVIEWABLE}`,
    ]);
  });
});
