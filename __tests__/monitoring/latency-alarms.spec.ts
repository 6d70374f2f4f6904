/**
 * The latency alarm of a load-balanced hostname timed at its origins (`monitoring.latency.target:
 * origin`) watches every pool origin, each in an alarm of its own named by its colour and origin, so a
 * slow green fires whether green is the candidate at 10 % or live at 100 %, and the release watch puts
 * it on green (lib/features/release/alarm-attribution.ts). Its first pool origin alone (blue-1) was timed
 * before, whichever colour served.
 */
import type { AppConfig } from "../../lib/config/schema";
import { alarmConcern, alarmScope } from "../../lib/features/release/alarm-attribution";
import { type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

const TIMED_APP: ConfigEdit = [["monitoring", "latency", "hostname"], "app.example.com"];
const ORIGINS = [
  ["blue", "blue-1", "192.0.2.30"],
  ["blue", "blue-2", "192.0.2.31"],
  ["green", "green-1", "192.0.2.40"],
  ["green", "green-2", "192.0.2.41"],
] as const;

const latencyAlarms = (j: SynthJson) =>
  resourcesOf(j, "aws_cloudwatch_metric_alarm").filter(([, a]) => a.metric_name === "TimeToFirstByte");
const healthCheckId = (a: Record<string, unknown>) => JSON.stringify(a.dimensions);
const ref = (id: string) => JSON.stringify({ HealthCheckId: `\${aws_route53_health_check.${id}.id}` });

describe("the latency alarms of a load-balanced hostname timed at its origins", () => {
  const cfg = exampleConfig([TIMED_APP]);
  const json = synthKind(cfg, "monitoring");

  test("one per pool origin, blue and green, each on that origin's own check, named by colour and origin", () => {
    const alarms = latencyAlarms(json);
    expect(alarms.map(([, a]) => a.alarm_name).sort()).toEqual(
      ORIGINS.map(
        ([colour, name, ip]) =>
          `opsbot-production average latency over 500 ms: app.example.com (origin, ${colour} pool origin ${name}, ${ip})`,
      ),
    );
    const checks = resourcesOf(json, "aws_route53_health_check");
    for (const [colour, name, ip] of ORIGINS) {
      const [id] = checks.find(([, c]) => c.ip_address === ip) ?? [];
      const [, alarm] = alarms.find(([, a]) => String(a.alarm_name).includes(`${colour} pool origin ${name},`)) ?? [];
      expect(alarm && healthCheckId(alarm)).toBe(ref(String(id)));
      expect(String(alarm?.alarm_description)).toContain(`(origin check of app.example.com: ${colour} pool origin ${name}, ${ip})`);
    }
  });

  test("the monitoring stack is the same at every release step: 50 %, and green live at 100 %", () => {
    const at = (edits: ConfigEdit[]) => synthKind(exampleConfig([TIMED_APP, ...edits]), "monitoring");
    const half: ConfigEdit = [["release", "weights"], { blue: 50, green: 50 }];
    expect(at([half])).toEqual(json);
    const greenLive: ConfigEdit[] = [
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "previous"], "green"],
      [["release", "weights"], { blue: 0, green: 100 }],
    ];
    expect(at(greenLive)).toEqual(json);
  });

  test("the release watch puts a slow candidate's alarm on the candidate and the live colour's on the rollback target", () => {
    const concerns = (c: AppConfig) => {
      const release = c.release;
      if (!release) throw new Error("no release in the example");
      return latencyAlarms(json).map(([, a]) => [
        String(a.alarm_name).replace(/^.*\((origin, \w+).*$/, "$1"),
        alarmConcern(String(a.alarm_name), alarmScope(c, release)),
      ]);
    };
    // The example's release: blue live, green the candidate.
    expect(concerns(cfg)).toEqual([
      ["origin, blue", "rollback-target"],
      ["origin, blue", "rollback-target"],
      ["origin, green", "candidate"],
      ["origin, green", "candidate"],
    ]);
    const blueCandidate = exampleConfig([
      TIMED_APP,
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "previous"], "green"],
    ]);
    expect(concerns(blueCandidate).map(([, concern]) => concern)).toEqual(["candidate", "candidate", "rollback-target", "rollback-target"]);
  });

  test("a hostname behind one origin keeps its one latency alarm, its construct id and name as before", () => {
    const [[id, alarm] = []] = latencyAlarms(synthKind(exampleConfig(), "monitoring"));
    expect(id).toMatch(/^Alarms_latency-average_[0-9A-F]{8}$/);
    expect(alarm?.alarm_name).toBe("opsbot-production average latency over 500 ms: chat.example.com (origin)");
  });
});
