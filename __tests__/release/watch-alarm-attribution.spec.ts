import { alarmConcern, alarmScope } from "../../lib/features/release/alarm-attribution";
import { desiredAlarms } from "../../lib/features/monitoring/alarms";
import { desiredUptimeChecks } from "../../lib/features/monitoring/uptime-checks";
import { golive } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { alarmWatch, BLUE_HEALTH, BLUE_UNHEALTHY, LOOPBACK_ALARMS } from "./alarm-watch";
import { BLUE_ID, GREEN_ID } from "./fake-cloudflare-api";
import { greenWeight, isRollbackToBlue, releaseOf } from "./release-fixture";
import { HOSTNAME } from "./stand-in-constants";

// Only the candidate's own signals fail it. The audit's run: green v2 at 50%, blue's origin alarm in
// ALARM and Cloudflare reporting blue's pool unhealthy, green healthy; the watch counted every alarm of
// "opsbot-production ", rolled the healthy green back and sent 100% (and the fallback) to the failing blue.

describe("whose alarm is it (alarmConcern)", () => {
  test("every alarm the monitoring stack declares for the example: pool origins by colour, the load-balanced hostname's edge environment-wide, other hosts unrelated", () => {
    const cfg = exampleConfig();
    if (!cfg.release) throw new Error("the example has a release section");
    const scope = alarmScope(cfg, cfg.release);
    const concerns = desiredAlarms(cfg, desiredUptimeChecks(cfg)).map((a) => [a.name, alarmConcern(a.name, scope)]);
    expect(Object.fromEntries(concerns)).toEqual({
      "opsbot-production edge down: example.com": "other-host",
      "opsbot-production edge down: chat.example.com": "other-host",
      "opsbot-production edge down: api.example.com": "other-host",
      "opsbot-production edge down: app.example.com": "environment",
      "opsbot-production origin down: example.com (192.0.2.10)": "other-host",
      "opsbot-production origin down: chat.example.com (192.0.2.11)": "other-host",
      "opsbot-production origin down: origin-api.example.net": "other-host",
      "opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.30)": "rollback-target",
      "opsbot-production origin down: app.example.com (blue pool origin blue-2, 192.0.2.31)": "rollback-target",
      "opsbot-production origin down: app.example.com (green pool origin green-1, 192.0.2.40)": "candidate",
      "opsbot-production origin down: app.example.com (green pool origin green-2, 192.0.2.41)": "candidate",
      "opsbot-production average latency over 500 ms: chat.example.com (origin)": "other-host",
    });
    // the other colour as the candidate: the same alarms change sides
    expect(
      alarmConcern("opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.30)", { ...scope, candidate: "blue" }),
    ).toBe("candidate");
  });

  test.each([
    "opsbot-production average latency over 500 ms: app.example.com (edge)",
    "opsbot-production origin down: app.example.com (192.0.2.99)", // an origin alarm of the load-balanced hostname at no pool's address
    "opsbot-production edge down: app.example.com (extra words)", // not a name the monitoring stack writes
    "opsbot-production 5xx rate", // made by hand: golive cannot tell whose
    "opsbot-production-5xx",
  ])("fails to name a colour for %j: environment-wide", (name) => {
    const cfg = exampleConfig();
    if (!cfg.release) throw new Error("the example has a release section");
    expect(cfg.release.hostname).toBe(HOSTNAME);
    expect(alarmConcern(name, alarmScope(cfg, cfg.release))).toBe("environment");
  });
});

const { BLUE_DOWN, GREEN_DOWN, EDGE_DOWN, OTHER_HOST_DOWN } = LOOPBACK_ALARMS;
const ALARMS = Object.values(LOOPBACK_ALARMS);

const w = alarmWatch(ALARMS);
const { watch, patches, atFifty } = w;

describe("promote --watch reads alarms of config's account only", () => {
  test("alarms read at 50% from another account than config's: the check cannot be read, so it fails and green is rolled back", async () => {
    atFifty([], () => {
      w.cw.accountId = "123456789012";
    });
    const r = await watch();
    expect(r.code).toBe(1);
    expect(patches().map(greenWeight).slice(0, 2)).toEqual([0.1, 0.5]);
    expect(patches().some(isRollbackToBlue)).toBe(true);
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stdout).toContain(
      `CloudWatch alarms "opsbot-production *" in us-east-1 could not be read: alarm "${ALARMS[0]}" is in AWS account 123456789012 (its AlarmArn), not secrets.accountId 111111111111`,
    );
  });
});

describe("promote --watch counts only the candidate's own signals", () => {
  test("the audit's run: blue's origin alarm and blue's pool unhealthy at 50%, green healthy: green is not rolled back, it completes", async () => {
    atFifty([BLUE_DOWN], () => w.api.setPoolHealth(BLUE_ID, BLUE_UNHEALTHY));
    const r = await golive(w.args(), { cwd: w.fx.dir, env: w.env() });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(patches().some(isRollbackToBlue)).toBe(false);
    expect(patches().map(greenWeight)).toEqual([0.1, 0.5, 1]);
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "green", weights: { blue: 0, green: 100 }, phase: "idle" });
    expect(r.stdout).toContain(
      `alarms       passed       CloudWatch alarms "opsbot-production *" in us-east-1: none of green's own or environment-wide in ALARM or INSUFFICIENT_DATA (4 read); not counted against green: 1 of blue's, the rollback target's (${BLUE_DOWN} (ALARM))`,
    );
  });

  test("green failing at 50% while blue is unhealthy too: no rollback PATCH, the weights left at 50%, exit 1, both colours named failing", async () => {
    atFifty([GREEN_DOWN, BLUE_DOWN], () => w.api.setPoolHealth(BLUE_ID, BLUE_UNHEALTHY));
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(patches().map(greenWeight)).toEqual([0.1, 0.5]);
    expect(w.api.loadBalancer()).toMatchObject({
      default_pools: [BLUE_ID, GREEN_ID],
      fallback_pool: BLUE_ID,
      random_steering: { pool_weights: { [BLUE_ID]: 0.5, [GREEN_ID]: 0.5 } },
    });
    expect(w.api.pool(GREEN_ID)?.description).toBeUndefined(); // not marked: nothing was rolled back
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 50, green: 50 }, phase: "releasing" });
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: "stopped",
      loadBalancer: "serves-config",
      failure: { percent: 50, checks: [{ check: "alarms", status: "failed" }] },
      hold: { percent: 50, reason: "rollback-target-unhealthy", rollbackTarget: { colour: "blue", health: { state: "unhealthy" } } },
    });
    expect(r.stderr).toContain(
      "AND the rollback target blue is failing too: Cloudflare reports 0 of 1 blue origin(s) healthy in a majority of the regions that checked them (the pool needs 1); " +
        "the pool unhealthy in 1 of 1 region(s) (Ashburn, VA, United States) (reported down: 192.0.2.61 in Ashburn, VA, United States (HTTP 503 Service Unavailable)): down by Cloudflare's majority rule. " +
        "Both colours are failing, so the watch did NOT roll back (that would send every session to a failing pool) and sent nothing more; " +
        "read back, the load balancer keeps the 50% step (blue 0.5, green 0.5 (fallback blue)), as config/production.yaml records.",
    );
    expect(r.stderr).toContain(
      'once blue is healthy, roll back: golive release rollback production --now (runbooks/rollback.md, "Both colours failing")',
    );
  });

  test("an environment-wide alarm at 50% (the load-balanced hostname's edge) holds the walk: no rollback, no further step, exit 1", async () => {
    atFifty([EDGE_DOWN]);
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(patches().map(greenWeight)).toEqual([0.1, 0.5]);
    expect(releaseOf(w.fx.read())).toMatchObject({ weights: { blue: 50, green: 50 }, phase: "releasing" });
    const log = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(log).toMatchObject({ outcome: "stopped", loadBalancer: "serves-config", hold: { percent: 50, reason: "environment-alarms" } });
    expect(log.failure).toBeUndefined();
    expect(r.stderr).toContain(
      `held at 50% without a rollback: alarms: CloudWatch alarms "opsbot-production *" in us-east-1: 1 of 4 in ALARM or INSUFFICIENT_DATA: 1 environment-wide, neither colour's alone (${EDGE_DOWN} (ALARM)). ` +
        "These alarms are neither colour's alone, so green is neither rolled back for them nor given more traffic; " +
        "read back, the load balancer keeps the 50% step (blue 0.5, green 0.5 (fallback blue)), as config/production.yaml records. Find what they report",
    );
    // once they are OK, a second run goes on from 50%
    w.cw.alarms = ALARMS.map((name) => ({ AlarmName: name, StateValue: "OK" }));
    w.api.onPatch(() => {});
    const again = await watch();
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: "" });
    expect(patches().map(greenWeight)).toEqual([0.1, 0.5, 1]);
  });

  test("another host's alarm (the marketing page's origin) neither rolls back nor holds the candidate", async () => {
    atFifty([OTHER_HOST_DOWN]);
    const r = await watch();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain(`not counted against green: 1 of other hosts than app.example.com (${OTHER_HOST_DOWN} (ALARM))`);
  });

  test("the rollback target's health that cannot be read does not keep a failing candidate from its rollback", async () => {
    atFifty([], () => {
      w.green.failing = true;
      w.api.fail(BLUE_HEALTH, [{ status: 500 }]); // read once, no retry
    });
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(patches().filter(isRollbackToBlue)).toHaveLength(1);
    const log = JSON.parse(r.stdout) as { outcome: string; rollback: { targetHealth: { unread: string; ms: number } } };
    expect(log.outcome).toBe("rolled-back");
    expect(log.rollback.targetHealth.unread).toBe(
      "reading the health of pool opsbot-production-blue: the Cloudflare API answered HTTP 500 (one attempt, no retry)",
    );
    expect(w.api.requests.filter((q) => BLUE_HEALTH.test(`${q.method} ${q.path}`))).toHaveLength(2); // the pre-flight's, then this one
  });

  test("a healthy rollback target is read before the rollback, which is then sent at once", async () => {
    atFifty([GREEN_DOWN]);
    const r = await watch();
    expect(r.code).toBe(1);
    expect(patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(r.stdout).toMatch(
      /\n {2}the rollback target, read first \(\d+ ms\): Cloudflare reports the blue pool healthy in 1 of 1 region\(s\)\n/,
    );
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
  });
});
