import { appendFileSync } from "node:fs";
import { type CliRun, golive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { loopbackReleaseEachTest } from "./loopback-release";
import type { Origin } from "./local-origin";
import { greenWeight, isRollbackToBlue, loopbackWatchArgs, type ReleaseFixture, releaseOf, ROLLED_BACK_AT } from "./release-fixture";
import { HOSTNAME, LB_GET, LB_PATCH, TOKEN } from "./stand-in-constants";

const GREEN_HEALTH = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}/health$`);
const GREEN_PATCH = new RegExp(`^PATCH /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}$`);

// The watch's own rollback after a failed check goes through the same read-back as `rollback --now`:
// a PATCH Cloudflare applied whose answer was lost is a rollback that landed, never "failed too". And in
// the same order: the config is written before the candidate's pool is marked.

const ca = createTestCa("golive rollback read-back CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });

let api: FakeCloudflareApi;
let green: Origin;
let fx: ReleaseFixture;

const release = loopbackReleaseEachTest(leaf, ca);
beforeEach(() => {
  ({ api, green, fx } = release());
});

/**
 * The origin starts failing when the 50% step arrives, so that step's analysis fails and the watch rolls
 * back; `onRollback` runs as the rollback's PATCH arrives, `onFifty` as the 50% step's does.
 */
function failAtFifty(hooks: { onFifty?: () => void; onRollback?: () => void }): void {
  api.onPatch((body) => {
    if (greenWeight(body) === 0.5) {
      green.failing = true;
      hooks.onFifty?.();
    }
    if (isRollbackToBlue(body)) hooks.onRollback?.();
  });
}

/** `promote --watch` in-process; `timeoutMs` in place of the stand-ins' 2 s per request (loopbackWatchFlags). */
const watch = (extra: readonly string[], timeoutMs = 2000) => {
  const args = loopbackWatchArgs(api.baseUrl, green.port, release().caFile, extra);
  return golive(
    args.map((a, i) => (args[i - 1] === "--timeout-ms" ? String(timeoutMs) : a)),
    { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
  );
};

describe("promote --watch: its own rollback is read back after a failed PATCH", () => {
  test("a rollback whose answer is lost landed: reported rolled back, written to the config, the pool marked (the audit's run)", async () => {
    failAtFifty({ onRollback: () => api.loseAnswers(1) }); // applied, then the connection cut
    const r = await watch(["--max-retries", "0", "--json"]);
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    const log = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(log).toMatchObject({
      outcome: "rolled-back",
      loadBalancer: "serves-config",
      rollback: {
        written: true,
        api: {
          defaultPools: ["blue"],
          readBack: expect.stringMatching(
            /^the PATCH's answer was lost \(updating load balancer app\.example\.com: cannot reach the Cloudflare API .*\), but the load balancer read back serves the rollback: blue 1 \(fallback blue\)$/,
          ),
        },
        marked: { colour: "green", description: expect.stringMatching(new RegExp(`\\(build v2, ${ROLLED_BACK_AT}\\)$`)) },
      },
    });
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(api.pool(GREEN_ID)?.description).toMatch(new RegExp(ROLLED_BACK_AT));
    expect(r.stderr).toMatch(/^golive release promote --watch: analysis failed at 50%: probes: /);
    expect(r.stderr).not.toContain("failed too");
  });

  test("fails as rollback-failed only when the read-back shows it did not land: what is live named, config at the step", async () => {
    failAtFifty({ onFifty: () => api.fail(LB_PATCH, [{ status: 403 }]) });
    const r = await watch([]);
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID, GREEN_ID] });
    expect(r.stderr).toContain(
      "analysis failed at 50% and the rollback through the API failed too (updating load balancer app.example.com: the Cloudflare API refused the token (HTTP 403)",
    );
    expect(r.stderr).toContain(
      "read back, the load balancer still serves blue 0.5, green 0.5 (fallback blue), not the rollback; roll back now: golive release rollback production --now",
    );
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 50, green: 50 }, phase: "releasing" });
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^result: rollback-failed; the load balancer serves what config\/production\.yaml deploys /,
    );
  });

  test("a rollback whose read-back fails too: rollback-failed, what is live UNKNOWN, config at the step", async () => {
    failAtFifty({
      onFifty: () => {
        api.fail(LB_PATCH, [{ status: 403 }]);
        // the read before the 50% step is over; the next read of the load balancer is the rollback's read-back
        api.fail(LB_GET, [{ status: 500 }]);
      },
    });
    const r = await watch(["--max-retries", "0", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "rollback-failed", loadBalancer: "unknown" });
    expect(r.stderr).toContain(
      "reading the load balancer back failed too (reading load balancer app.example.com: the Cloudflare API answered HTTP 500 (one attempt, no retry)), so what it serves is UNKNOWN; roll back now: golive release rollback production --now",
    );
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 50, green: 50 }, phase: "releasing" });
  });
});

describe("promote --watch: its own rollback is written into the config as it is after the analysis window", () => {
  /** At the 50% step's health read (after that step's config write, inside its analysis), `during` runs and green reads unhealthy. */
  function unhealthyAtFifty(during: () => void): void {
    let reads = 0;
    api.onRequest((key) => {
      if (!GREEN_HEALTH.test(key) || ++reads !== 2) return;
      during();
      api.setPoolHealth(GREEN_ID, { healthy: false, origin: "192.0.2.62", reason: "HTTP 503 Service Unavailable" });
    });
  }

  test("an edit of the config that leaves the release alone (a teammate's comment) does not keep the rollback out of it", async () => {
    // The audit's run: "changed while the command ran; nothing written", the config left at 50% to the bad build.
    const comment = "# a teammate's note, added while the 50% step was watched\n";
    unhealthyAtFifty(() => appendFileSync(fx.file, comment));
    const r = await watch([]);
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(fx.read().endsWith(comment)).toBe(true);
    expect(r.stdout).toContain("Wrote config/production.yaml. Commit it in a pull request so main matches what is live;");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^result: rolled-back; the load balancer serves what config\/production\.yaml deploys /,
    );
  });

  test("fails to write, naming the edits to make, when the release state itself changed meanwhile: that change is not overwritten", async () => {
    unhealthyAtFifty(() => fx.set(["release", "weights"], { blue: 70, green: 30 }));
    const r = await watch([]);
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 70, green: 30 }, phase: "releasing" });
    // The edits to make by hand start from what the file holds now, not from the step the watch left (50).
    expect(r.stdout).toContain(
      "nothing written, so as not to overwrite that change. Make these edits by hand before any deploy: release.weights.blue: 70 -> 100; release.weights.green: 30 -> 0; release.phase: releasing -> rolled-back\n",
    );
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^result: rolled-back; config\/production\.yaml does NOT deploy what the load balancer serves/,
    );
  });
});

describe("promote --watch: its own rollback overlapping an operator's rollback --now --drain in the same working copy", () => {
  test("the config holding that rollback with the drain is what is served: left as it is, a note, never a hand edit removing release.drained", async () => {
    // The audit's run: "config ... does NOT deploy what the load balancer serves" and "release.drained: green -> (removed)".
    let operator: Promise<CliRun> | undefined;
    api.onPatch(async (body) => {
      if (greenWeight(body) === 0.5) green.failing = true;
      if (!isRollbackToBlue(body) || operator !== undefined) return;
      // The watch's rollback PATCH is held while on-call's rollback --now --drain runs whole (its own PATCHes go through).
      operator = golive(["release", "rollback", "production", "--now", "--drain", "--api-base-url", api.baseUrl], {
        cwd: fx.dir,
        env: { CLOUDFLARE_API_TOKEN: TOKEN },
      });
      await operator;
    });
    const r = await watch([]);
    expect({ code: (await operator)?.code, stderr: (await operator)?.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false }); // the watch's mark (its description only) left the drain alone
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back", drained: "green" });
    expect(r.stdout).toContain(
      "  note: another run recorded this rollback with the drain of green (release.drained: green) meanwhile: config/production.yaml records what is served, left as it is\n",
    );
    expect(r.stdout + r.stderr).not.toContain("release.drained: green -> (removed)");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^result: rolled-back; the load balancer serves what config\/production\.yaml deploys /,
    );
  });
});

describe("promote --watch: its own rollback keeps rollback --now's order (steering confirmed, config written, pool marked)", () => {
  test("writes the config before the pool PATCH: a watch stopped while the mark hangs (Ctrl-C, a runner cancelled) has recorded the rollback", async () => {
    let atMark: Record<string, unknown> | undefined;
    failAtFifty({});
    api.onRequest((key) => {
      if (GREEN_PATCH.test(key)) atMark = releaseOf(fx.read()); // the file as the mark arrives
    });
    api.fail(GREEN_PATCH, ["hang"]);
    const r = await watch(["--max-retries", "0"], 1000); // the hung mark waits out one request timeout
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    expect(atMark).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    // The mark timed out and, read back, is missing: one line says so; the rollback stands, recorded and claimed.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "  the green pool was NOT marked rolled back (marking pool opsbot-production-green in its description: the Cloudflare API did not answer within 1000 ms (one attempt, no retry); read back, ",
    );
    expect(r.stdout).toContain("Wrote config/production.yaml. Commit it in a pull request so main matches what is live;");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^result: rolled-back; the load balancer serves what config\/production\.yaml deploys /,
    );
    expect(r.stderr).toMatch(/^golive release promote --watch: analysis failed at 50%: probes: [^\n]*\n$/);
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(api.pool(GREEN_ID)?.description ?? "").not.toContain("rolled back"); // the hung PATCH never applied
  });
});
