import { desiredAlarms } from "../../lib/features/monitoring/alarms";
import { desiredDestinations, webhookExportCommand } from "../../lib/features/monitoring/destinations";
import { desiredUptimeChecks } from "../../lib/features/monitoring/uptime-checks";
import { configErrorText, exampleConfig } from "../helpers/example-config";

describe("monitoring config", () => {
  test("defaults: /healthz, 30 s interval, threshold 3, 2 alarm minutes, origins checked, us-east-1, p95 500 ms", () => {
    const cfg = exampleConfig([
      [["monitoring"], { alerts: { emails: ["oncall@example.com"] }, latency: { hostname: "chat.example.com" } }],
    ]);
    expect(cfg.monitoring).toMatchObject({
      healthPath: "/healthz",
      requestInterval: 30,
      failureThreshold: 3,
      alarmMinutes: 2,
      checkOrigins: true,
      awsRegion: "us-east-1",
      alerts: { emails: ["oncall@example.com"], webhooks: [] },
      latency: { hostname: "chat.example.com", target: "origin", p95Ms: 500, periods: 3 },
      cloudflare: { loadBalancingHealth: true, sslAlertTypes: ["universal_ssl_event_type"] },
    });
  });

  test("fails on a health path over 255 characters (Route 53's ResourcePath limit), naming the field", () => {
    expect(configErrorText([[["monitoring", "healthPath"], `/${"a".repeat(255)}`]])).toMatch(
      /^config\/production\.yaml: monitoring\.healthPath: must be at most 255 characters \(Route 53's health check ResourcePath limit\)/,
    );
    expect(configErrorText([[["monitoring", "healthPath"], `/${"a".repeat(254)}`]])).toBe("");
  });

  test("fails when the latency hostname is not a public hostname, naming the field and the allowed names", () => {
    const text = configErrorText([[["monitoring", "latency", "hostname"], "status.example.com"]]);
    expect(text).toContain(
      'monitoring.latency.hostname: "status.example.com" is not a public hostname (edge.hostnames or release.hostname); allowed: example.com, chat.example.com, api.example.com, app.example.com',
    );
    expect(configErrorText([[["monitoring", "latency"], { hostname: "app.example.com", target: "edge" }]])).toBe("");
  });

  test("fails when latency is timed at the edge of a hostname behind Cloudflare Access", () => {
    expect(configErrorText([[["monitoring", "latency", "target"], "edge"]])).toContain(
      'monitoring.latency.target: "edge" on chat.example.com, which is behind Cloudflare Access',
    );
    expect(configErrorText([[["monitoring", "latency"], { hostname: "example.com", target: "edge" }]])).toBe("");
  });

  test("fails when latency is timed at the origin but origin checks are off", () => {
    expect(configErrorText([[["monitoring", "checkOrigins"], false]])).toContain(
      'monitoring.latency.target: "origin" needs origin checks, but monitoring.checkOrigins is false',
    );
  });

  test("fails without alert emails", () => {
    expect(configErrorText([[["monitoring", "alerts", "emails"], []]])).toContain(
      "monitoring.alerts.emails: at least one alert email is required",
    );
  });

  test("fails on a request interval Route 53 does not offer", () => {
    expect(configErrorText([[["monitoring", "requestInterval"], 60]])).toContain("monitoring.requestInterval");
  });

  test("fails on duplicate emails and webhook names, naming both entries", () => {
    const text = configErrorText([
      [
        ["monitoring", "alerts", "emails"],
        ["oncall@example.com", "oncall@example.com"],
      ],
      [
        ["monitoring", "alerts", "webhooks"],
        [
          { name: "pd", secretName: "a/b" },
          { name: "pd", secretName: "a/c" },
        ],
      ],
    ]);
    expect(text).toContain('monitoring.alerts.emails[1]: "oncall@example.com" is listed twice (also monitoring.alerts.emails[0])');
    expect(text).toContain('monitoring.alerts.webhooks[1].name: "pd" is listed twice (also monitoring.alerts.webhooks[0].name)');
  });

  test("fails when a webhook URL is pasted where the secret name belongs, without echoing it", () => {
    const url = "hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    const text = configErrorText([[["monitoring", "alerts", "webhooks"], [{ name: "slack", secretName: url }]]]);
    expect(text).toContain("monitoring.alerts.webhooks[0].secretName: looks like a webhook URL");
    expect(text).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXX");
    expect(configErrorText([[["monitoring", "alerts", "webhooks"], [{ name: "slack", secretName: `https://${url}` }]]])).toContain(
      "monitoring.alerts.webhooks[0].secretName",
    );
  });
});

describe("monitoring domain builders", () => {
  const cfg = exampleConfig();

  test("one edge check per hostname; origins sharing a hostname origin share one check", () => {
    const shared = exampleConfig([[["edge", "hostnames", 3], { name: "docs.example.com", origin: "origin-api.example.net" }]]);
    const origin = desiredUptimeChecks(shared).filter((c) => c.target === "origin");
    expect(origin.filter((c) => c.key.startsWith("origin-")).map((c) => c.fqdn)).toEqual([
      "example.com",
      "chat.example.com",
      "origin-api.example.net",
    ]);
    expect(desiredUptimeChecks(cfg).filter((c) => c.target === "edge")).toHaveLength(cfg.edge.hostnames.length + 1);
  });

  test("without a release section only edge hostnames and their origins are checked", () => {
    const noRelease = exampleConfig([[["release"], undefined]]);
    const keys = desiredUptimeChecks(noRelease).map((c) => c.key);
    expect(keys).toEqual([
      "edge-example-com",
      "edge-chat-example-com",
      "edge-api-example-com",
      "origin-example-com",
      "origin-chat-example-com",
      "origin-api-example-com",
    ]);
  });

  test("every check has one status alarm and the latency alarm reads the latency hostname's edge check", () => {
    const checks = desiredUptimeChecks(cfg);
    const alarms = desiredAlarms(cfg, checks);
    expect(alarms.filter((a) => a.metricName === "HealthCheckStatus").map((a) => a.checkKey)).toEqual(checks.map((c) => c.key));
    expect(alarms.find((a) => a.metricName === "TimeToFirstByte")).toMatchObject({
      checkKey: "origin-chat-example-com",
      statistic: "Average",
      threshold: 500,
    });
  });

  test("an origin latency target shared with an earlier hostname reads that shared origin check", () => {
    const shared = exampleConfig([
      [["edge", "hostnames", 3], { name: "docs.example.com", origin: "origin-api.example.net" }],
      [["monitoring", "latency", "hostname"], "docs.example.com"],
    ]);
    const checks = desiredUptimeChecks(shared);
    expect(desiredAlarms(shared, checks).find((a) => a.metricName === "TimeToFirstByte")?.checkKey).toBe("origin-api-example-com");
  });

  test("webhook destinations carry only the secret name and a command that reads it without printing", () => {
    const [pd] = desiredDestinations(cfg).webhooks;
    expect(pd).toEqual({
      name: "pagerduty",
      variable: "alert_webhook_pagerduty",
      secretName: "opsbot/production/pagerduty-alerts-url",
      secretRegion: "eu-west-1",
      autoConfirms: true,
    });
    expect(webhookExportCommand(pd!)).toBe(
      'export TF_VAR_alert_webhook_pagerduty="$(aws secretsmanager get-secret-value --secret-id opsbot/production/pagerduty-alerts-url --region eu-west-1 --query SecretString --output text)"',
    );
  });

  test("a webhook secret's read names its region: secrets.region for one of secrets.items, else monitoring.awsRegion", () => {
    const regionOf = (secretName: string) =>
      desiredDestinations(
        exampleConfig([
          [["monitoring", "awsRegion"], "us-west-2"],
          [["monitoring", "alerts", "webhooks", 0, "secretName"], secretName],
        ]),
      ).webhooks[0]?.secretRegion;
    expect(regionOf("opsbot/production/database-url")).toBe("eu-west-1");
    expect(regionOf("opsbot/production/pagerduty-alerts-url")).toBe("us-west-2");
  });
});
