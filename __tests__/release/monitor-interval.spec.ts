import { TIER_LIMITS, TIERS } from "../../lib/features/edge/tiers";
import { ReleaseMonitor } from "../../lib/features/release/schema";
import { configErrorText, exampleConfig, type ConfigEdit } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const F = "config/production.yaml";

/** The example config on `plan` with the monitor checking every `interval` seconds (free: no managed rulesets, one rate limit). */
function onPlan(plan: string, interval: number): ConfigEdit[] {
  return [
    [["cloudflare", "plan"], plan],
    [["release", "monitor", "interval"], interval],
    ...(plan === "free"
      ? ([
          [["edge", "waf", "managed"], { cloudflare: false, owasp: false }],
          [["edge", "rateLimits"], undefined],
        ] as ConfigEdit[])
      : []),
  ];
}

describe("release monitor interval: Cloudflare's per-plan minimum", () => {
  test.each([
    ["free", 60],
    ["pro", 60],
    ["business", 15],
    ["enterprise", 10],
  ])("on %s an interval of %is (the plan's minimum) is accepted and synthesized", (plan, interval) => {
    expect(configErrorText(onPlan(plan, interval))).toBe("");
    const traffic = synthKind(exampleConfig(onPlan(plan, interval)), "traffic");
    const monitors = resourcesOf(traffic, "cloudflare_load_balancer_monitor");
    expect(monitors.map(([, m]) => m.interval)).toEqual([interval]);
  });

  test("fails on 30 s on pro, naming the field, the plan, its minimum and the plan that allows it", () => {
    expect(configErrorText(onPlan("pro", 30))).toBe(
      `${F}: release.monitor.interval: 30s is below the pro plan's minimum of 60s; allowed: 60 to 3600 (30s needs business or higher)`,
    );
  });

  test("fails on 59 s on free, which has no shorter minimum than pro", () => {
    expect(configErrorText(onPlan("free", 59))).toBe(
      `${F}: release.monitor.interval: 59s is below the free plan's minimum of 60s; allowed: 60 to 3600 (59s needs business or higher)`,
    );
  });

  test("fails on 10 s on business, naming enterprise", () => {
    expect(configErrorText(onPlan("business", 10))).toBe(
      `${F}: release.monitor.interval: 10s is below the business plan's minimum of 15s; allowed: 15 to 3600 (10s needs enterprise or higher)`,
    );
  });

  test.each(TIERS)("the default interval is valid on %s", (plan) => {
    expect(ReleaseMonitor.parse({}).interval).toBeGreaterThanOrEqual(TIER_LIMITS[plan].monitorMinInterval);
  });

  test.each(["production", "staging"])("the %s example validates, its monitor interval within its plan", (env) => {
    const cfg = exampleConfig([], env);
    expect(cfg.release?.monitor.interval).toBeGreaterThanOrEqual(TIER_LIMITS[cfg.cloudflare.plan].monitorMinInterval);
  });
});
