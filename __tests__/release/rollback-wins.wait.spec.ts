import { writeFileSync } from "node:fs";
import { type CliRun, golive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { loopbackReleaseEachTest } from "./loopback-release";
import type { Origin } from "./local-origin";
import { greenWeight, loopbackWatchArgs, type ReleaseFixture, releaseFixture, rollbackNowFrom } from "./release-fixture";
import { HOSTNAME, LB_GET, LB_PATCH, TOKEN } from "./stand-in-constants";

// A rollback always wins over a running watch (runbooks/rollback.md): the API has no compare-and-set, so
// a watch's step and a break-glass rollback from another copy can land in either order. The watch reads
// back right before each PATCH and reads the candidate's rollback mark after it; the rollback reads the
// load balancer back after its mark and applies itself again. The stand-in's hooks hold one request
// until the other run has gone through, so each interleaving is reproduced without timing.

const ca = createTestCa("golive rollback wins CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });
const GREEN_GET = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}$`);
const GREEN_PATCH = new RegExp(`^PATCH /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}$`);
const ROLLED_BACK = { default_pools: [BLUE_ID], fallback_pool: BLUE_ID, random_steering: { pool_weights: { [BLUE_ID]: 1 } } };
const STEP_100 = {
  default_pools: [GREEN_ID, BLUE_ID],
  random_steering: { default_weight: 0, pool_weights: { [GREEN_ID]: 1, [BLUE_ID]: 0 } },
};

let api: FakeCloudflareApi;
let green: Origin;
let fx: ReleaseFixture;

const release = loopbackReleaseEachTest(leaf, ca);
beforeEach(() => {
  ({ api, green, fx } = release());
});

const watch = () =>
  golive(loopbackWatchArgs(api.baseUrl, green.port, release().caFile), { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
const keys = () => api.requests.map((q) => `${q.method} ${q.path}`);

test("the watch reads the load balancer and the candidate pool back right before each PATCH, and the pool after it", async () => {
  const r = await watch();
  expect(r.code).toBe(0);
  const all = keys();
  const patches = all.flatMap((k, i) => (LB_PATCH.test(k) ? [i] : []));
  expect(patches).toHaveLength(3);
  for (const [n, i] of patches.entries()) {
    expect(all[i - 1]).toMatch(GREEN_GET); // the mark, last before the PATCH
    if (n > 0) expect(all[i - 2]).toMatch(LB_GET); // the steering this watch last set
    expect(all[i + 1]).toMatch(GREEN_GET); // the mark again, right after
  }
});

test("a rollback --now from another copy that lands while the watch's 100% step is on its way wins: the watch restores it and stops, exit 1, never completed", async () => {
  // The audit's run: the rollback printed "Cloudflare now serves blue", the watch "release completed", and green served 100% marked rolled back.
  let rolledBack: Promise<CliRun> | undefined;
  api.onPatch(async (body) => {
    if (greenWeight(body) !== 1 || rolledBack !== undefined) return;
    const other = releaseFixture();
    writeFileSync(other.file, fx.read()); // a second working copy, at the 50% step the watch wrote
    rolledBack = rollbackNowFrom(other, api.baseUrl, TOKEN);
    await rolledBack; // the watch's 100% PATCH is held until the rollback has gone through whole
  });
  const r = await watch();
  if (rolledBack === undefined) throw new Error("the rollback never ran");
  const b = await rolledBack;
  expect({ code: b.code, stderr: b.stderr }).toEqual({ code: 0, stderr: "" });
  expect(r.code).toBe(1);
  expect(api.loadBalancer()).toMatchObject(ROLLED_BACK);
  expect(r.stdout).not.toContain("release completed");
  expect(r.stderr).toContain("a rollback ran meanwhile: Cloudflare's green pool is marked rolled back (");
  expect(r.stderr).toContain(
    "after this watch's 100% step; the rollback's steering was restored (read back: blue 1 (fallback blue); this watch's step had overwritten it (green 1, blue 0 (fallback blue)), so it was applied again)",
  );
  // The watch's three steps, the rollback, then the rollback applied again by the watch, after the mark.
  const lbPatches = api.requests.filter((q) => LB_PATCH.test(`${q.method} ${q.path}`));
  expect(lbPatches.map((q) => greenWeight(q.body) ?? 0)).toEqual([0.1, 0.5, 1, 0, 0]);
  const all = keys();
  const lastSteering = all.length - 1 - [...all].reverse().findIndex((k) => LB_PATCH.test(k));
  expect(all.findIndex((k) => GREEN_PATCH.test(k))).toBeLessThan(lastSteering); // the restore came after the rollback's mark
});

describe("rollback --now after its mark reads the load balancer back", () => {
  const rollbackNow = () => rollbackNowFrom(fx, api.baseUrl, TOKEN);
  beforeEach(() => {
    fx.set(["release", "weights"], { blue: 50, green: 50 });
    api.setLoadBalancer({ random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 0.5, [GREEN_ID]: 0.5 } } });
  });

  test("a watch's step that lands between the rollback's PATCH and its mark is overwritten again: it reports what it reads back", async () => {
    api.onPatch((body) => {
      if (typeof body === "object" && body !== null && "description" in body) api.setLoadBalancer(STEP_100); // the step lands first
    });
    const r = await rollbackNow();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.loadBalancer()).toMatchObject(ROLLED_BACK);
    expect(r.stdout).toContain(
      "Note: read back after the mark, the load balancer served green 1, blue 0 (fallback blue) (a change sent at the same time, such as a release watch's step, landed after the rollback); the rollback was applied again (1 time) and read back serves blue.",
    );
    expect(keys().filter((k) => LB_PATCH.test(k))).toHaveLength(2);
  });

  test("fails when the rollback keeps being overwritten: applied again 3 times, never a stale 'now serves', exit 1", async () => {
    let marked = false;
    api.onRequest((key) => {
      if (GREEN_PATCH.test(key)) marked = true;
      if (marked && LB_GET.test(key)) api.setLoadBalancer(STEP_100); // each read-back finds a step landed again
    });
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain("Cloudflare now serves");
    expect(r.stderr).toContain(
      "read back, the load balancer serves green 1, blue 0 (fallback blue), not the rollback (blue 1 (fallback blue)), though the rollback was applied again 3 times",
    );
    expect(r.stderr).toContain(
      "Stop any release watch of production (cancel the release workflow), then run golive release rollback production --now again",
    );
    expect(keys().filter((k) => LB_PATCH.test(k))).toHaveLength(4);
  });
});
