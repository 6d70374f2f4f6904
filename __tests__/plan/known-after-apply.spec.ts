/**
 * A value Terraform knows only after apply (`-> (known after apply)`: `after_unknown` marks it, `after`
 * lacks it, or holds null for a list item) is not a removed or unset value: the risk rules that read a
 * removal raise nothing on it. Each plan is shaped as `terraform show -json` writes it (the SNS topic's
 * attributes are those of the real AWS provider plan tf-inline-policies.json) and reviewed as
 * plan-report reviews a file.
 */
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { addressParts, fixtureText } from "./fixtures";

type Json = Record<string, unknown>;

const AWS = "registry.terraform.io/hashicorp/aws";
const CLOUDFLARE = "registry.terraform.io/cloudflare/cloudflare";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b6f1d0e-6d59-4d3e-9d4c-1a2b3c4d5e6f";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:opsbot-production-alerts";

/** An update as Terraform writes it; `unknown` is its `after_unknown`. */
function update(address: string, provider: string, before: Json, after: Json, unknown: Json): Json {
  return {
    address,
    ...addressParts(address),
    provider_name: provider,
    change: { actions: ["update"], before, after, after_unknown: unknown, before_sensitive: {}, after_sensitive: {} },
  };
}

/** The flags of a plan of these changes, as `rule: detail`. */
function flagsOf(...changes: Json[]): string[] {
  const file = "monitoring-production.json";
  const plan = parsePlanJson(file, JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: changes }));
  return renderPlanReport([{ stack: "monitoring-production", file, plan }], "`r.md`").report.stacks.flatMap((s) =>
    s.risks.map((r) => `${r.rule}: ${r.detail}`),
  );
}

/** Every attribute of an aws_sns_topic, as the AWS provider's plan lists them (tf-inline-policies.json). */
function topic(name: string, kms: string): Json {
  const plan = JSON.parse(fixtureText("tf-inline-policies.json")) as { resource_changes: { type: string; change: { before: Json } }[] };
  const shape = plan.resource_changes.find((c) => c.type === "aws_sns_topic")?.change.before ?? {};
  const arn = `arn:aws:sns:us-east-1:123456789012:${name}`;
  return { ...shape, arn, id: arn, name, policy: "", kms_master_key_id: kms };
}

/** The topic after a change that leaves its key known only after apply: `after` lacks it. */
function keyUnknown(value: Json): Json {
  const { kms_master_key_id: _, ...rest } = value;
  return rest;
}

describe("a topic key known only after apply is not removed encryption", () => {
  test.each([
    ["alert topic", "aws_sns_topic.Alerts_91F83244", "opsbot-production-alerts"],
    ["SES feedback topic", "aws_sns_topic.Ses_Feedback_Topic_1A2B3C4D", "opsbot-production-ses-feedback"],
  ])("the %s's kms_master_key_id -> (known after apply) raises no flag", (_kind, address, name) => {
    const before = topic(name, KEY);
    expect(flagsOf(update(address, AWS, before, keyUnknown(before), { kms_master_key_id: true }))).toEqual([]);
  });

  test("fails closed: a key set to none is still removed encryption", () => {
    const before = topic("opsbot-production-alerts", KEY);
    expect(flagsOf(update("aws_sns_topic.Alerts_91F83244", AWS, before, { ...before, kms_master_key_id: "" }, {}))).toEqual([
      "alerting-loosened: alert topic opsbot-production-alerts: server-side encryption removed (kms_master_key_id no longer set)",
    ]);
  });
});

describe("alarm actions known only after apply are not dropped actions", () => {
  const alarm = (actions: unknown, extra: Json = {}): Json => ({
    actions_enabled: true,
    alarm_actions: actions,
    alarm_description: "",
    alarm_name: "opsbot-production-edge-down",
    comparison_operator: "LessThanThreshold",
    datapoints_to_alarm: 0,
    evaluation_periods: 2,
    insufficient_data_actions: [],
    metric_name: "HealthCheckStatus",
    namespace: "AWS/Route53",
    ok_actions: [],
    period: 60,
    statistic: "Minimum",
    threshold: 1,
    treat_missing_data: "breaching",
    ...extra,
  });
  const change = (before: Json, after: Json, unknown: Json) => update("aws_cloudwatch_metric_alarm.EdgeDown", AWS, before, after, unknown);

  test("an action whose topic is replaced in the same plan ([null], after_unknown [true]) raises no flag", () => {
    expect(flagsOf(change(alarm([TOPIC]), alarm([null]), { alarm_actions: [true] }))).toEqual([]);
  });

  test("a whole action list known only after apply raises no flag", () => {
    const { alarm_actions: _, ...after } = alarm([TOPIC]);
    expect(flagsOf(change(alarm([TOPIC]), after, { alarm_actions: true }))).toEqual([]);
  });

  test("fails closed: two actions for one known only after apply still flags the dropped ones", () => {
    const other = `${TOPIC}-oncall`;
    expect(flagsOf(change(alarm([TOPIC, other]), alarm([null]), { alarm_actions: [true] }))).toEqual([
      `alerting-loosened: alarm opsbot-production-edge-down: no longer notifies ${TOPIC}`,
      `alerting-loosened: alarm opsbot-production-edge-down: no longer notifies ${other}`,
    ]);
  });

  test("a real plan: the alert topic replaced, its alarm's actions unknown: the replacement is flagged, no dropped action", () => {
    const file = "trust-widened.json";
    const plan = parsePlanJson(file, fixtureText("offline", file));
    const risks = renderPlanReport([{ stack: "trust-widened", file, plan }], "`r.md`").report.stacks.flatMap((s) => s.risks);
    expect(risks.filter((r) => r.rule === "alerting-loosened").map((r) => `${r.address}: ${r.detail}`)).toEqual([
      "aws_cloudwatch_metric_alarm.errors: alarm opsbot-errors: threshold 3 -> 10 (GreaterThanThreshold)",
      "aws_sns_topic.alerts: alert topic opsbot-alerts replaced: every subscriber must confirm again",
      "aws_sns_topic_subscription.oncall[0]: alert subscriber oncall@example.com removed",
    ]);
  });

  test("datapoints_to_alarm known only after apply is not unset (every evaluation period)", () => {
    const before = alarm([TOPIC], { datapoints_to_alarm: 1, evaluation_periods: 3 });
    const { datapoints_to_alarm: _, ...after } = before;
    expect(flagsOf(change(before, after, { datapoints_to_alarm: true }))).toEqual([]);
  });
});

describe("DNS records known only after apply are not deleted DMARC or DKIM", () => {
  const record = (name: string, type: string, content: string): Json => ({
    comment: "golive",
    content,
    id: "rec-1",
    name,
    proxied: false,
    ttl: 1,
    type,
    zone_id: "0123456789abcdef0123456789abcdef",
  });
  const contentUnknown = (value: Json) => {
    const { content: _, ...rest } = value;
    return rest;
  };

  test("a DKIM CNAME named by a token of an SES identity replaced in the same plan raises no flag", () => {
    const before = record(
      "abcdefghijklmnopqrstuvwxyz234567._domainkey.example.com",
      "CNAME",
      "abcdefghijklmnopqrstuvwxyz234567.dkim.amazonses.com",
    );
    const { name: _, ...after } = contentUnknown(before);
    expect(flagsOf(update("cloudflare_dns_record.Dkim_1", CLOUDFLARE, before, after, { content: true, name: true }))).toEqual([]);
  });

  test("a DMARC record whose content is known only after apply raises no flag", () => {
    const before = record("_dmarc.example.com", "TXT", '"v=DMARC1; p=reject; rua=mailto:dmarc@example.com"');
    expect(flagsOf(update("cloudflare_dns_record.Dmarc", CLOUDFLARE, before, contentUnknown(before), { content: true }))).toEqual([]);
  });
});

describe("edge values known only after apply are not removals", () => {
  test("an Access policy's exclude known only after apply drops nothing", () => {
    const before = {
      decision: "allow",
      exclude: [{ email: { email: "former@example.com" } }],
      id: "pol-1",
      include: [{ email_domain: { domain: "example.com" } }],
      name: "staff",
      require: [],
    };
    const { exclude: _, ...after } = before;
    expect(flagsOf(update("cloudflare_zero_trust_access_policy.Staff", CLOUDFLARE, before, after, { exclude: true }))).toEqual([]);
  });

  test("load-balancer weights known only after apply did not move to the default", () => {
    const before = {
      default_pools: ["00000000000000000000000000000b1e"],
      id: "lb-chat",
      name: "chat.example.com",
      random_steering: { default_weight: 0, pool_weights: { "00000000000000000000000000000b1e": 1 } },
    };
    const after = { ...before, random_steering: { default_weight: 0 } };
    expect(flagsOf(update("cloudflare_load_balancer.Lb", CLOUDFLARE, before, after, { random_steering: { pool_weights: true } }))).toEqual(
      [],
    );
  });

  test("a WAF rule whose ref is known only after apply is not a removed rule", () => {
    const rule = {
      action: "block",
      description: "block admin",
      enabled: true,
      expression: '(http.request.uri.path eq "/admin")',
      ref: "r1",
    };
    const ruleset = (rules: unknown[]) => ({
      id: "rs-1",
      kind: "zone",
      name: "golive custom",
      phase: "http_request_firewall_custom",
      rules,
      zone_id: "0123456789abcdef0123456789abcdef",
    });
    const { ref: _, ...pending } = rule;
    expect(flagsOf(update("cloudflare_ruleset.Waf", CLOUDFLARE, ruleset([rule]), ruleset([pending]), { rules: [{ ref: true }] }))).toEqual(
      [],
    );
  });
});
