import { downGlobally, POOL_MINIMUM_ORIGINS, readPoolHealth } from "../../lib/features/release/pool-verdict";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { golive } from "../helpers/cli";
import { alarmWatch, BLUE_HEALTH } from "./alarm-watch";
import { BLUE_ID } from "./fake-cloudflare-api";
import { greenWeight, isRollbackToBlue, releaseOf } from "./release-fixture";

// The rollback target is judged as Cloudflare judges it: one global verdict, an origin healthy when healthy
// in a majority of the regions that checked it, the pool up with at least its minimum of origins up
// (load-balancing/monitors, understand-basics/regional-health). The audit's case 3: blue's pool reported healthy in every region, one of its origins down in one region; the watch
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

describe("Cloudflare's health of a pool, per region (readPoolHealth, downGlobally)", () => {
  test("an origin down where the pool is up: the pool is unhealthy as a candidate's check reads it, but not down anywhere", () => {
    const h = readPoolHealth({ pop_health: ORIGIN_DOWN_IN_ONE });
    expect(h).toMatchObject({ state: "unhealthy", regions: 2, poolDown: [] });
    expect(h.unhealthy).toEqual([{ region: "Ashburn, VA, United States", origin: "192.0.2.61", reason: "HTTP 503 Service Unavailable" }]);
    expect(downGlobally(h)).toBe(false);
  });

  test("down in one region of two is down: a tie (healthy in 1 of 2) is not a majority healthy; down in both is too", () => {
    expect(readPoolHealth({ pop_health: POOL_DOWN_IN_ONE }).poolDown).toEqual(["Frankfurt, Germany"]);
    expect(downGlobally(readPoolHealth({ pop_health: POOL_DOWN_IN_ONE }))).toBe(true);
    expect(downGlobally(readPoolHealth({ pop_health: POOL_DOWN_IN_BOTH }))).toBe(true);
    expect(downGlobally(readPoolHealth({ pop_health: { healthy: false, origins: [] } }))).toBe(true); // one region, the SDK's shape
  });

  test("an origin counts as up when healthy in a majority of the regions that listed it; the pool needs its minimum of such origins", () => {
    const region = (blue1: boolean, blue2: boolean) => ({
      healthy: blue1 || blue2,
      origins: [{ "192.0.2.61": origin(blue1) }, { "192.0.2.63": origin(blue2) }],
    });
    // blue-1 up in 2 of 3, blue-2 in 1 of 3: one origin up, the minimum
    const twoOfThree = { Ashburn: region(true, false), Frankfurt: region(true, false), Sydney: region(false, true) };
    expect(readPoolHealth({ pop_health: twoOfThree }).originVotes).toEqual({
      "192.0.2.61": { checked: 3, healthy: 2 },
      "192.0.2.63": { checked: 3, healthy: 1 },
    });
    expect(downGlobally(readPoolHealth({ pop_health: twoOfThree }))).toBe(false);
    // each origin up in 1 of 3: the pool up in two regions of three, yet no origin up by the majority rule
    const scattered = { Ashburn: region(true, false), Frankfurt: region(false, true), Sydney: region(false, false) };
    expect(downGlobally(readPoolHealth({ pop_health: scattered }))).toBe(true);
    // with no origin listed, the pool's own verdicts decide, by majority
    const bare = (healthy: boolean) => ({ healthy, origins: [] });
    expect(downGlobally(readPoolHealth({ pop_health: { A: bare(true), B: bare(true), C: bare(false) } }))).toBe(false);
    expect(downGlobally(readPoolHealth({ pop_health: { A: bare(true), B: bare(false) } }))).toBe(true);
  });

  test("the minimum the rule uses is the one the pool is deployed with", () => {
    const pools = resourcesOf(synthKind(exampleConfig(), "traffic"), "cloudflare_load_balancer_pool").map(([, pool]) => pool);
    expect(pools.length).toBeGreaterThan(0);
    for (const pool of pools) expect(pool).toMatchObject({ minimum_origins: POOL_MINIMUM_ORIGINS });
  });

  test("a region without the pool's own verdict is not reporting: unknown, never healthy; an origin with a failure reason and no verdict is down", () => {
    // The SDK's typings make `healthy` optional: an answer without it must not pass a candidate's check.
    expect(readPoolHealth({ pop_health: { Amsterdam: { origins: [{ "192.0.2.40": { failure_reason: "No failures" } }] } } })).toEqual({
      state: "unknown",
      regions: 0,
      poolDown: [],
      unhealthy: [],
      originVotes: {},
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
    expect(downGlobally(readPoolHealth({ pop_health: {} }))).toBe(false);
    expect(downGlobally(readPoolHealth({ pop_health: { Ashburn: { origins: [{ "192.0.2.61": origin(false) }] } } }))).toBe(false);
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

describe("promote --watch rolls back onto a pool only when Cloudflare's global verdict holds it up", () => {
  test("the audit's case 3: blue's pool healthy in both regions, one of its origins down in one: green is rolled back", async () => {
    greenFailsAtFifty(ORIGIN_DOWN_IN_ONE);
    const r = await w.watch(["--no-alarms"]);
    expect(r.code).toBe(1);
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stdout).toMatch(
      /\n {2}the rollback target, read first \(\d+ ms\): Cloudflare reports 1 of 2 blue origin\(s\) healthy in a majority of the regions that checked them \(the pool needs 1\) \(reported down: 192\.0\.2\.61 in Ashburn, VA, United States \(HTTP 503 Service Unavailable\)\): up by Cloudflare's majority rule, a rollback target\n/,
    );
    expect(r.stdout + r.stderr).not.toContain("Both colours are failing");
  });

  test("blue's pool down in one region of two: not a majority healthy, so NOT rolled back onto it, the run naming where it is down", async () => {
    greenFailsAtFifty(POOL_DOWN_IN_ONE);
    const r = await w.watch(["--no-alarms", "--json"]);
    expect(r.code).toBe(1);
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(0);
    expect(w.patches().map(greenWeight)).toEqual([0.1, 0.5]);
    expect(JSON.parse(r.stdout)).toMatchObject({ hold: { reason: "rollback-target-unhealthy" } });
    expect(r.stderr).toContain(
      "AND the rollback target blue is failing too: Cloudflare reports 0 of 2 blue origin(s) healthy in a majority of the regions that checked them (the pool needs 1); the pool unhealthy in 1 of 2 region(s) (Frankfurt, Germany) (reported down: ",
    );
    expect(r.stderr).toContain("): down by Cloudflare's majority rule. Both colours are failing");
  });

  test("fails to roll back onto blue's pool down in every region that checked it too: nothing more sent, weights left at 50%", async () => {
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
      "AND the rollback target blue is failing too: Cloudflare reports 0 of 2 blue origin(s) healthy in a majority of the regions that checked them (the pool needs 1); the pool unhealthy in 2 of 2 region(s) (Ashburn, VA, United States, Frankfurt, Germany) (reported down: 192.0.2.61 in Ashburn, VA, United States",
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
    expect(w.api.requests.filter((q) => BLUE_HEALTH.test(`${q.method} ${q.path}`))).toHaveLength(2); // the pre-flight's, then this one
  });

  test("a --timeout-ms shorter than 2 s bounds it instead", async () => {
    const log = await hangingTarget(500);
    expect(log.rollback.targetHealth.unread).toContain("did not answer within 500 ms (one attempt, no retry)");
    // The claim is "not the 2 s default": anything short of it proves the flag bounded the read, however
    // busy the runner (the message names the 500 ms).
    expect(log.rollback.targetHealth.ms).toBeLessThan(1900);
  });
});
