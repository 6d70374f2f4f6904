import { alarmWatch, BLUE_UNHEALTHY, LOOPBACK_ALARMS } from "./alarm-watch";
import { BLUE_ID, GREEN_ID } from "./fake-cloudflare-api";

// promote --watch reads both pools' health before it moves any weight. The audit's run: both pools
// unhealthy, the watch moved 10% to green, then stopped ("NOT ROLLED BACK: the rollback target blue is
// failing too"), leaving 0.9/0.1 in the config and the load balancer.

const w = alarmWatch([LOOPBACK_ALARMS.GREEN_DOWN, LOOPBACK_ALARMS.BLUE_DOWN, LOOPBACK_ALARMS.EDGE_DOWN]);
const GREEN_UNHEALTHY = { healthy: false, origin: "192.0.2.62", reason: "HTTP 503 Service Unavailable" } as const;

describe("promote --watch: the pre-flight reads both pools' health", () => {
  test("fails (exit 1, no PATCH, config untouched) when both pools are down, naming each", async () => {
    w.api.setPoolHealth(GREEN_ID, GREEN_UNHEALTHY);
    w.api.setPoolHealth(BLUE_ID, BLUE_UNHEALTHY);
    const before = w.fx.read();
    const r = await w.watch();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pre-flight: the candidate: Cloudflare reports green unhealthy: 192.0.2.62 in Ashburn");
    expect(r.stderr).toContain(
      "; the rollback target: Cloudflare reports 0 of 1 blue origin(s) healthy in a majority of the regions that checked them",
    );
    expect(r.stderr).toContain("so nothing changed (no weight moved, no pool changed, config untouched)");
    expect(w.patches()).toEqual([]);
    expect(w.fx.read()).toBe(before);
  });

  test("fails before any weight moves when the rollback target alone is down", async () => {
    w.api.setPoolHealth(BLUE_ID, BLUE_UNHEALTHY);
    const r = await w.watch();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pre-flight: the rollback target: .*down by its majority rule/);
    expect(w.patches()).toEqual([]);
  });
});
