/**
 * Creates of real `terraform show -json` plans (Terraform 1.11.4, hashicorp/aws 5.100.0, against moto_server
 * on loopback with fake credentials, as the scripts in __tests__/fixtures/plans make theirs: a configuration
 * applied with `var.e = false`, then planned with `true`), as Terraform wrote them but for the `[0]` of
 * their `count = var.e ? 1 : 0`, dropped from the address.
 *
 * `open`: an `aws_sns_topic`, `aws_s3_bucket`, `aws_sqs_queue` and `aws_secretsmanager_secret` with an
 * inline `policy = jsonencode(...)` allowing `Principal = "*"` `sns:Subscribe` and `sns:Publish`,
 * `s3:GetObject`, `sqs:*` or `secretsmanager:GetSecretValue` on `Resource = "*"`.
 */
import type { ProviderChange } from "./provider-plan";

export const open = {
  topic: {
    address: "aws_sns_topic.open",
    actions: ["create"],
    before: null,
    after: {
      application_failure_feedback_role_arn: null,
      application_success_feedback_role_arn: null,
      application_success_feedback_sample_rate: null,
      archive_policy: null,
      content_based_deduplication: false,
      delivery_policy: null,
      display_name: null,
      fifo_topic: false,
      firehose_failure_feedback_role_arn: null,
      firehose_success_feedback_role_arn: null,
      firehose_success_feedback_sample_rate: null,
      http_failure_feedback_role_arn: null,
      http_success_feedback_role_arn: null,
      http_success_feedback_sample_rate: null,
      kms_master_key_id: null,
      lambda_failure_feedback_role_arn: null,
      lambda_success_feedback_role_arn: null,
      lambda_success_feedback_sample_rate: null,
      name: "open-topic",
      policy:
        '{"Statement":[{"Action":["sns:Subscribe","sns:Publish"],"Effect":"Allow","Principal":"*","Resource":"*","Sid":"Open"}],"Version":"2012-10-17"}',
      sqs_failure_feedback_role_arn: null,
      sqs_success_feedback_role_arn: null,
      sqs_success_feedback_sample_rate: null,
      tags: null,
    },
    afterUnknown: {
      arn: true,
      beginning_archive_time: true,
      fifo_throughput_scope: true,
      id: true,
      name_prefix: true,
      owner: true,
      signature_version: true,
      tags_all: true,
      tracing_config: true,
    },
    afterSensitive: { tags_all: {} },
  },
  bucket: {
    address: "aws_s3_bucket.open",
    actions: ["create"],
    before: null,
    after: {
      bucket: "open-bucket",
      force_destroy: false,
      policy:
        '{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Principal":"*","Resource":"*","Sid":"Open"}],"Version":"2012-10-17"}',
      tags: null,
      timeouts: null,
    },
    afterUnknown: {
      acceleration_status: true,
      acl: true,
      arn: true,
      bucket_domain_name: true,
      bucket_prefix: true,
      bucket_regional_domain_name: true,
      cors_rule: true,
      grant: true,
      hosted_zone_id: true,
      id: true,
      lifecycle_rule: true,
      logging: true,
      object_lock_configuration: true,
      object_lock_enabled: true,
      region: true,
      replication_configuration: true,
      request_payer: true,
      server_side_encryption_configuration: true,
      tags_all: true,
      versioning: true,
      website: true,
      website_domain: true,
      website_endpoint: true,
    },
    afterSensitive: {
      cors_rule: [],
      grant: [],
      lifecycle_rule: [],
      logging: [],
      object_lock_configuration: [],
      replication_configuration: [],
      server_side_encryption_configuration: [],
      tags_all: {},
      versioning: [],
      website: [],
    },
  },
  queue: {
    address: "aws_sqs_queue.open",
    actions: ["create"],
    before: null,
    after: {
      content_based_deduplication: false,
      delay_seconds: 0,
      fifo_queue: false,
      kms_master_key_id: null,
      max_message_size: 262144,
      message_retention_seconds: 345600,
      name: "open-queue",
      policy: '{"Statement":[{"Action":["sqs:*"],"Effect":"Allow","Principal":"*","Resource":"*","Sid":"Open"}],"Version":"2012-10-17"}',
      receive_wait_time_seconds: 0,
      tags: null,
      timeouts: null,
      visibility_timeout_seconds: 30,
    },
    afterUnknown: {
      arn: true,
      deduplication_scope: true,
      fifo_throughput_limit: true,
      id: true,
      kms_data_key_reuse_period_seconds: true,
      name_prefix: true,
      redrive_allow_policy: true,
      redrive_policy: true,
      sqs_managed_sse_enabled: true,
      tags_all: true,
      url: true,
    },
    afterSensitive: { tags_all: {} },
  },
  secret: {
    address: "aws_secretsmanager_secret.open",
    actions: ["create"],
    before: null,
    after: {
      description: null,
      force_overwrite_replica_secret: false,
      kms_key_id: null,
      name: "open-secret",
      policy:
        '{"Statement":[{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Principal":"*","Resource":"*","Sid":"Open"}],"Version":"2012-10-17"}',
      recovery_window_in_days: 30,
      tags: null,
    },
    afterUnknown: { arn: true, id: true, name_prefix: true, replica: true, tags_all: true },
    afterSensitive: { replica: [], tags_all: {} },
  },
} satisfies Record<string, ProviderChange>;

/**
 * The same create with no `policy` argument, as resource `id` (named `<id>-topic` and the like, as in the
 * real plans): the provider's schema has `policy` optional and computed, so the plan writes it known only
 * after apply (`after_unknown.policy`), its other values as they are (checked against the real plan of
 * `resource "aws_sns_topic" "plain" { name = "plain-topic" }` and the like).
 */
export function withoutPolicy(change: ProviderChange, id: string): ProviderChange {
  const { policy: _, ...after } = change.after ?? {};
  const key = "bucket" in after ? "bucket" : "name";
  return {
    ...change,
    address: change.address.replace(/\.open$/, `.${id}`),
    after: { ...after, [key]: String(after[key]).replace(/^open-/, `${id}-`) },
    afterUnknown: { ...change.afterUnknown, policy: true },
  };
}
