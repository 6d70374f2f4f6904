import { golive } from "../helpers/cli";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { startProductionApi } from "./loopback-release";
import { deployedPools, type ReleaseFixture, releaseFixture, releaseOf } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// `rollback --now` from a copy of the config behind the one deployed sends nothing (behind-served.ts):
// the audit's runs, where the copy recorded a completed release (something to roll back) or an older
// release in flight, and the rollback sent every session to a build the copy had never heard of.

type Edits = Parameters<ReleaseFixture["setAll"]>[0];

/** v14 completed on green (blue, on v12, the rollback target): the audit's copy A. */
const COMPLETED_V14: Edits = [
  [["release", "live"], "green"],
  [["release", "candidate"], "blue"],
  [["release", "previous"], "blue"],
  [["release", "weights"], { blue: 0, green: 100 }],
  [["release", "phase"], "idle"],
  [["release", "builds"], { blue: "v12", green: "v14" }],
];

/** Then v15 started on blue and promoted to its first step (10%). */
const V15_AT_10: Edits = [
  ...COMPLETED_V14,
  [["release", "previous"], "green"],
  [["release", "weights"], { blue: 10, green: 90 }],
  [["release", "phase"], "releasing"],
  [["release", "builds"], { blue: "v15", green: "v14" }],
];

/** Then v15 completed on blue (green, on v14, the rollback target): main once the GitOps completion is merged. */
const COMPLETED_V15: Edits = [
  [["release", "live"], "blue"],
  [["release", "candidate"], "green"],
  [["release", "previous"], "green"],
  [["release", "weights"], { blue: 100, green: 0 }],
  [["release", "phase"], "idle"],
  [["release", "builds"], { blue: "v15", green: "v14" }],
];

/** Then v15 completed on blue and v16 started on green and promoted to 10%. */
const V16_AT_10: Edits = [
  [["release", "live"], "blue"],
  [["release", "candidate"], "green"],
  [["release", "previous"], "blue"],
  [["release", "weights"], { blue: 90, green: 10 }],
  [["release", "phase"], "releasing"],
  [["release", "builds"], { blue: "v15", green: "v16" }],
];

let api: FakeCloudflareApi;

beforeEach(async () => {
  api = await startProductionApi();
});

afterEach(() => api.close());

/** The stand-in as a deploy of `edits` leaves it: the steering (`weights` in shares, fallback the live colour) and the pools. */
function deployed(edits: Edits, weights: { blue: number; green: number }, fallback: string): void {
  const main = releaseFixture();
  main.setAll(edits);
  deployedPools(api, main);
  api.setLoadBalancer({
    default_pools: [BLUE_ID, GREEN_ID],
    fallback_pool: fallback,
    random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: weights.blue, [GREEN_ID]: weights.green } },
  });
}

/** `rollback --now` from a copy holding `edits`, with the file before and after. */
async function rollbackFrom(edits: Edits) {
  const copy = releaseFixture();
  copy.setAll(edits);
  const before = copy.read();
  const r = await golive(["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--max-retries", "0"], {
    cwd: copy.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN },
  });
  return { r, before, after: copy.read() };
}

const sent = () => api.requests.filter((q) => q.method !== "GET");

const BEHIND =
  "this copy of the config is probably behind the one deployed. Nothing was changed (no PATCH sent): git pull, then run this again";

describe("rollback --now from a copy behind the config deployed", () => {
  test("fails (exit 1, nothing sent) from an idle copy that records a completed release while main's next release is served", async () => {
    deployed(V15_AT_10, { blue: 0.1, green: 0.9 }, GREEN_ID);
    const { r, before, after } = await rollbackFrom(COMPLETED_V14);
    expect({ code: r.code, stdout: r.stdout, sent: sent(), written: after !== before }).toEqual({
      code: 1,
      stdout: "",
      sent: [],
      written: false,
    });
    expect(r.stderr.trim().split("\n")).toEqual([
      "golive release rollback: the load balancer serves blue 0.1, green 0.9 (fallback green), not what this config deploys " +
        "(green 1, blue 0 (fallback blue)) although the config records no release in flight (release.phase idle, green (v14) live), " +
        `and its blue pool names build v15 where this config records v12 (release.builds.blue): ${BEHIND}`,
    ]);
  });

  test("fails (exit 1, nothing sent) from a copy recording an older release in flight: the colour it rolls back to runs another build now", async () => {
    deployed(V16_AT_10, { blue: 0.9, green: 0.1 }, BLUE_ID);
    const { r, before, after } = await rollbackFrom(V15_AT_10);
    expect({ code: r.code, sent: sent(), written: after !== before }).toEqual({ code: 1, sent: [], written: false });
    expect(r.stderr).toBe(
      "golive release rollback: the load balancer serves blue 0.9, green 0.1 (fallback blue), " +
        `and its green pool names build v16 where this config records v14 (release.builds.green): ${BEHIND}\n`,
    );
  });

  test.each([
    ["a release in flight as deployed", V15_AT_10, { blue: 0.1, green: 0.9 }, GREEN_ID],
    ["a completed release as deployed", COMPLETED_V14, { blue: 0, green: 1 }, BLUE_ID],
  ] as const)("rolls back from %s (the pools naming its builds)", async (_, edits, weights, target) => {
    deployed(edits, weights, edits === COMPLETED_V14 ? BLUE_ID : GREEN_ID);
    const { r } = await rollbackFrom(edits);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.loadBalancer()).toMatchObject({ default_pools: [target], fallback_pool: target });
  });

  test("rolls back a completed release whose deploy still waits in line: the pools served name exactly its builds", async () => {
    // main completed v15 (merged), its traffic deploy waits in the apply lock, so Cloudflare still serves
    // 50/50; v15 is broken: the runbook's break-glass case. The copy is main: git pull changes nothing.
    deployed(V15_AT_10, { blue: 0.5, green: 0.5 }, GREEN_ID);
    const { r, after } = await rollbackFrom(COMPLETED_V15);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.loadBalancer()).toMatchObject({ default_pools: [GREEN_ID], fallback_pool: GREEN_ID });
    expect(releaseOf(after)).toMatchObject({ live: "green", phase: "rolled-back" });
  });

  test("rolls back a start not deployed yet: the candidate at 0% still names the build it ran before", async () => {
    deployed(COMPLETED_V14, { blue: 0, green: 1 }, BLUE_ID);
    const started: Edits = [
      ...COMPLETED_V14,
      [["release", "previous"], "green"],
      [["release", "phase"], "releasing"],
      [["release", "builds"], { blue: "v15", green: "v14" }],
    ];
    const { r, after } = await rollbackFrom(started);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(releaseOf(after)).toMatchObject({ live: "green", phase: "rolled-back" });
  });

  test("status --live words both as rollback --now judges them: a pending deploy is a difference, a stale copy is behind", async () => {
    const statusFrom = async (edits: Edits) => {
      const copy = releaseFixture();
      copy.setAll(edits);
      return golive(["release", "status", "production", "--live", "--api-base-url", api.baseUrl, "--max-retries", "0"], {
        cwd: copy.dir,
        env: { CLOUDFLARE_API_TOKEN: TOKEN },
      });
    };
    deployed(V15_AT_10, { blue: 0.5, green: 0.5 }, GREEN_ID);
    const pending = await statusFrom(COMPLETED_V15);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain(
      "it serves blue 0.5, green 0.5 (fallback green), the config deploys blue 1, green 0 (fallback green)\n",
    );
    expect(pending.stdout).not.toContain("behind");
    deployed(V15_AT_10, { blue: 0.1, green: 0.9 }, GREEN_ID);
    const stale = await statusFrom(COMPLETED_V14);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`and its blue pool names build v15 where this config records v12 (release.builds.blue): ${BEHIND}`);
    expect(sent()).toEqual([]);
  });
});
