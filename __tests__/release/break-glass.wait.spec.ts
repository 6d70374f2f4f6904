import { golive } from "../helpers/cli";
import { envelope } from "../helpers/fake-cloudflare";
import { ACCOUNT_ID, BLUE_ID, type FakeCloudflareApi, GREEN_ID, LB_ID, startFakeCloudflareApi, ZONE_ID } from "./fake-cloudflare-api";
import {
  changedLines,
  deployedStarted,
  isRollbackToBlue,
  ROLLED_BACK_AT,
  releaseFixture,
  type ReleaseFixture,
  releaseOf,
  rollbackNowFrom,
} from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// Obviously fake, but shaped like a real token so a leak would be visible in output.
const PATCH = /^PATCH \/zones\/[0-9a-f]{32}\/load_balancers\/[0-9a-f]{32}$/;

let api: FakeCloudflareApi;
let fx: ReleaseFixture;
let before: string;

beforeEach(async () => {
  api = await startFakeCloudflareApi({ zoneName: "example.com", hostname: "app.example.com", poolPrefix: "opsbot-production" });
  fx = releaseFixture();
  fx.set(["release", "weights"], { blue: 40, green: 60 }); // mid-release: green is misbehaving
  fx.set(["release", "phase"], "releasing");
  before = fx.read();
});

afterEach(() => api.close());

// Generous per-request timeout (a loaded CI machine must not time out a healthy call); the timeout
// test passes a small one. Two retries unless `extra` gives --max-retries (a flag given twice is a
// usage error).
const rollbackNow = (extra: readonly string[] = [], timeoutMs = 5000) =>
  golive(
    [
      "release",
      "rollback",
      "production",
      "--now",
      "--api-base-url",
      api.baseUrl,
      "--timeout-ms",
      String(timeoutMs),
      ...(extra.includes("--max-retries") ? [] : ["--max-retries", "2"]),
      ...extra,
    ],
    {
      cwd: fx.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    },
  );

/** What every failed look-up of rollback --now ends with, as a failed PATCH ends with what to do. */
const NOTHING_CHANGED =
  "nothing was changed (no PATCH sent, config/production.yaml not written): retry, or take the GitOps path (the rollback workflow: runbooks/rollback.md)";

/** `text` as a regular expression that matches it literally. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const patches = () => api.requests.filter((r) => PATCH.test(`${r.method} ${r.path}`));

function expectNoTokenIn(...texts: string[]): void {
  for (const t of texts) expect(t).not.toContain(TOKEN);
}

describe("golive release rollback --now (break-glass) against a local Cloudflare API", () => {
  test("sets the weights through the API, then writes the config so the next deploy matches", async () => {
    const r = await rollbackNow(["--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(patches()).toHaveLength(1);
    // The colour rolled back from leaves the pools and is never the fallback, as the traffic stack declares it.
    expect(patches()[0]?.body).toEqual({
      default_pools: [BLUE_ID],
      fallback_pool: BLUE_ID,
      steering_policy: "random",
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
    });
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], random_steering: { pool_weights: { [BLUE_ID]: 1 } } });
    expect(api.requests.every((q) => q.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(api.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      "GET /zones",
      `GET /zones/${ZONE_ID}/load_balancers`,
      "GET /accounts/0123456789abcdef0123456789abcdef/load_balancers/pools",
      `PATCH /zones/${ZONE_ID}/load_balancers/${LB_ID}`,
      // after the traffic moved: the colour rolled back from is marked in its description, nothing else
      `PATCH /accounts/0123456789abcdef0123456789abcdef/load_balancers/pools/${GREEN_ID}`,
      // then the load balancer read back: a step sent at the same time that landed after the rollback is found
      `GET /zones/${ZONE_ID}/load_balancers/${LB_ID}`,
    ]);
    const mark = new RegExp(`^golive opsbot production green origins \\(${ROLLED_BACK_AT}\\)$`);
    expect(api.requests.at(-2)?.body).toEqual({ description: expect.stringMatching(mark) }); // the mark, before the read-back
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: true, description: expect.stringMatching(mark) });
    expect(api.pool(BLUE_ID)?.description).toBeUndefined();
    expect(changedLines(before, fx.read())?.sort()).toEqual(["    blue: 100", "    green: 0", "  phase: rolled-back"].sort());
    const json: unknown = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      ok: true,
      written: true,
      breakGlass: {
        applied: true,
        loadBalancerId: LB_ID,
        zoneId: ZONE_ID,
        marked: { colour: "green", poolId: GREEN_ID, description: expect.stringMatching(mark) },
      },
      deploy: "npx cdktf deploy traffic-production --ignore-missing-stack-dependencies",
    });
    expectNoTokenIn(r.stdout, r.stderr);
  });

  test("a steering policy set in the dashboard (geo) is set back to random: the weights steer again (the API changes only the fields sent)", async () => {
    api.setLoadBalancer({ steering_policy: "geo", region_pools: { WNAM: [GREEN_ID] } });
    const r = await rollbackNow();
    expect(r.code).toBe(0);
    expect(patches()[0]?.body).toMatchObject({ steering_policy: "random", default_pools: [BLUE_ID] });
    expect(api.loadBalancer()).toMatchObject({ steering_policy: "random", default_pools: [BLUE_ID] });
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 100, green: 0 }, phase: "rolled-back" });
  });

  test("a load balancer rule made in the dashboard, which Cloudflare applies before the steering, is named and the rollback not claimed (exit 1, config untouched)", async () => {
    api.setLoadBalancer({ rules: [{ name: "eu-to-green", condition: "true", overrides: { default_pools: [GREEN_ID] } }] });
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('rule(s) "eu-to-green" apply before the steering (none is declared by the traffic stack)');
    expect(r.stderr).not.toContain("Cloudflare now serves blue");
    expect(fx.read()).toBe(before);
    // A disabled rule changes nothing: the rollback goes through.
    api.setLoadBalancer({ rules: [{ name: "eu-to-green", disabled: true, condition: "true", overrides: { default_pools: [GREEN_ID] } }] });
    expect((await rollbackNow()).code).toBe(0);
  });

  test("--drain moves the traffic first, then disables the bad pool, reads it back and records it", async () => {
    fx.set(["release", "builds"], { blue: "v1", green: "v2" });
    before = fx.read();
    const r = await rollbackNow(["--drain", "--json"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(api.requests.map((q) => `${q.method} ${q.path}`).slice(-3)).toEqual([
      `PATCH /zones/${ZONE_ID}/load_balancers/${LB_ID}`,
      `PATCH /accounts/0123456789abcdef0123456789abcdef/load_balancers/pools/${GREEN_ID}`,
      `GET /zones/${ZONE_ID}/load_balancers/${LB_ID}`,
    ]);
    // one PATCH: disabled, with the description the traffic stack declares for it (the drained build) and the rollback's mark
    expect(api.requests.at(-2)?.body).toEqual({
      enabled: false,
      description: expect.stringMatching(new RegExp(`^golive opsbot production green origins \\(build v2, ${ROLLED_BACK_AT}\\)$`)),
    });
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false });
    expect(api.pool(BLUE_ID)).toMatchObject({ enabled: true });
    expect(changedLines(before, fx.read().replace("  drained: green\n", ""))?.sort()).toEqual(
      ["    blue: 100", "    green: 0", "  phase: rolled-back"].sort(),
    );
    expect(fx.read()).toContain("\n  drained: green\n");
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      written: true,
      breakGlass: { applied: true, drained: { colour: "green", poolId: GREEN_ID, enabled: false } },
    });
  });

  test("--drain: when the pool PATCH fails after the traffic moved, the config records the rollback only (exit 1)", async () => {
    api.fail(/^PATCH \/accounts\//, [{ status: 403 }]);
    const r = await rollbackNow(["--drain"]);
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: true });
    expect(changedLines(before, fx.read())?.sort()).toEqual(["    blue: 100", "    green: 0", "  phase: rolled-back"].sort());
    expect(r.stderr).toContain(
      "the load balancer serves blue, BUT the pool could not be disabled and marked rolled back (disabling pool opsbot-production-green:",
    );
    // the refusal was read back: what the pool has, not what was asked
    expect(r.stderr).toContain("; read back, pool opsbot-production-green has enabled true, not false and description null)");
    // Patch Pool needs the Write level of Monitors and Pools, not Read
    expect(r.stderr).toContain(
      "(HTTP 403); this call needs Load Balancing: Monitors and Pools Edit (API: Monitors and Pools Write) on the account",
    );
    expect(r.stderr).toContain("Retry: golive release rollback production --now --drain");
    expectNoTokenIn(r.stdout, r.stderr);
  });

  test("--drain: a pool PATCH whose answer is lost is read back: the drain and the mark stand, the config records them (exit 0, a note)", async () => {
    // The audit's run: Cloudflare disabled the pool, the CLI said the drain failed and left `drained` out.
    api.losePoolAnswers(1);
    const r = await rollbackNow(["--drain", "--max-retries", "0", "--json"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false, description: expect.stringContaining("rolled back ") });
    expect(api.requests.map((q) => q.method).slice(-3)).toEqual(["PATCH", "GET", "GET"]); // the pool PATCH, the pool read back, the load balancer read back
    expect(fx.read()).toContain("\n  drained: green\n");
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      breakGlass: {
        drained: {
          colour: "green",
          enabled: false,
          readBack: expect.stringMatching(
            /^the PATCH's answer was lost \(disabling pool opsbot-production-green: cannot reach the Cloudflare API .*\), but pool opsbot-production-green read back has the change$/,
          ),
        },
      },
    });
  });

  test("--drain: a lost pool answer whose read-back fails too says the drain is UNKNOWN; the config records the rollback only (exit 1)", async () => {
    api.losePoolAnswers(1);
    api.fail(/^GET \/accounts\/[0-9a-f]{32}\/load_balancers\/pools\/[0-9a-f]{32}$/, [{ status: 500 }]);
    const r = await rollbackNow(["--drain", "--max-retries", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "reading the pool back failed too (reading pool opsbot-production-green back: the Cloudflare API answered HTTP 500 (one attempt, no retry)), so whether the change landed is UNKNOWN: check pool opsbot-production-green in the dashboard",
    );
    expect(fx.read()).not.toContain("drained:");
    expect(fx.read()).toContain("phase: rolled-back");
  });

  test("without --drain, a refused mark leaves the rollback recorded and exits 1, saying the mark is missing and what to run", async () => {
    api.fail(/^PATCH \/accounts\//, [{ status: 403 }]);
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
    expect(changedLines(before, fx.read())?.sort()).toEqual(["    blue: 100", "    green: 0", "  phase: rolled-back"].sort());
    expect(r.stderr).toContain(
      "the load balancer serves blue, BUT the pool could not be marked rolled back (marking pool opsbot-production-green in its description: the Cloudflare API refused the token (HTTP 403)",
    );
    expect(r.stderr).toContain(
      "the config records the rollback. Without the mark, a release watch started from a config that does not hold this rollback is not refused. Retry: golive release rollback production --now\n",
    );
  });

  const POOLS = "/accounts/0123456789abcdef0123456789abcdef/load_balancers/pools";

  test("enables the pool rolled back to first when Cloudflare lists it disabled, then moves the traffic (the audit's run)", async () => {
    // The audit's run: blue disabled in the dashboard; the rollback steered everything to it and said it served.
    api.setPool(BLUE_ID, { enabled: false });
    const r = await rollbackNow(["--json"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.requests.map((q) => `${q.method} ${q.path}`).slice(3)).toEqual([
      `PATCH ${POOLS}/${BLUE_ID}`,
      `PATCH /zones/${ZONE_ID}/load_balancers/${LB_ID}`,
      `PATCH ${POOLS}/${GREEN_ID}`,
      `GET /zones/${ZONE_ID}/load_balancers/${LB_ID}`,
    ]);
    expect(api.requests[3]?.body).toEqual({ enabled: true });
    expect(api.pool(BLUE_ID)).toMatchObject({ enabled: true });
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      written: true,
      breakGlass: { applied: true, enabledTarget: { colour: "blue", poolId: BLUE_ID, enabled: true } },
    });
    const text = await rollbackNow(); // again, in words: already rolled back, nothing disabled
    expect(text.stdout).not.toContain("is enabled again");
    api.setPool(BLUE_ID, { enabled: false });
    const words = await rollbackNow();
    expect(words.stdout).toContain(
      `Cloudflare now serves blue, whose pool (${BLUE_ID}) was disabled and is enabled again, (load balancer ${LB_ID})`,
    );
  });

  test("stops before moving any traffic when the disabled pool rolled back to cannot be enabled; config untouched (exit 1)", async () => {
    api.setPool(BLUE_ID, { enabled: false });
    const lb = structuredClone(api.loadBalancer());
    api.fail(/^PATCH \/accounts\//, [{ status: 403 }]);
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(api.requests.filter((q) => PATCH.test(`${q.method} ${q.path}`))).toEqual([]);
    expect(api.loadBalancer()).toEqual(lb);
    expect(fx.read()).toBe(before);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^golive release rollback: the blue pool, which the rollback sends every session to, is disabled in Cloudflare and enabling it failed \(enabling pool opsbot-production-blue: the Cloudflare API refused the token \(HTTP 403\).*; read back, pool opsbot-production-blue has enabled false, not true\); nothing moved and the config was not written: enable pool opsbot-production-blue in the dashboard, then run golive release rollback production --now again$/,
      ),
    ]);
  });

  test("--dry-run lists the enabling of the pool rolled back to, sent only if Cloudflare lists it disabled, before the steering", async () => {
    const r = await rollbackNow(["--dry-run", "--json"]);
    expect(r.code).toBe(0);
    expect(api.requests).toEqual([]);
    const calls = (JSON.parse(r.stdout) as { breakGlass: { calls: { method: string; url: string; when?: string; body?: unknown }[] } })
      .breakGlass.calls;
    const enable = calls.findIndex((c) => c.method === "PATCH" && c.when === "if Cloudflare lists it disabled");
    expect(calls[enable]).toMatchObject({
      url: expect.stringMatching(/\/load_balancers\/pools\/\{id of pool opsbot-production-blue\}$/),
      body: { enabled: true },
    });
    expect(calls.findIndex((c) => c.method === "PATCH" && c.url.includes("/load_balancers/{load_balancer_id}"))).toBe(enable + 1);
  });

  test("fails before any change from a copy behind the config deployed: nothing to roll back here, another release served (no PATCH, exit 1, one line)", async () => {
    // The audit's run: main's 50% step deployed, an older idle copy PATCHed blue 1 / green 0, said "nothing to roll back" and
    // "the config keeps the next deploy from undoing it", and the next deploy of main put 0.5 / 0.5 back.
    api.setLoadBalancer({
      fallback_pool: BLUE_ID,
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 0.5, [GREEN_ID]: 0.5 } },
    });
    const lb = structuredClone(api.loadBalancer());
    const behind = releaseFixture();
    const idle = behind.read();
    const r = await rollbackNowFrom(behind, api.baseUrl, TOKEN);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
    expect(api.requests.filter((q) => q.method === "PATCH")).toEqual([]);
    expect(api.loadBalancer()).toEqual(lb);
    expect([api.pool(BLUE_ID)?.description, api.pool(GREEN_ID)?.description]).toEqual([undefined, undefined]);
    expect(behind.read()).toBe(idle);
    expect(r.stderr.trim().split("\n")).toEqual([
      "golive release rollback: the load balancer serves blue 0.5, green 0.5 (fallback blue), not what this config deploys (blue 1, green 0 (fallback blue)) " +
        "although the config records no release in flight (release.phase idle, blue live): this copy of the config is probably behind the one deployed. " +
        "Nothing was changed (no PATCH sent): git pull, then run this again",
    ]);
    // git pull: the copy now holds the release deployed, and its rollback goes through.
    behind.setAll([
      [["release", "weights"], { blue: 50, green: 50 }],
      [["release", "phase"], "releasing"],
    ]);
    const pulled = await rollbackNowFrom(behind, api.baseUrl, TOKEN);
    expect(pulled.code).toBe(0);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], random_steering: { pool_weights: { [BLUE_ID]: 1 } } });
  });

  test("a config that records a rollback Cloudflare does not serve yet (its deploy waiting in line) is rolled back to all the same", async () => {
    fx.setAll([
      [["release", "weights"], { blue: 100, green: 0 }],
      [["release", "phase"], "rolled-back"],
    ]);
    const r = await rollbackNow();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain("nothing to roll back");
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], random_steering: { pool_weights: { [BLUE_ID]: 1 } } });
  });

  test('"nothing to roll back" (a config that never saw the release, the load balancer as it deploys) still marks the colour it takes traffic from', async () => {
    // The audit's copy M: main's config, which never saw the start (deployed at 0%), PATCHes blue 1 / green 0 and says nothing to roll back.
    deployedStarted(api);
    const fresh = releaseFixture();
    const r = await rollbackNowFrom(fresh, api.baseUrl, TOKEN);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to roll back");
    expect(api.loadBalancer()).toMatchObject({ random_steering: { pool_weights: { [BLUE_ID]: 1, [GREEN_ID]: 0 } } });
    expect(api.pool(GREEN_ID)?.description).toMatch(new RegExp(`^golive opsbot production green origins \\(${ROLLED_BACK_AT}\\)$`));
    expect(r.stdout).toMatch(
      /The green pool's description now reads "golive opsbot production green origins \(rolled back [^"]+\)": golive release promote production --watch refuses green until a deploy of traffic-production writes the description from the config again \(which clears the mark\)\./,
    );
  });

  test("uses a pinned zone id without looking the zone up, and CLOUDFLARE_BASE_URL from the environment", async () => {
    fx.set(["cloudflare", "zone", "id"], ZONE_ID);
    const r = await golive(["release", "rollback", "production", "--now"], {
      cwd: fx.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: api.baseUrl },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Cloudflare now serves blue (load balancer ${LB_ID})`);
    expect(api.requests.some((q) => q.path === "/zones")).toBe(false);
  });

  test("an edit of the file meanwhile is kept: the rollback is read again and recorded on it (exit 0, a note)", async () => {
    api.onPatch(() => fx.set(["release", "steps"], [20, 100])); // someone edits the file meanwhile
    const r = await rollbackNow();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fx.read()).toContain("steps:\n    - 20\n    - 100");
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stdout).toContain(
      "Note: config/production.yaml changed while the rollback ran (a release watch's step, or an edit); read again, the rollback is recorded on it.",
    );
  });

  test("a release watch's next step written meanwhile in the same working copy (the audit's drill) does not keep the rollback out of the config", async () => {
    // The watch sets its 50% step while the rollback's PATCH is in flight; the rollback's target is the same from any step.
    // (Only the load balancer's: the pool PATCH follows the config write.)
    api.onPatch((body) => {
      if (isRollbackToBlue(body)) fx.set(["release", "weights"], { blue: 50, green: 50 });
    });
    const r = await rollbackNow(["--json"]);
    expect(r.code).toBe(0);
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      written: true,
      changes: expect.arrayContaining([{ field: "release.weights.blue", from: 50, to: 100 }]),
    });
  });

  test("says what to edit by hand, from the file's present values, when it changed to a release the rollback does not lead from", async () => {
    // Meanwhile the file records green promoted: rolling back from there would not be what Cloudflare now serves.
    api.onPatch(() => {
      fx.set(["release", "live"], "green");
      fx.set(["release", "candidate"], "blue");
      fx.set(["release", "previous"], "green");
      fx.set(["release", "weights"], { blue: 0, green: 100 });
      fx.set(["release", "phase"], "idle");
    });
    const changed = () => fx.read();
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], random_steering: { pool_weights: { [BLUE_ID]: 1 } } });
    expect(r.stderr).toContain("Cloudflare now serves blue");
    expect(r.stderr).toContain(
      "BUT the config was not written (config/production.yaml changed while the command ran, to a release this rollback does not lead from).",
    );
    expect(r.stderr).toMatch(
      /Make these edits by hand before any deploy: release\.live: green -> blue; .*release\.weights\.blue: 0 -> 100/,
    );
    expect(releaseOf(changed())).toMatchObject({ live: "green", phase: "idle" });
  });

  test("fails fast on 401: one request, a clear message, token not printed, config unchanged", async () => {
    api.fail(/^GET \/zones$/, [{ status: 401 }, { status: 401 }, { status: 401 }]);
    const r = await rollbackNow(["--json"]);
    expect(r.code).toBe(1);
    expect(api.requests).toHaveLength(1);
    expect(r.stderr).toContain(
      "looking up zone example.com: the Cloudflare API refused the token (HTTP 401); this call needs Zone Read on the zone",
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: expect.stringContaining("CLOUDFLARE_API_TOKEN") });
    expectNoTokenIn(r.stdout, r.stderr);
    expect(fx.read()).toBe(before);
  });

  const ZONES = /^GET \/zones$/;
  const LOAD_BALANCERS = /^GET \/zones\/[0-9a-f]{32}\/load_balancers$/;
  const POOL_LIST = /^GET \/accounts\/[0-9a-f]{32}\/load_balancers\/pools$/;
  const listed = (result: unknown[]) => ({ status: 200, body: envelope(result) });

  test.each([
    [
      "the zone look-up's 5xx",
      ZONES,
      [{ status: 503 }],
      "looking up zone example.com: the Cloudflare API answered HTTP 503 (one attempt, no retry)",
    ],
    ["a zone not found", ZONES, [listed([])], `zone example.com of account ${ACCOUNT_ID} not found with this token`],
    [
      "the load balancers answered in no JSON",
      LOAD_BALANCERS,
      [{ status: 200, body: "<html>maintenance</html>" }],
      "finding load balancer app.example.com: ",
    ],
    [
      "no load balancer named so",
      LOAD_BALANCERS,
      [listed([])],
      "no load balancer named app.example.com; has traffic-production been deployed?",
    ],
    [
      "the pools' 429",
      POOL_LIST,
      [{ status: 429 }],
      "finding the colour pools: rate-limited by the Cloudflare API (HTTP 429; one attempt, no retry)",
    ],
    ["the pool rolled back to not listed", POOL_LIST, [listed([])], "finding the colour pools: no pool named opsbot-production-blue"],
    [
      "the pools timed out",
      POOL_LIST,
      ["hang" as const],
      "finding the colour pools: the Cloudflare API did not answer within 200 ms (one attempt, no retry)",
    ],
  ])("fails on %s saying what failed, that nothing was changed and what to do, in one line (exit 1)", async (_, route, faults, what) => {
    api.fail(route, faults);
    const r = await rollbackNow(["--max-retries", "0"], 200);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
    expect(api.requests.filter((q) => q.method === "PATCH")).toEqual([]);
    expect(fx.read()).toBe(before);
    expect(r.stderr).toMatch(new RegExp(`^golive release rollback: ${escaped(what)}[^\\n]*; ${escaped(NOTHING_CHANGED)}\\n$`));
  });

  test("fails when the API cannot be reached at all, with the same ending (exit 1)", async () => {
    const closed = await startFakeCloudflareApi({ zoneName: "example.com", hostname: "app.example.com", poolPrefix: "opsbot-production" });
    await closed.close(); // nothing listens on its port any more
    const r = await golive(["release", "rollback", "production", "--now", "--api-base-url", closed.baseUrl, "--max-retries", "0"], {
      cwd: fx.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^golive release rollback: ${escaped("looking up zone example.com: cannot reach the Cloudflare API (connection failed")}[^\\n]*; ${escaped(NOTHING_CHANGED)}\\n$`,
      ),
    );
    expect(fx.read()).toBe(before);
  });

  test("retries a 429 (honouring Retry-After) and then succeeds", async () => {
    api.fail(PATCH, [{ status: 429, headers: { "retry-after-ms": "1" } }]);
    const r = await rollbackNow();
    expect(r.code).toBe(0);
    expect(patches()).toHaveLength(2);
    expect(changedLines(before, fx.read())?.sort()).toEqual(["    blue: 100", "    green: 0", "  phase: rolled-back"].sort());
  });

  test("a 429 whose Retry-After outlasts the retries (Cloudflare's five-minute block) says how long to wait, config unchanged", async () => {
    api.fail(/^GET \/zones$/, [{ status: 429, headers: { "retry-after": "300" } }]);
    const r = await rollbackNow(["--max-retries", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "looking up zone example.com: rate-limited by the Cloudflare API (HTTP 429; one attempt, no retry); Cloudflare blocks these API calls for 300 s more (Retry-After): run it again after that",
    );
    expect(fx.read()).toBe(before);
  });

  test("a refusal other than the token's carries Cloudflare's own error code and message", async () => {
    api.fail(PATCH, [{ status: 400 }]);
    const r = await rollbackNow(["--max-retries", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('updating load balancer app.example.com: the Cloudflare API answered HTTP 400 ("10001 Internal error")');
    expect(fx.read()).toBe(before);
  });

  test("a 403 on the load balancer PATCH names the zone permission it needs", async () => {
    api.fail(PATCH, [{ status: 403 }]);
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "updating load balancer app.example.com: the Cloudflare API refused the token (HTTP 403); this call needs Load Balancers Edit (API: Load Balancers Write) on the zone",
    );
    expect(fx.read()).toBe(before);
  });

  test("fails after bounded retries of a 5xx, leaving the config unchanged", async () => {
    const unavailable = { status: 503, headers: { "retry-after-ms": "1" } };
    api.fail(PATCH, [unavailable, unavailable, unavailable, unavailable]);
    const r = await rollbackNow();
    expect(r.code).toBe(1);
    expect(patches()).toHaveLength(3); // first try + --max-retries 2
    expect(r.stderr).toContain("the Cloudflare API answered HTTP 503 after all retries");
    expect(r.stderr).toContain("updating load balancer app.example.com");
    expect(fx.read()).toBe(before);
  });

  test("fails after bounded timeouts when the API does not answer, leaving the config unchanged", async () => {
    api.fail(PATCH, ["hang", "hang", "hang"]);
    const r = await rollbackNow([], 100);
    expect(r.code).toBe(1);
    expect(patches()).toHaveLength(3); // each attempt cut off by --timeout-ms 100, then retried twice
    expect(r.stderr).toContain("did not answer in time");
    // read back: the hung requests never landed, and the run says what is live
    expect(r.stderr).toContain(
      "; read back, the load balancer still serves blue 0.4, green 0.6 (fallback green), not the rollback (blue 1 (fallback blue)); the config was not written",
    );
    expect(fx.read()).toBe(before);
  });

  test("a PATCH whose answer is lost after the API applied it is read back: the rollback stands, the config is written (exit 0, a note)", async () => {
    api.loseAnswers(1);
    const r = await rollbackNow(["--max-retries", "0", "--json"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(patches()).toHaveLength(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    expect(changedLines(before, fx.read())?.sort()).toEqual(["    blue: 100", "    green: 0", "  phase: rolled-back"].sort());
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      written: true,
      breakGlass: {
        applied: true,
        defaultPools: ["blue"],
        readBack: expect.stringMatching(
          /^the PATCH's answer was lost \(updating load balancer app\.example\.com: cannot reach the Cloudflare API .*\), but the load balancer read back serves the rollback: blue 1 \(fallback blue\)$/,
        ),
      },
    });
    const text = await rollbackNow(); // already rolled back: nothing to change, exit 0
    expect(text.code).toBe(0);
  });

  test("fails, saying live state is UNKNOWN and what to run, when the answer is lost and the read-back fails too; config untouched", async () => {
    api.loseAnswers(1);
    api.fail(/^GET \/zones\/[0-9a-f]{32}\/load_balancers\/[0-9a-f]{32}$/, [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const r = await rollbackNow(["--max-retries", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("updating load balancer app.example.com: cannot reach the Cloudflare API");
    expect(r.stderr).toContain(
      "reading the load balancer back failed too (reading load balancer app.example.com: the Cloudflare API answered HTTP 500 (one attempt, no retry)), so what it serves now is UNKNOWN and the config was not written: run golive release rollback production --now again (it sets the same steering, so repeating it is safe)",
    );
    expect(fx.read()).toBe(before);
  });
});
