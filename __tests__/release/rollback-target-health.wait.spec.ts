import { downEverywhere, readPoolHealth } from "../../lib/features/release/analysis";
import { golive } from "../helpers/cli";
import { alarmWatch, BLUE_HEALTH } from "./alarm-watch";
import { BLUE_ID } from "./fake-cloudflare-api";
import { greenWeight, isRollbackToBlue, releaseOf } from "./release-fixture";

// The rollback target is judged by Cloudflare's verdict on the pool itself, per region. The audit's
// case 3: blue's pool reported healthy in every region, one of its origins down in one region; the watch
// read that as "target unhealthy", refused to roll back ("Both colours are failing ... keeps the 50%
// step") and left half the sessions on the failing green.

const origin = (healthy: boolean) => ({ healthy, failure_reason: healthy ? "No failures" : "HTTP 503 Service Unavailable" });
/** pop_health of blue's pool (blue-1 192.0.2.61, blue-2 192.0.2.63) in two regions. */
const pop = (ashburn: { pool: boolean; blue1: boolean }, frankfurt: { pool: boolean; blue1: boolean }) => ({
  "Ashburn, VA, United States": {
    healthy: ashburn.pool,
    origins: [{ "192.0.2.61": origin(ashburn.blue1) }, { "192.0.2.63": origin(ashburn.pool) }],
  },
  "Frankfurt, Germany": {
    healthy: frankfurt.pool,
    origins: [{ "192.0.2.61": origin(frankfurt.blue1) }, { "192.0.2.63": origin(frankfurt.pool) }],
  },
});
const ORIGIN_DOWN_IN_ONE = pop({ pool: true, blue1: false }, { pool: true, blue1: true });
const POOL_DOWN_IN_ONE = pop({ pool: true, blue1: true }, { pool: false, blue1: false });
const POOL_DOWN_IN_BOTH = pop({ pool: false, blue1: false }, { pool: false, blue1: false });

describe("Cloudflare's health of a pool, per region (readPoolHealth, downEverywhere)", () => {
  test("an origin down where the pool is up: the pool is unhealthy as a candidate's check reads it, but not down anywhere", () => {
    const h = readPoolHealth({ pop_health: ORIGIN_DOWN_IN_ONE });
    expect(h).toMatchObject({ state: "unhealthy", regions: 2, poolDown: [] });
    expect(h.unhealthy).toEqual([{ region: "Ashburn, VA, United States", origin: "192.0.2.61", reason: "HTTP 503 Service Unavailable" }]);
    expect(downEverywhere(h)).toBe(false);
  });

  test("down in one region of two is not down everywhere; down in both is", () => {
    expect(readPoolHealth({ pop_health: POOL_DOWN_IN_ONE }).poolDown).toEqual(["Frankfurt, Germany"]);
    expect(downEverywhere(readPoolHealth({ pop_health: POOL_DOWN_IN_ONE }))).toBe(false);
    expect(downEverywhere(readPoolHealth({ pop_health: POOL_DOWN_IN_BOTH }))).toBe(true);
    expect(downEverywhere(readPoolHealth({ pop_health: { healthy: false, origins: [] } }))).toBe(true); // one region, the SDK's shape
  });

  test("a region without the pool's own verdict is not reporting: unknown, never healthy; an origin with a failure reason and no verdict is down", () => {
    // The SDK's typings make `healthy` optional: an answer without it must not pass a candidate's check.
    expect(readPoolHealth({ pop_health: { Amsterdam: { origins: [{ "192.0.2.40": { failure_reason: "No failures" } }] } } })).toEqual({
      state: "unknown",
      regions: 0,
      poolDown: [],
      unhealthy: [],
    });
    expect(
      readPoolHealth({ pop_health: { Amsterdam: { origins: [{ "192.0.2.40": { failure_reason: "HTTP timeout occurred" } }] } } }),
    ).toMatchObject({
      state: "unhealthy",
      unhealthy: [{ region: "Amsterdam", origin: "192.0.2.40", reason: "HTTP timeout occurred" }],
    });
    expect(readPoolHealth({ pop_health: { Amsterdam: { healthy: true, origins: [] }, Paris: { origins: [] } } })).toMatchObject({
      state: "healthy",
      regions: 1,
    });
  });

  test("no region reporting, or a region without the pool's own verdict, is not down", () => {
    expect(downEverywhere(readPoolHealth({ pop_health: {} }))).toBe(false);
    expect(downEverywhere(readPoolHealth({ pop_health: { Ashburn: { origins: [{ "192.0.2.61": origin(false) }] } } }))).toBe(false);
  });
});

const w = alarmWatch([]);

/** Green fails its probes at 50% while Cloudflare reports blue's pool as `blue`. */
function greenFailsAtFifty(blue: Record<string, unknown>): void {
  w.atFifty([], () => {
    w.green.failing = true;
    w.api.setPoolHealth(BLUE_ID, { pop: blue });
  });
}

describe("promote --watch rolls back onto a pool Cloudflare reports up in some region", () => {
  test("the audit's case 3: blue's pool healthy in both regions, one of its origins down in one: green is rolled back", async () => {
    greenFailsAtFifty(ORIGIN_DOWN_IN_ONE);
    const r = await w.watch(["--no-alarms"]);
    expect(r.code).toBe(1);
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stdout).toMatch(
      /\n {2}the rollback target, read first \(\d+ ms\): Cloudflare reports the blue pool healthy in 2 of 2 region\(s\) \(reported down: 192\.0\.2\.61 in Ashburn, VA, United States \(HTTP 503 Service Unavailable\)\): up somewhere, a rollback target\n/,
    );
    expect(r.stdout + r.stderr).not.toContain("Both colours are failing");
  });

  test("blue's pool down in one region of two: still rolled back, the run naming where it is down", async () => {
    greenFailsAtFifty(POOL_DOWN_IN_ONE);
    const r = await w.watch(["--no-alarms"]);
    expect(r.code).toBe(1);
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(r.stdout).toContain(
      "Cloudflare reports the blue pool healthy in 1 of 2 region(s), unhealthy in Frankfurt, Germany (reported down: ",
    );
  });

  test("fails to roll back onto blue's pool down in every region that checked it: nothing more sent, weights left at 50%", async () => {
    greenFailsAtFifty(POOL_DOWN_IN_BOTH);
    const r = await w.watch(["--no-alarms", "--json"]);
    expect(r.code).toBe(1);
    expect(w.patches().map(greenWeight)).toEqual([0.1, 0.5]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      hold: {
        reason: "rollback-target-unhealthy",
        rollbackTarget: { health: { poolDown: ["Ashburn, VA, United States", "Frankfurt, Germany"] } },
      },
    });
    expect(r.stderr).toContain(
      "AND the rollback target blue is failing too: Cloudflare reports the blue pool unhealthy in every region that checked it (2): 192.0.2.61 in Ashburn, VA, United States",
    );
  });
});

interface TargetRun {
  readonly outcome: string;
  readonly rollback: { readonly firstFailureToRollbackMs: number; readonly targetHealth: { readonly unread: string; readonly ms: number } };
}

/** Green fails its probes at 50% while blue's health endpoint never answers: the watch's JSON log, with `--timeout-ms timeoutMs`. */
async function hangingTarget(timeoutMs: number, run: typeof golive = golive): Promise<TargetRun> {
  w.atFifty([], () => {
    w.green.failing = true;
    w.api.fail(BLUE_HEALTH, ["hang"]);
  });
  const args = w.args(["--no-alarms", "--json"]).map((a, i, all) => (all[i - 1] === "--timeout-ms" ? String(timeoutMs) : a));
  const r = await run(args, { cwd: w.fx.dir, env: w.env() });
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout) as TargetRun;
}

describe("the rollback target's health is read within a short bound", () => {
  test("a health endpoint that never answers holds the rollback about 2 s, not --timeout-ms (10 s): one attempt, said as such, then the rollback", async () => {
    const log = await hangingTarget(10000);
    expect(log.outcome).toBe("rolled-back");
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(log.rollback.targetHealth.unread).toBe(
      "reading the health of pool opsbot-production-blue: the Cloudflare API did not answer within 2000 ms (one attempt, no retry)",
    );
    expect(log.rollback.targetHealth.ms).toBeGreaterThanOrEqual(1900);
    expect(log.rollback.targetHealth.ms).toBeLessThan(5000);
    expect(log.rollback.firstFailureToRollbackMs).toBeLessThan(6000);
    expect(w.api.requests.filter((q) => BLUE_HEALTH.test(`${q.method} ${q.path}`))).toHaveLength(1);
  });

  test("a --timeout-ms shorter than 2 s bounds it instead", async () => {
    const log = await hangingTarget(500);
    expect(log.rollback.targetHealth.unread).toContain("did not answer within 500 ms (one attempt, no retry)");
    expect(log.rollback.targetHealth.ms).toBeLessThan(1500);
  });
});
