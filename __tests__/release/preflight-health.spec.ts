import { readPoolHealth } from "../../lib/features/release/pool-verdict";
import { preflightHealthRefusal } from "../../lib/features/release/preflight-health";

// Before promote --watch moves any weight, both pools' health is read. The audit's run: both pools
// unhealthy, the watch moved 10% to green, then stopped ("NOT ROLLED BACK: the rollback target blue is
// failing too"), leaving 0.9/0.1 in the config and the load balancer.

/** Cloudflare's health answer: each region's verdict on the pool, with one origin's. */
const health = (regions: Record<string, { readonly healthy: boolean; readonly origin: string }>) =>
  readPoolHealth({
    pop_health: Object.fromEntries(
      Object.entries(regions).map(([region, r]) => [
        region,
        { healthy: r.healthy, origins: [{ [r.origin]: { healthy: r.healthy, failure_reason: r.healthy ? "No failures" : "HTTP 503" } }] },
      ]),
    ),
  });
const GREEN_UP = health({ "Ashburn, VA": { healthy: true, origin: "192.0.2.62" } });
const GREEN_DOWN = health({ "Ashburn, VA": { healthy: false, origin: "192.0.2.62" } });
const BLUE_UP = health({ "Ashburn, VA": { healthy: true, origin: "192.0.2.61" } });
const BLUE_DOWN = health({ "Ashburn, VA": { healthy: false, origin: "192.0.2.61" } });
const green = (h: typeof GREEN_UP) => ({ colour: "green" as const, health: h });
const blue = (h: typeof BLUE_UP) => ({ colour: "blue" as const, health: h });

describe("pre-flight pool health of promote --watch (preflightHealthRefusal)", () => {
  test("both pools healthy: the walk may start", () => {
    expect(preflightHealthRefusal(green(GREEN_UP), blue(BLUE_UP), false)).toBeUndefined();
  });

  test("fails when both pools are down, naming each (the audit's run)", () => {
    expect(preflightHealthRefusal(green(GREEN_DOWN), blue(BLUE_DOWN), false)).toBe(
      "the candidate: Cloudflare reports green unhealthy: 192.0.2.62 in Ashburn, VA (HTTP 503); " +
        "the rollback target: Cloudflare reports 0 of 1 blue origin(s) healthy in a majority of the regions that checked them " +
        "(reported down: 192.0.2.61 in Ashburn, VA (HTTP 503)), down by its majority rule, so a failed step could not be rolled back onto it",
    );
  });

  test("fails when the rollback target alone is down by Cloudflare's majority rule; one region of three down is not", () => {
    expect(preflightHealthRefusal(green(GREEN_UP), blue(BLUE_DOWN), false)).toMatch(/^the rollback target: /);
    const minority = health({
      "Ashburn, VA": { healthy: false, origin: "192.0.2.61" },
      "Frankfurt, DE": { healthy: true, origin: "192.0.2.61" },
      "Singapore, SG": { healthy: true, origin: "192.0.2.61" },
    });
    expect(preflightHealthRefusal(green(GREEN_UP), blue(minority), false)).toBeUndefined();
  });

  test("fails when the candidate alone is unhealthy; no health data fails it only without probes", () => {
    expect(preflightHealthRefusal(green(GREEN_DOWN), blue(BLUE_UP), false)).toMatch(/^the candidate: Cloudflare reports green unhealthy/);
    const none = readPoolHealth({});
    expect(preflightHealthRefusal(green(none), blue(BLUE_UP), false)).toBeUndefined();
    expect(preflightHealthRefusal(green(none), blue(BLUE_UP), true)).toMatch(/^the candidate: Cloudflare has no health data for green yet/);
  });
});
