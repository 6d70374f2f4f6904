import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliRun, golive } from "../helpers/cli";
import { prepareEdit } from "../../lib/engines/release/commit";
import { readReleaseConfig } from "../../lib/engines/release/config-file";
import { rollback } from "../../lib/features/release/transitions";
import { desiredTraffic } from "../../lib/features/release/traffic";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID, LB_ID } from "./fake-cloudflare-api";
import { startProductionApi } from "./loopback-release";
import { isRollbackToBlue, type ReleaseFixture, releaseFixture, releaseOf } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

const GREEN_PATCH = new RegExp(`^PATCH /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}$`);

// `rollback --now` changes the load balancer first, then writes the config, then marks the pool rolled
// back from: whatever happens meanwhile (the mark hangs, the file changes), the config records what
// Cloudflare serves, or the run says that Cloudflare moved and what to record by hand. In-process:
// rollback --now runs as a real process of bin/golive.js in cli/process.spec.ts and api-answer-faults.wait.spec.ts.

let api: FakeCloudflareApi;
let fx: ReleaseFixture;

beforeEach(async () => {
  api = await startProductionApi();
  fx = releaseFixture();
  fx.setAll([
    [["release", "weights"], { blue: 40, green: 60 }],
    [["release", "phase"], "releasing"],
  ]);
});

afterEach(() => api.close());

/** `rollback --now`, each request given `timeoutMs`, no retry unless `extra` asks. */
const rollbackNow = (extra: readonly string[] = [], timeoutMs = 5000) =>
  golive(["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", String(timeoutMs), ...extra], {
    cwd: fx.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN },
  });

test.each([
  ["", [] as string[]],
  [" --drain", ["--drain"]],
])(
  "rollback --now%s writes the config right after the load balancer PATCH, before the pool's: a run stopped while the mark hangs has recorded the rollback",
  async (_, flags) => {
    let atMark: Record<string, unknown> | undefined;
    api.onRequest((key) => {
      if (GREEN_PATCH.test(key)) atMark = releaseOf(fx.read()); // the file as the pool PATCH arrives
    });
    api.fail(GREEN_PATCH, ["hang"]);
    const r = await rollbackNow([...flags, "--max-retries", "0"], 1000);
    expect(atMark).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(atMark?.drained).toBe(flags.length > 0 ? "green" : undefined);
    // The mark timed out and, read back, is missing: reported (exit 1); a drain that did not land is taken out again.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the load balancer serves blue, BUT the pool could not be");
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(releaseOf(fx.read()).drained).toBeUndefined();
  },
);

test("a config made invalid while the rollback runs (an unknown key) is not written, and the run says Cloudflare moved and which edits to make", async () => {
  api.onPatch((body) => {
    if (isRollbackToBlue(body)) appendFileSync(fx.file, "notAConfigKey: true\n");
  });
  const r = await rollbackNow();
  expect(r.code).toBe(1);
  expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
  expect(r.stderr).toContain(
    `Cloudflare now serves blue (load balancer ${LB_ID}), BUT the config was not written (config/production.yaml: `,
  );
  expect(r.stderr).toContain("notAConfigKey");
  expect(r.stderr).toContain(
    "Make these edits by hand before any deploy: release.weights.blue: 40 -> 100; release.weights.green: 60 -> 0; release.phase: releasing -> rolled-back",
  );
  expect(fx.read().endsWith("notAConfigKey: true\n")).toBe(true);
});

describe("two rollback --now runs overlapping in one working copy", () => {
  /** Run B (`rollback --now`, no drain): run A (`rollback --now --drain`) runs whole while B's load balancer PATCH is held, so A writes the file first. */
  const bAfterA = async () => {
    let a: Promise<CliRun> | undefined;
    api.onPatch(async (body) => {
      if (!isRollbackToBlue(body) || a !== undefined) return; // A's own PATCHes go through
      a = rollbackNow(["--drain"]);
      await a;
    });
    const b = await rollbackNow();
    if (a === undefined) throw new Error("run A never started");
    return { a: await a, b };
  };

  test("the run without --drain finds the file holding its rollback with the other run's drain: left as it is, exit 0, a note, never a hand edit removing release.drained", async () => {
    // The audit's run: B exited 1 telling to make "release.drained: green -> (removed)", which re-enables the drained pool on the next deploy.
    const { a, b } = await bAfterA();
    expect({ code: a.code, stderr: a.stderr }).toEqual({ code: 0, stderr: "" });
    expect({ code: b.code, stderr: b.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], random_steering: { pool_weights: { [BLUE_ID]: 1 } } });
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false }); // B's mark (its description only) left A's drain alone
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back", drained: "green" });
    expect(b.stdout.split("\n")).toContain(
      "Note: config/production.yaml changed while the rollback ran: another run recorded this rollback with the drain of green (release.drained: green), which is what Cloudflare serves; the file is left as it is.",
    );
    expect(b.stdout).toContain(`Cloudflare now serves blue (load balancer ${LB_ID}); the config keeps the next deploy from undoing it.`);
    expect(b.stdout).not.toContain("drained: green -> (removed)");
  });

  test("fails when the file changed meanwhile to the drained rollback and something else, listing hand edits that keep the drain", async () => {
    api.onPatch((body) => {
      if (!isRollbackToBlue(body)) return;
      // What run A leaves (its rollback, the drain), then an edit of blue's build by hand: no longer the release this rollback leads from.
      const source = readReleaseConfig(join(fx.dir, "config"), "production");
      writeFileSync(fx.file, prepareEdit(source, rollback(source.release, { drain: true })).text ?? "");
      fx.set(["release", "builds"], { blue: "v1-hotfix", green: "v2" });
    });
    fx.set(["release", "builds"], { blue: "v1", green: "v2" });
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "BUT the config was not written (config/production.yaml changed while the command ran, to a release this rollback does not lead from)",
    );
    expect(r.stderr).toContain("Make these edits by hand before any deploy: release.builds.blue: v1-hotfix -> v1\n");
    expect(r.stderr).not.toContain("release.drained");
    expect(releaseOf(fx.read())).toMatchObject({ drained: "green" });
  });
});

test("rollback --now from a second working copy, after another copy's --now --drain, records the drain Cloudflare serves, so its next deploy keeps the pool disabled", async () => {
  // The audit's run: copy B, whose config holds no release.drained, said "the config keeps the next deploy
  // from undoing it" while its config, deployed, would enable the drained green pool again.
  const other = releaseFixture();
  writeFileSync(other.file, fx.read()); // the same 50%-style release, in a second working copy
  const a = await golive(["release", "rollback", "production", "--now", "--drain", "--api-base-url", api.baseUrl, "--timeout-ms", "5000"], {
    cwd: other.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN },
  });
  expect({ code: a.code, stderr: a.stderr }).toEqual({ code: 0, stderr: "" });
  expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false });
  const b = await rollbackNow();
  expect({ code: b.code, stderr: b.stderr }).toEqual({ code: 0, stderr: "" });
  expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false }); // B's mark (its description only) left the drain alone
  expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back", drained: "green" });
  const { cfg, release } = readReleaseConfig(join(fx.dir, "config"), "production");
  expect(desiredTraffic(cfg, release).pools.find((p) => p.colour === "green")).toMatchObject({ enabled: false });
  expect(b.stdout.split("\n")).toContain(
    "Note: Cloudflare already listed the green pool disabled: another run drained it (a rollback --now --drain from another copy of the config, or the dashboard), so the config records release.drained: green and the next deploy keeps it disabled.",
  );
  expect(b.stdout).toContain(`Cloudflare now serves blue (load balancer ${LB_ID}); the config keeps the next deploy from undoing it.`);
});
