import { Testing } from "cdktf";
import { z } from "zod";
import { buildEnvironmentStacks } from "../../stacks";
import { redact } from "../../lib/core/redact";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind, type SynthJson } from "../helpers/synth";

const prod = exampleConfig();
const json = synthKind(prod, "monitoring");
const ref = (type: string, id: string, attr = "id") => `\${${type}.${id}.${attr}}`;

/** Parts of the synthesized JSON the shared helper leaves untyped, narrowed with zod (no casts). */
const Strings = z.record(z.string(), z.string());
const Blocks = z.object({
  provider: z.object({ aws: z.array(z.record(z.string(), z.unknown())) }),
  variable: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

function checks(j: SynthJson) {
  return resourcesOf(j, "aws_route53_health_check").map(([id, r]) => ({ id, r, target: Strings.parse(r.tags)["golive:target"] }));
}
function alarms(j: SynthJson) {
  return resourcesOf(j, "aws_cloudwatch_metric_alarm").map(([id, r]) => ({ id, r, checkRef: Strings.parse(r.dimensions).HealthCheckId }));
}
function topicArn(j: SynthJson): string {
  const topics = resourcesOf(j, "aws_sns_topic");
  expect(topics).toHaveLength(1);
  return ref("aws_sns_topic", topics[0]![0], "arn");
}

describe("monitoring stack: uptime checks", () => {
  test("every public hostname (edge hostnames and the release hostname) has exactly one HTTPS edge check on 443", () => {
    const edge = checks(json).filter((c) => c.target === "edge");
    expect(edge.map((c) => c.r.fqdn).sort()).toEqual([...prod.edge.hostnames.map((h) => h.name), prod.release!.hostname].sort());
    for (const c of edge) {
      expect(c.r).toMatchObject({
        type: "HTTPS",
        port: 443,
        resource_path: "/healthz",
        enable_sni: true,
        measure_latency: true,
        request_interval: 30,
        failure_threshold: 3,
      });
      expect(c.r.ip_address).toBeUndefined();
    }
  });

  test("each origin and blue/green pool origin is checked: IPs with the public hostname as Host/SNI, hostnames by name", () => {
    const origin = checks(json)
      .filter((c) => c.target === "origin")
      .map((c) => ({ fqdn: c.r.fqdn, ip: c.r.ip_address, path: c.r.resource_path, port: c.r.port, type: c.r.type }));
    expect(origin).toEqual(
      expect.arrayContaining([
        { fqdn: "example.com", ip: "192.0.2.10", path: "/healthz", port: 443, type: "HTTPS" },
        { fqdn: "chat.example.com", ip: "192.0.2.11", path: "/healthz", port: 443, type: "HTTPS" },
        { fqdn: "origin-api.example.net", ip: undefined, path: "/healthz", port: 443, type: "HTTPS" },
        ...["192.0.2.30", "192.0.2.31", "192.0.2.40", "192.0.2.41"].map((ip) => ({
          fqdn: "app.example.com",
          ip,
          path: "/healthz",
          port: 443,
          type: "HTTPS",
        })),
      ]),
    );
    expect(origin).toHaveLength(7);
  });

  test("health path, interval and threshold come from config; checkOrigins false leaves only edge checks", () => {
    const cfg = exampleConfig([
      [["monitoring", "healthPath"], "/api/health"],
      [["monitoring", "requestInterval"], 10],
      [["monitoring", "failureThreshold"], 5],
      [["monitoring", "checkOrigins"], false],
      [["monitoring", "latency"], { hostname: "example.com", target: "edge" }],
    ]);
    const c = checks(synthKind(cfg, "monitoring"));
    expect(c).toHaveLength(cfg.edge.hostnames.length + 1);
    for (const x of c) expect(x.r).toMatchObject({ resource_path: "/api/health", request_interval: 10, failure_threshold: 5 });
    expect(c.every((x) => x.target === "edge")).toBe(true);
  });

  test("check addresses are stable: Uptime/<edge|origin>-<hostname>, Uptime/pool-<origin> (renaming one replaces the check)", () => {
    const ids = checks(json)
      .map((c) => c.id.replace(/_[0-9A-F]{8}$/, ""))
      .sort();
    expect(ids).toEqual([
      "Uptime_edge-api-example-com",
      "Uptime_edge-app-example-com",
      "Uptime_edge-chat-example-com",
      "Uptime_edge-example-com",
      "Uptime_origin-api-example-com",
      "Uptime_origin-chat-example-com",
      "Uptime_origin-example-com",
      "Uptime_pool-blue-1",
      "Uptime_pool-blue-2",
      "Uptime_pool-green-1",
      "Uptime_pool-green-2",
    ]);
  });
});

describe("monitoring stack: alarms", () => {
  test("every health check has exactly one HealthCheckStatus alarm that notifies the alert topic on ALARM, OK and INSUFFICIENT_DATA", () => {
    const arn = topicArn(json);
    const status = alarms(json).filter((a) => a.r.metric_name === "HealthCheckStatus");
    const checkRefs = checks(json)
      .map((c) => ref("aws_route53_health_check", c.id))
      .sort();
    expect(status.map((a) => a.checkRef).sort()).toEqual(checkRefs);
    for (const a of status) {
      expect(a.r).toMatchObject({
        provider: "aws.us_east_1",
        namespace: "AWS/Route53",
        statistic: "Minimum",
        period: 60,
        evaluation_periods: 2,
        datapoints_to_alarm: 2,
        threshold: 1,
        comparison_operator: "LessThanThreshold",
        treat_missing_data: "breaching",
        alarm_actions: [arn],
        ok_actions: [arn],
        insufficient_data_actions: [arn],
      });
      expect(Object.keys(Strings.parse(a.r.dimensions))).toEqual(["HealthCheckId"]);
    }
  });

  test("the load-balanced hostname's edge alarm stays armed and says why it is in ALARM until traffic is first deployed; no other alarm does", () => {
    const loadBalanced = checks(json).find((c) => c.r.fqdn === "app.example.com" && c.target === "edge");
    if (!loadBalanced) throw new Error("no edge check of the release hostname");
    const status = alarms(json).filter((a) => a.r.metric_name === "HealthCheckStatus");
    const noted = status.filter((a) => String(a.r.alarm_description).includes("traffic-production"));
    expect(noted.map((a) => a.checkRef)).toEqual([ref("aws_route53_health_check", loadBalanced.id)]);
    expect(noted[0]?.r).toMatchObject({
      alarm_name: "opsbot-production edge down: app.example.com",
      // Armed like every other alarm: after the first deploy, a failing check of this hostname is an outage.
      treat_missing_data: "breaching",
      alarm_actions: [topicArn(json)],
    });
    expect(String(noted[0]?.r.alarm_description)).toContain(
      "app.example.com is load-balanced: it has no DNS record until traffic-production creates the load balancer, so on a first deploy this alarm is in ALARM from monitoring-production until traffic-production is deployed (runbooks/deploy.md, step 7)",
    );
  });

  test("no alarm asks for a percentile: Route 53 publishes TimeToFirstByte as an average, and percentiles need raw samples", () => {
    for (const a of alarms(json)) {
      expect(a.r.extended_statistic).toBeUndefined();
      expect(["Average", "Minimum", "Maximum"]).toContain(a.r.statistic);
    }
  });

  test("the latency alarm is the average TimeToFirstByte of the chat origin check over the 500 ms bar, and pages when it cannot evaluate", () => {
    const latency = alarms(json).filter((a) => a.r.metric_name === "TimeToFirstByte");
    expect(latency).toHaveLength(1);
    const chat = checks(json).find((c) => c.target === "origin" && c.r.fqdn === "chat.example.com");
    expect(chat).toBeDefined();
    expect(latency[0]!.checkRef).toBe(ref("aws_route53_health_check", chat!.id));
    expect(latency[0]!.r).toMatchObject({
      alarm_name: "opsbot-production average latency over 500 ms: chat.example.com (origin)",
      provider: "aws.us_east_1",
      namespace: "AWS/Route53",
      statistic: "Average",
      threshold: 500,
      comparison_operator: "GreaterThanThreshold",
      period: 300,
      evaluation_periods: 3,
      // No data leaves the alarm in INSUFFICIENT_DATA, and that state notifies the topic.
      treat_missing_data: "missing",
      alarm_actions: [topicArn(json)],
      insufficient_data_actions: [topicArn(json)],
    });
    expect(String(latency[0]!.r.alarm_description)).toContain("npx golive verify production");
  });

  test("the latency bar, hostname and target come from config (TimeToFirstByte is already in milliseconds)", () => {
    const cfg = exampleConfig([[["monitoring", "latency"], { hostname: "example.com", target: "edge", p95Ms: 800, periods: 2 }]]);
    const j = synthKind(cfg, "monitoring");
    const latency = alarms(j).find((a) => a.r.metric_name === "TimeToFirstByte");
    const api = checks(j).find((c) => c.target === "edge" && c.r.fqdn === "example.com");
    expect(latency?.r).toMatchObject({ threshold: 800, evaluation_periods: 2, statistic: "Average" });
    expect(latency?.checkRef).toBe(ref("aws_route53_health_check", api!.id));
  });

  test("alarms, topic and subscriptions use the us-east-1 provider alias; health checks the default provider", () => {
    const aws = Blocks.parse(json).provider.aws;
    const pinned = {
      allowed_account_ids: ["111111111111"],
      default_tags: [{ tags: { app: "opsbot", environment: "production", "managed-by": "golive", "golive:scope": "opsbot/production" } }],
    };
    expect(aws).toEqual(
      expect.arrayContaining([
        { region: "eu-west-1", ...pinned },
        { alias: "us_east_1", region: "us-east-1", ...pinned },
      ]),
    );
    for (const type of ["aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_sns_topic_subscription"]) {
      for (const [, r] of resourcesOf(json, type)) expect(r.provider).toBe("aws.us_east_1");
    }
    for (const c of checks(json)) expect(c.r.provider).toBeUndefined();
  });
});

describe("monitoring stack: AWS account pinning", () => {
  const awsBlocks = (j: SynthJson) => Blocks.parse(j).provider.aws;

  test("monitoring.awsAccountId pins both AWS providers; without it, secrets' or state's account does", () => {
    const own = synthKind(exampleConfig([[["monitoring", "awsAccountId"], "222222222222"]]), "monitoring");
    for (const p of awsBlocks(own)) expect(p.allowed_account_ids).toEqual(["222222222222"]);
    const fromState = synthKind(exampleConfig([[["secrets"], undefined]]), "monitoring");
    for (const p of awsBlocks(fromState)) expect(p.allowed_account_ids).toEqual(["111111111111"]);
  });

  test("fails when no account is known to pin the AWS providers to", () => {
    const text = configErrorText([
      [["secrets"], undefined],
      [["state"], undefined],
      [["email"], undefined],
    ]);
    expect(text).toContain("monitoring.awsAccountId: required when neither secrets.accountId nor state.accountId is set");
  });
});

describe("monitoring stack: alert destinations", () => {
  test("every alert email is an SNS email subscription of the topic", () => {
    const arn = topicArn(json);
    const emails = resourcesOf(json, "aws_sns_topic_subscription").filter(([, r]) => r.protocol === "email");
    expect(emails.map(([, r]) => r.endpoint).sort()).toEqual(["oncall@example.com", "platform@example.com"]);
    for (const [, r] of emails) expect(r.topic_arn).toBe(arn);
  });

  test("a webhook subscribes over https with its URL from a sensitive variable that has no default", () => {
    const hooks = resourcesOf(json, "aws_sns_topic_subscription").filter(([, r]) => r.protocol === "https");
    expect(hooks).toHaveLength(1);
    expect(hooks[0]![1]).toMatchObject({
      endpoint: "${var.alert_webhook_pagerduty}",
      endpoint_auto_confirms: true,
      topic_arn: topicArn(json),
    });
    const variables = Blocks.parse(json).variable ?? {};
    expect(variables.alert_webhook_pagerduty).toMatchObject({ type: "string", sensitive: true, nullable: false });
    expect(variables.alert_webhook_pagerduty).not.toHaveProperty("default");
    expect(String(variables.alert_webhook_pagerduty!.description)).toContain(
      "--secret-id opsbot/production/pagerduty-alerts-url --region eu-west-1 ",
    );
  });

  test("only the webhook subscription ignores endpoint changes (PR plans pass a placeholder); only the alert key is protected from destroy", () => {
    const hooks = resourcesOf(json, "aws_sns_topic_subscription").filter(([, r]) => r.protocol === "https");
    expect(hooks.map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ""), r.lifecycle])).toEqual([
      ["Alerts_webhook-pagerduty", { ignore_changes: ["endpoint"] }],
    ]);
    const others = Object.entries(json.resource).flatMap(([type, byId]) => Object.entries(byId).map(([id, r]) => ({ type, id, r })));
    const withLifecycle = others.filter((o) => o.r.lifecycle !== undefined).map((o) => `${o.type}.${o.id}`);
    expect(withLifecycle.sort()).toEqual([
      `aws_kms_key.${Object.keys(json.resource.aws_kms_key ?? {})[0]}`,
      `aws_sns_topic_subscription.${hooks[0]![0]}`,
    ]);
    expect(Object.values(json.resource.aws_kms_key ?? {})[0]?.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the webhook subscription keeps its address (Alerts/webhook-<name>): rotation runbooks name it, and a rename would replace it", () => {
    expect(Object.keys(json.resource.aws_sns_topic_subscription ?? {})).toContain("Alerts_webhook-pagerduty_6F43B3D1");
  });

  test("no webhook URL or other secret appears anywhere in the synthesized stack", () => {
    const text = Testing.synth(buildEnvironmentStacks(Testing.app(), prod).find((s) => s.node.id === "monitoring-production")!, true);
    expect(text).not.toMatch(/hooks\.slack\.com|events\.pagerduty\.com|outlook\.office\.com\/webhook/);
    expect(redact(text)).toBe(text);
    // The only https URLs are the health-check targets named in alarm descriptions.
    const urls = [...text.matchAll(/https:\/\/[^\s"]+/g)].map((m) => m[0]);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[a-z0-9.-]+\/healthz\)?$/);
  });

  test("a webhook URL set in the environment at synth time still never reaches the synthesized JSON", () => {
    const planted = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue";
    const before = process.env.TF_VAR_alert_webhook_pagerduty;
    process.env.TF_VAR_alert_webhook_pagerduty = planted;
    try {
      const text = Testing.synth(
        buildEnvironmentStacks(Testing.app(), exampleConfig()).find((s) => s.node.id === "monitoring-production")!,
        true,
      );
      expect(text).not.toContain(planted);
      expect(text).toContain("${var.alert_webhook_pagerduty}");
    } finally {
      if (before === undefined) delete process.env.TF_VAR_alert_webhook_pagerduty;
      else process.env.TF_VAR_alert_webhook_pagerduty = before;
    }
  });

  test("staging without webhooks declares no variable and no https subscription", () => {
    const staging = synthKind(exampleConfig([], "staging"), "monitoring");
    expect(Blocks.parse(staging).variable).toBeUndefined();
    expect(resourcesOf(staging, "aws_sns_topic_subscription").map(([, r]) => r.protocol)).toEqual(["email"]);
  });
});

describe("monitoring stack: Cloudflare notifications and certificate expiry", () => {
  const policies = () => resourcesOf(json, "cloudflare_notification_policy").map(([, r]) => r);

  test("the monitoring stack declares no account-wide pool health policy (the traffic stack filters one on its pools)", () => {
    expect(policies().filter((p) => p.alert_type === "load_balancing_health_alert")).toEqual([]);
  });

  test("certificate events (issuance, renewal, expiry) of the zone notify every alert email", () => {
    const ssl = policies().filter((p) => p.alert_type === "universal_ssl_event_type");
    expect(ssl).toHaveLength(1);
    const zone = Object.keys(json.data?.cloudflare_zone ?? {});
    expect(zone).toHaveLength(1);
    expect(json.data?.cloudflare_zone?.[zone[0]!]).toMatchObject({
      filter: { name: "example.com", account: { id: prod.cloudflare.accountId } },
    });
    expect(ssl[0]).toMatchObject({
      enabled: true,
      filters: { zones: [ref("data.cloudflare_zone", zone[0]!)] },
      mechanisms: { email: [{ id: "oncall@example.com" }, { id: "platform@example.com" }] },
    });
  });

  test("Access service tokens about to expire notify every alert email", () => {
    const expiring = policies().filter((p) => p.alert_type === "expiring_service_token_alert");
    expect(expiring).toHaveLength(1);
    expect(expiring[0]).toMatchObject({
      account_id: prod.cloudflare.accountId,
      enabled: true,
      mechanisms: { email: [{ id: "oncall@example.com" }, { id: "platform@example.com" }] },
    });
    expect(String(expiring[0]!.description)).toContain("opsbot-production-webhooks");
  });

  test("every notification policy of the example environments' stacks declares a filters object (`{}` when it has none)", () => {
    // Provider v5.14.0: `filters` is Optional, not Computed (notification_policy/schema.go:166) and the
    // API reads back `{}`: an omitted one plans a change on every run (provider issue #5656).
    const all = ["production", "staging"].flatMap((env) =>
      ["monitoring", "traffic"].flatMap((kind) => resourcesOf(synthKind(exampleConfig([], env), kind), "cloudflare_notification_policy")),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const [id, p] of all) {
      expect({ id, filters: p.filters }).toEqual({ id, filters: expect.any(Object) });
      expect(Array.isArray(p.filters)).toBe(false);
    }
    const expiring = policies().filter((p) => p.alert_type === "expiring_service_token_alert");
    expect(expiring.map((p) => p.filters)).toEqual([{}]);
  });

  test("no service token, no expiry alert", () => {
    const j = synthKind(exampleConfig([[["edge", "access", "serviceTokens"], []]]), "monitoring");
    expect(resourcesOf(j, "cloudflare_notification_policy").map(([, r]) => r.alert_type)).toEqual(["universal_ssl_event_type"]);
  });

  test("a pinned zone id is used directly; configured SSL alert types are honoured", () => {
    const zoneId = "fedcba9876543210fedcba9876543210";
    const cfg = exampleConfig([
      [["cloudflare", "zone", "id"], zoneId],
      [["edge", "access", "serviceTokens"], []],
      [
        ["monitoring", "cloudflare"],
        { loadBalancingHealth: false, sslAlertTypes: ["universal_ssl_event_type", "dedicated_ssl_certificate_event_type"] },
      ],
    ]);
    const j = synthKind(cfg, "monitoring");
    const p = resourcesOf(j, "cloudflare_notification_policy").map(([, r]) => r);
    expect(p.map((x) => x.alert_type).sort()).toEqual(["dedicated_ssl_certificate_event_type", "universal_ssl_event_type"]);
    for (const x of p) expect(x.filters).toEqual({ zones: [zoneId] });
    expect(j.data?.cloudflare_zone).toBeUndefined();
  });
});

describe("monitoring stack: presence", () => {
  test("an environment without a monitoring section has no monitoring stack", () => {
    const cfg = exampleConfig([[["monitoring"], undefined]]);
    expect(buildEnvironmentStacks(Testing.app(), cfg).map((s) => s.node.id)).not.toContain("monitoring-production");
  });

  test("the monitoring stack is built before the traffic stack (live before traffic)", () => {
    const ids = buildEnvironmentStacks(Testing.app(), prod).map((s) => s.node.id);
    const traffic = ids.indexOf("traffic-production");
    expect(ids.indexOf("monitoring-production")).toBeGreaterThan(ids.indexOf("edge-production"));
    if (traffic >= 0) expect(ids.indexOf("monitoring-production")).toBeLessThan(traffic);
  });
});
