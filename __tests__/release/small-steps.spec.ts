import { type Steering, servesApplied } from "../../lib/features/release/steering";
import { golive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, GREEN_ID } from "./fake-cloudflare-api";
import { type LoopbackRelease, startLoopbackRelease } from "./loopback-release";
import { greenWeight, loopbackWatchArgs, releaseOf } from "./release-fixture";
import { HOSTNAME, LB_PATCH, TOKEN } from "./stand-in-constants";

// A release may move traffic in steps of 1% (release.steps: integers from 1 to 100). After a failed
// PATCH the watch reads the load balancer back and counts the step as landed only when it serves the
// step's weights exactly: a 1% step the API refused leaves 0%, which is not 1% however close.

const ca = createTestCa("golive small steps CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });

let release: LoopbackRelease;
beforeEach(async () => {
  release = await startLoopbackRelease(leaf, ca);
  release.fx.set(["release", "steps"], [1, 100]);
});
afterEach(() => release.close());

const watch = (extra: readonly string[]) => {
  const { api, green, fx, caFile } = release;
  return golive(loopbackWatchArgs(api.baseUrl, green.port, caFile, extra), { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
};

describe("promote --watch with a 1% step", () => {
  test("a 1% step the API refuses is read back as NOT landed: the load balancer still serves 0%, the config keeps the last step", async () => {
    const { api, fx } = release;
    api.fail(LB_PATCH, [{ status: 403 }]);
    const before = fx.read();
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(fx.read()).toBe(before);
    expect(api.requests.filter((q) => LB_PATCH.test(`${q.method} ${q.path}`)).map((q) => greenWeight(q.body))).toEqual([0.01]);
    expect(api.loadBalancer()).toMatchObject({ random_steering: { pool_weights: { [BLUE_ID]: 1, [GREEN_ID]: 0 } } });
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "stopped", loadBalancer: "serves-config", steps: [] });
    expect(r.stderr).toContain(
      "read back, the load balancer still serves blue 1, green 0 (fallback blue): the step did not land, and config/production.yaml keeps what it serves",
    );
  });

  test("a 1% step whose answer is lost is read back as landed, and the watch goes on to 100%", async () => {
    const { api, fx } = release;
    api.loseAnswers(1);
    const r = await watch(["--max-retries", "0"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^step 1%: green gets 1% of new sessions, blue 99% \(load balancer read back in \d+ ms, config written\)$/m);
    expect(releaseOf(fx.read())).toMatchObject({ live: "green", weights: { blue: 0, green: 100 }, phase: "idle" });
  });
});

describe("servesApplied: what the load balancer serves against what was sent", () => {
  const steering = (green: number): Steering => ({
    defaultPools: ["blue", "green"],
    fallbackPool: "blue",
    poolWeights: { blue: 1 - green, green },
  });

  test("weights 0.01 apart are not the same steering, either way", () => {
    expect(servesApplied(steering(0), steering(0.01))).toBe(false);
    expect(servesApplied(steering(0.01), steering(0))).toBe(false);
    expect(servesApplied(steering(0.5), steering(0.51))).toBe(false);
  });

  test("the same weights are, also when one is a sum of floats (0.1 + 0.2)", () => {
    expect(servesApplied(steering(0.01), steering(0.01))).toBe(true);
    expect(servesApplied({ ...steering(0.3), poolWeights: { blue: 0.7, green: 0.1 + 0.2 } }, steering(0.3))).toBe(true);
  });
});
