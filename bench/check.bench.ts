// `golive check` over a large synthetic synth: 50,000 resources in four stacks, built in memory as
// Terraform JSON text, then timed through the whole path: JSON.parse -> model -> every rule -> report.
import { runChecks } from "../lib/engines/check/engine";
import { buildModel, type StackInput } from "../lib/core/readiness/model";
import { renderTable } from "../lib/engines/check/scorecard";
import { csrfExpression } from "../lib/features/edge/csrf";
import type { Bench } from "./types";

const UNITS = 6_250; // 8 resources per unit
const TARGET_PER_SECOND = 20_000;
const RUNS = 3;

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

function add(blocks: Blocks, stack: string, type: string, name: string, attrs: Record<string, unknown>): void {
  (blocks[type] ??= {})[name] = { "//": { metadata: { path: `${stack}/${name}`, uniqueId: name } }, ...attrs };
}

/** One environment's worth of edge, secrets, monitoring and traffic stacks, scaled by UNITS hostnames and secrets. */
export function syntheticStacks(units: number): { name: string; text: string }[] {
  const edge: Blocks = {};
  const secrets: Blocks = {};
  const monitoring: Blocks = {};
  const traffic: Blocks = {};
  const zone = "${cloudflare_zone.Zone.id}";
  add(edge, "edge-bench", "cloudflare_zone", "Zone", { name: "example.com", lifecycle: { prevent_destroy: true } });
  // Zone-level Authenticated Origin Pulls: the zone's own certificate (GL-AUTH-002 counts no global-only set-up).
  add(edge, "edge-bench", "cloudflare_authenticated_origin_pulls_certificate", "OriginPullsCertificate", {
    zone_id: zone,
    certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    private_key: "${var.origin_pull_private_key}",
  });
  add(edge, "edge-bench", "cloudflare_authenticated_origin_pulls_settings", "OriginPulls", { zone_id: zone, enabled: true });
  add(edge, "edge-bench", "cloudflare_zone_dnssec", "Dnssec", { zone_id: zone, status: "active", lifecycle: { prevent_destroy: true } });
  // The rate limits below match on the path, so GL-EDGE-010 wants normalization pinned.
  add(edge, "edge-bench", "cloudflare_url_normalization_settings", "UrlNormalization", {
    zone_id: zone,
    type: "cloudflare",
    scope: "incoming",
  });
  for (const [id, value] of Object.entries({
    ssl: "strict",
    min_tls_version: "1.2",
    security_header: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: true } },
  })) {
    add(edge, "edge-bench", "cloudflare_zone_setting", `Setting_${id}`, { zone_id: zone, setting_id: id, value });
  }
  for (const tag of ["issue", "iodef"])
    add(edge, "edge-bench", "cloudflare_dns_record", `Caa_${tag}`, {
      zone_id: zone,
      name: "example.com",
      type: "CAA",
      data: { tag, value: "x" },
    });
  const pathAndBelow = (path: string) =>
    `(lower(http.request.uri.path) eq "${path}" or starts_with(lower(http.request.uri.path), "${path}/"))`;
  // Every app's policy, declared: GL-AUTHZ-001 reads whom it admits.
  add(edge, "edge-bench", "cloudflare_zero_trust_access_policy", "Users", {
    decision: "allow",
    include: [{ email_domain: { domain: "example.com" } }],
  });
  const phase = (name: string, p: string, rules: unknown[]) =>
    add(edge, "edge-bench", "cloudflare_ruleset", name, { zone_id: zone, kind: "zone", phase: p, rules });
  phase("Managed", "http_request_firewall_managed", [
    { action: "execute", expression: "true", action_parameters: { id: "efb7b8c949ac4650a09736fc376e9aee" } },
    { action: "execute", expression: "true", action_parameters: { id: "4814384a9e5d4991b9815dcfc25d2f1f" } },
  ]);
  phase("RateLimits", "http_ratelimit", [
    // As golive writes them: the path and everything below it.
    {
      action: "block",
      expression: pathAndBelow("/api/chat"),
      ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 30 },
    },
    {
      action: "block",
      expression: pathAndBelow("/api/tools"),
      ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 10 },
    },
  ]);
  phase("Custom", "http_request_firewall_custom", [
    {
      action: "block",
      // As golive writes it, which GL-CSRF-001 requires (lib/features/edge/csrf.ts).
      expression: csrfExpression(["https://example.com"]),
    },
  ]);
  add(secrets, "secrets-bench", "aws_kms_key", "Key", { enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  add(secrets, "secrets-bench", "aws_iam_openid_connect_provider", "Oidc", { url: "https://token.actions.githubusercontent.com" });
  const trust = {
    Statement: [
      {
        Effect: "Allow",
        Action: "sts:AssumeRoleWithWebIdentity",
        Principal: { Federated: "${aws_iam_openid_connect_provider.Oidc.arn}" },
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:example-org/opsbot:environment:bench",
          },
        },
      },
    ],
  };
  add(secrets, "secrets-bench", "aws_iam_role", "Deploy", { assume_role_policy: JSON.stringify(trust) });
  // Alarms publish to the encrypted topic only if the key lets CloudWatch use it (GL-MON-001 reads this).
  const alarmsMayEncrypt = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AlarmsPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ],
  };
  add(monitoring, "monitoring-bench", "aws_kms_key", "AlertsKey", {
    enable_key_rotation: true,
    policy: JSON.stringify(alarmsMayEncrypt),
    lifecycle: { prevent_destroy: true },
  });
  add(monitoring, "monitoring-bench", "aws_sns_topic", "Alerts", { name: "alerts", kms_master_key_id: "${aws_kms_key.AlertsKey.arn}" });
  const tlsOnly = {
    Statement: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "sns:*",
        Resource: "${aws_sns_topic.Alerts.arn}",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
  add(monitoring, "monitoring-bench", "aws_sns_topic_policy", "AlertsPolicy", {
    arn: "${aws_sns_topic.Alerts.arn}",
    policy: JSON.stringify(tlsOnly),
  });
  add(monitoring, "monitoring-bench", "aws_sns_topic_subscription", "Oncall", {
    topic_arn: "${aws_sns_topic.Alerts.arn}",
    protocol: "email",
    endpoint: "oncall@example.com",
  });
  for (const pool of ["Blue", "Green"]) add(traffic, "traffic-bench", "cloudflare_load_balancer_pool", pool, { name: pool });
  add(traffic, "traffic-bench", "cloudflare_load_balancer", "Lb", {
    default_pools: ["${cloudflare_load_balancer_pool.Blue.id}"],
    fallback_pool: "${cloudflare_load_balancer_pool.Green.id}",
  });
  const denyInsecure = JSON.stringify({
    Statement: [{ Effect: "Deny", Action: "*", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  });
  for (let i = 0; i < units; i++) {
    const host = `app-${i}.example.com`;
    add(edge, "edge-bench", "cloudflare_dns_record", `Host_${i}`, {
      zone_id: zone,
      name: host,
      type: "A",
      content: "192.0.2.10",
      proxied: true,
      ttl: 1,
    });
    add(edge, "edge-bench", "cloudflare_dns_record", `Txt_${i}`, {
      zone_id: zone,
      name: host,
      type: "TXT",
      content: `"site-verification=${i}"`,
      ttl: 300,
    });
    add(edge, "edge-bench", "cloudflare_zero_trust_access_application", `App_${i}`, {
      type: "self_hosted",
      destinations: [{ type: "public", uri: host }],
      policies: [{ id: "${cloudflare_zero_trust_access_policy.Users.id}" }],
    });
    // At the origin's address, as monitoring.checkOrigins writes it: a check through the edge behind Access
    // sees only the login redirect, which GL-MON-001 does not count as watching the app.
    add(monitoring, "monitoring-bench", "aws_route53_health_check", `Check_${i}`, {
      fqdn: host,
      ip_address: "192.0.2.10",
      type: "HTTPS",
      resource_path: "/healthz",
    });
    add(monitoring, "monitoring-bench", "aws_cloudwatch_metric_alarm", `Alarm_${i}`, {
      namespace: "AWS/Route53",
      metric_name: "HealthCheckStatus",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      period: 60,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      dimensions: { HealthCheckId: `\${aws_route53_health_check.Check_${i}.id}` },
      alarm_actions: ["${aws_sns_topic.Alerts.arn}"],
    });
    add(secrets, "secrets-bench", "aws_secretsmanager_secret", `Secret_${i}`, {
      name: `opsbot/bench/s${i}`,
      kms_key_id: "${aws_kms_key.Key.arn}",
      lifecycle: { prevent_destroy: true },
    });
    add(secrets, "secrets-bench", "aws_secretsmanager_secret_policy", `Policy_${i}`, {
      secret_arn: `\${aws_secretsmanager_secret.Secret_${i}.arn}`,
      policy: denyInsecure,
    });
    add(secrets, "secrets-bench", "aws_secretsmanager_secret_rotation", `Rotation_${i}`, {
      secret_id: `\${aws_secretsmanager_secret.Secret_${i}.id}`,
      rotation_rules: { automatically_after_days: 30 },
    });
  }
  return Object.entries({ "edge-bench": edge, "secrets-bench": secrets, "monitoring-bench": monitoring, "traffic-bench": traffic }).map(
    ([name, resource]) => ({
      name,
      text: JSON.stringify({ "//": { metadata: { stackName: name } }, resource }),
    }),
  );
}

/** The runbooks GL-REL-003 counts: a heading and a command each. */
const RUNBOOKS = ["deploy", "rollback", "secret-rotation", "incident", "handover"].map((n) => ({
  path: `runbooks/${n}.md`,
  text: `# ${n}\n\n\`\`\`sh\ngolive release status production\n\`\`\`\n`,
}));

/**
 * Rules the synthetic stacks fail on purpose: GL-APP-* need a config; GL-REL-004 warns, as on the
 * example, that hostnames beside the load-balanced one have no rollback path.
 */
const EXPECTED_FAILURES = (id: string) => id.startsWith("GL-APP-") || id === "GL-REL-004";

/** golive check over synthetic stacks: the resources it saw and the synth-level rules that failed, but EXPECTED_FAILURES. */
export function checkSynthetic(stacks: readonly { name: string; text: string }[]): { resources: number; failing: string[] } {
  const inputs: StackInput[] = stacks.map((s) => ({
    name: s.name,
    file: `cdktf.out/stacks/${s.name}/cdk.tf.json`,
    json: JSON.parse(s.text),
  }));
  const model = buildModel(inputs);
  const report = runChecks({ model, configs: new Map(), runbooks: RUNBOOKS, today: "2026-11-29" });
  renderTable(report);
  return {
    resources: model.stacks.reduce((n, s) => n + s.resources.length, 0),
    failing: report.results.filter((r) => r.status === "fail" && !EXPECTED_FAILURES(r.rule.id)).map((r) => r.rule.id),
  };
}

export const bench: Bench = async () => {
  const stacks = syntheticStacks(UNITS);
  const times: number[] = [];
  let resources = 0;
  let blockers = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const checked = checkSynthetic(stacks);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    resources = checked.resources;
    blockers = checked.failing.length;
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
  const perSecond = Math.round(resources / (median / 1000));
  return [
    {
      name: `golive check over ${resources.toLocaleString("en-US")} resources (median of ${RUNS})`,
      value: Math.round(median),
      unit: "ms",
      target: "reference",
      pass: true,
    },
    {
      name: "  ... resources checked per second",
      value: perSecond,
      unit: "res/s",
      target: `>= ${TARGET_PER_SECOND.toLocaleString("en-US")}`,
      pass: perSecond >= TARGET_PER_SECOND,
    },
    {
      name: "  ... synth-level rules failing on the clean synthetic synth",
      value: blockers,
      unit: "rules",
      target: "0 (the rules see what they expect)",
      pass: blockers === 0,
    },
  ];
};
