/**
 * Attributes whose change makes Terraform replace the resource instead of updating it, for the resource
 * types of the stacks reviewed as a configuration diff (edge, monitoring: config-diff.ts). A config diff
 * has no provider to ask, so it reads them here: without them a renamed topic reads as an update in the
 * review, while the plan after merge destroys and creates it (every subscriber confirms again, every alarm
 * loses its action until the new ARN is known), flags the review never showed.
 *
 * Cloudflare v5: attributes with a RequiresReplace plan modifier in each resource's
 * internal/services/<resource>/schema.go (terraform-provider-cloudflare at a2efdc5, 2026-07-10).
 * AWS v6: attributes declared `ForceNew: true` in internal/service/<service>/<resource>.go of
 * terraform-provider-aws (sns/topic.go, sns/topic_subscription.go, sns/topic_policy.go,
 * cloudwatch/metric_alarm.go, route53/health_check.go, kms/key.go, kms/alias.go).
 */
export const REPLACING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  cloudflare_authenticated_origin_pulls_certificate: ["zone_id", "certificate"],
  cloudflare_authenticated_origin_pulls_settings: ["zone_id"],
  cloudflare_dns_record: ["zone_id", "type"],
  cloudflare_notification_policy: ["account_id"],
  cloudflare_ruleset: ["account_id", "zone_id", "kind", "name", "phase"],
  cloudflare_url_normalization_settings: ["zone_id"],
  cloudflare_zero_trust_access_application: ["account_id", "zone_id"],
  cloudflare_zero_trust_access_group: ["account_id", "zone_id"],
  cloudflare_zero_trust_access_policy: ["account_id"],
  cloudflare_zero_trust_access_service_token: ["account_id", "zone_id"],
  cloudflare_zone: ["name", "account"],
  cloudflare_zone_dnssec: ["zone_id"],
  cloudflare_zone_setting: ["setting_id", "zone_id"],
  cloudflare_zone_subscription: ["zone_id"],
  aws_cloudwatch_metric_alarm: ["alarm_name"],
  aws_kms_alias: ["name", "name_prefix"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"],
  aws_route53_health_check: ["type", "request_interval", "measure_latency", "reference_name", "routing_control_arn"],
  aws_sns_topic: ["name", "name_prefix", "fifo_topic"],
  aws_sns_topic_policy: ["arn"],
  aws_sns_topic_subscription: ["endpoint", "protocol", "topic_arn"],
  // Built in: any change of its triggers_replace replaces it (Terraform's terraform_data documentation).
  terraform_data: ["triggers_replace"],
};
