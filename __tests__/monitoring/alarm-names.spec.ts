import type { ResourceChange } from "../../lib/core/plan/schema";
import { toChangeView } from "../../lib/core/plan/changes";
import { riskFlags } from "../../lib/engines/plan/risks";
import { desiredAlarms, keptOfCutName, MAX_ALARM_NAME } from "../../lib/features/monitoring/alarms";
import { desiredUptimeChecks } from "../../lib/features/monitoring/uptime-checks";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

function alarmNames(json: SynthJson): string[] {
  return resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, r]) => String(r.alarm_name));
}

const duplicatesOf = (names: readonly string[]) => names.filter((n, i) => names.indexOf(n) !== i);

/** init's default: every pool origin on the one origin address (blue-1 and green-1 on 192.0.2.30). */
const SHARED_ADDRESS = exampleConfig([
  [["release", "pools", "green", "origins", 0, "address"], "192.0.2.30"],
  [["release", "pools", "green", "origins", 1, "address"], "192.0.2.31"],
]);

describe("monitoring stack: alarm names (CloudWatch keys alarms by name)", () => {
  test.each(["production", "staging"])("every alarm_name of the %s example is unique and fits CloudWatch's limit", (env) => {
    const names = alarmNames(synthKind(exampleConfig([], env), "monitoring"));
    expect(names.length).toBeGreaterThan(3);
    expect(duplicatesOf(names)).toEqual([]);
    expect(names.filter((n) => n.length > MAX_ALARM_NAME)).toEqual([]);
  });

  test("two pools on one origin address get one alarm each, named by pool and origin", () => {
    const json = synthKind(SHARED_ADDRESS, "monitoring");
    const names = alarmNames(json);
    expect(duplicatesOf(names)).toEqual([]);
    expect(names).toHaveLength(resourcesOf(json, "aws_route53_health_check").length + 1);
    expect(names).toEqual(
      expect.arrayContaining([
        "opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.30)",
        "opsbot-production origin down: app.example.com (green pool origin green-1, 192.0.2.30)",
        "opsbot-production origin down: app.example.com (blue pool origin blue-2, 192.0.2.31)",
        "opsbot-production origin down: app.example.com (green pool origin green-2, 192.0.2.31)",
      ]),
    );
  });

  test("edge and edge-origin alarms keep the names they had (only pool origin alarms are renamed)", () => {
    expect(alarmNames(synthKind(exampleConfig(), "monitoring"))).toEqual(
      expect.arrayContaining([
        "opsbot-production edge down: app.example.com",
        "opsbot-production edge down: chat.example.com",
        "opsbot-production origin down: chat.example.com (192.0.2.11)",
        "opsbot-production origin down: origin-api.example.net",
      ]),
    );
  });

  test("a name over 255 characters is cut with a hash of the whole, so two long names stay distinct", () => {
    const cfg = exampleConfig();
    const [edge] = desiredUptimeChecks(cfg);
    if (!edge) throw new Error("no check");
    const long = (label: string) => ({
      ...edge,
      key: `edge-${label}`,
      fqdn: `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(40)}.${label}.example.com`,
    });
    const names = desiredAlarms(cfg, [long("one"), long("two")]).map((a) => a.name);
    expect(names.map((n) => n.length)).toEqual([MAX_ALARM_NAME, MAX_ALARM_NAME]);
    expect(new Set(names).size).toBe(2);
    // what a reader may trust of a cut name: the whole name's beginning, the hash left out
    const whole = `opsbot-production edge down: ${long("one").fqdn}`;
    expect(names.map(keptOfCutName)).toEqual([
      whole.slice(0, MAX_ALARM_NAME - 12),
      expect.stringMatching(/^opsbot-production edge down: a{60}\./),
    ]);
    expect(whole.startsWith(keptOfCutName(names[0] ?? "") ?? "-")).toBe(true);
  });

  test("a 253-character load-balanced hostname and a 255-character health path keep every description and Name tag within AWS's limits", () => {
    // The longest hostname the schema takes, in the zone: written three times in its edge alarm's description.
    const hostname = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(49)}.example.com`;
    expect(hostname).toHaveLength(253);
    const cfg = exampleConfig([
      [["release", "hostname"], hostname],
      // Four labels below the zone: only an advanced certificate covers it.
      [["edge", "advancedCertificate"], true],
      [["monitoring", "healthPath"], `/${"p".repeat(254)}`],
    ]);
    const json = synthKind(cfg, "monitoring");
    const descriptions = resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, r]) => String(r.alarm_description));
    expect(descriptions.some((d) => d.includes(hostname))).toBe(true);
    // AlarmDescription at most 1,024 (PutMetricAlarm); a health check's tag value at most 256 (Route 53's Tag.Value).
    expect(descriptions.filter((d) => d.length > 1024)).toEqual([]);
    const names = resourcesOf(json, "aws_route53_health_check").map(([, r]) => String((r.tags as Record<string, string>).Name));
    expect(names.some((n) => n.startsWith(`opsbot-production edge ${"a".repeat(63)}.`))).toBe(true);
    expect(names.filter((n) => n.length > 256)).toEqual([]);
  });

  test("a name that was not cut has nothing cut off (keptOfCutName: undefined), even one ending like a cut name", () => {
    expect(keptOfCutName("opsbot-production edge down: example.com")).toBeUndefined();
    expect(keptOfCutName(`opsbot-production edge down: ${"a".repeat(200)}... 0123abcd`)).toBeUndefined();
    expect(keptOfCutName(`opsbot-production edge down: ${"a".repeat(226)}`)).toBeUndefined();
  });

  test("building alarms that would share a name fails, naming both", () => {
    const cfg = exampleConfig();
    const [edge] = desiredUptimeChecks(cfg);
    if (!edge) throw new Error("no check");
    expect(() => desiredAlarms(cfg, [edge, { ...edge, key: "edge-twin" }])).toThrow(
      `monitoring: alarms ${edge.key}-down and edge-twin-down are both named "opsbot-production edge down: ${edge.fqdn}"`,
    );
  });

  test("plan review: the renamed pool alarm (alarm_name forces a replacement) is no weakening", () => {
    const alarm = (name: string) => ({
      alarm_name: name,
      evaluation_periods: 2,
      period: 60,
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      alarm_actions: ["arn:aws:sns:us-east-1:111111111111:opsbot-production-alerts"],
      insufficient_data_actions: ["arn:aws:sns:us-east-1:111111111111:opsbot-production-alerts"],
    });
    const change: ResourceChange = {
      address: "aws_cloudwatch_metric_alarm.Alarms_pool-blue-1-down_0C2D1A3B",
      mode: "managed",
      type: "aws_cloudwatch_metric_alarm",
      name: "Alarms_pool-blue-1-down_0C2D1A3B",
      change: {
        actions: ["delete", "create"],
        before: alarm("opsbot-production origin down: app.example.com (192.0.2.30)"),
        after: alarm("opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.30)"),
        before_sensitive: {},
        after_sensitive: {},
        after_unknown: {},
      },
    };
    expect(riskFlags(toChangeView(change, undefined)).map((f) => `${f.rule}: ${f.detail}`)).toEqual([]);
  });
});
