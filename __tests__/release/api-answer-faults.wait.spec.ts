import { golive, spawnGolive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, failedWith200, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { loopbackReleaseEachTest } from "./loopback-release";
import type { Origin } from "./local-origin";
import { greenWeight, isRollbackToBlue, lastLine, loopbackWatchArgs, type ReleaseFixture, releaseOf } from "./release-fixture";
import { HOSTNAME, LB_PATCH, TOKEN } from "./stand-in-constants";

// Answers the SDK does not guard against. Cloudflare's envelope is `{success, errors, messages, result}`,
// and an answer may say `success: false` with HTTP 200: the SDK never checks `success`, it hands on
// `result` (null) or an empty list. And a body may stall after the headers. The commands run in-process
// against the stand-in answering so (the audit's runs); the stalled body's rollback runs as a process of
// bin/golive.js, which must end in seconds with the stand-in still holding the socket open (rollback
// --now and the watch run as processes in release-processes.spec.ts too).

const ca = createTestCa("golive error envelope CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });
const GREEN_HEALTH = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}/health$`);
const GREEN_PATCH = new RegExp(`^PATCH /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}$`);
const BLUE_HEALTH = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${BLUE_ID}/health$`);
/** Far beyond every bounded run of a stalled answer, far below the stand-in's stall (kept until the test closes it). */
const HUNG = 20_000;
/** What a crash on the answer's null `result` printed (`Cannot read properties of null (reading 'description')`). */
const TYPE_ERROR = /Cannot read propert|is not a function|undefined/;

let api: FakeCloudflareApi;
let green: Origin;
let fx: ReleaseFixture;
let caFile: string;
const release = loopbackReleaseEachTest(leaf, ca);
beforeEach(() => {
  ({ api, green, fx, caFile } = release());
});
const watch = (extra: readonly string[] = []) =>
  golive(loopbackWatchArgs(api.baseUrl, green.port, caFile, extra), { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
const rollbackNow = (extra: readonly string[] = []) =>
  golive(
    ["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", "5000", "--max-retries", "0", ...extra],
    { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
  );

describe("rollback --now against HTTP 200 answers that are not a successful envelope", () => {
  test("fails a load balancer PATCH answered success: false as a refusal: read back, config untouched, Cloudflare's words (was a TypeError)", async () => {
    const before = fx.read();
    api.fail(LB_PATCH, [failedWith200("Invalid pool weights", 1004)]);
    const r = await rollbackNow(["--json"]);
    expect(r.code).toBe(1);
    const error =
      'updating load balancer app.example.com: the Cloudflare API answered HTTP 200 with success: false ("1004 Invalid pool weights"); read back, the load balancer still serves';
    expect(r.stderr).toContain(error);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: expect.stringContaining(error) });
    expect(r.stderr).not.toMatch(TYPE_ERROR);
    expect(api.requests.at(-1)).toMatchObject({ method: "GET" }); // the read-back
    expect(fx.read()).toBe(before);
  });

  test("fails a PATCH answered success: true with no result, or with a body that is not JSON, and clips Cloudflare's words", async () => {
    api.fail(LB_PATCH, [{ status: 200, body: JSON.stringify({ success: true, errors: [], messages: [], result: null }) }]);
    const empty = await rollbackNow();
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(
      "updating load balancer app.example.com: the Cloudflare API answered HTTP 200 with no result; read back",
    );
    api.fail(LB_PATCH, [{ status: 200, body: JSON.stringify({ success: true, errors: [], messages: [], result: "ok" }) }]);
    const text = await rollbackNow();
    expect(text.stderr).toContain(
      "updating load balancer app.example.com: the Cloudflare API answered string where an object was expected; read back",
    );
    api.fail(LB_PATCH, [{ status: 200, body: "<html>maintenance</html>" }]);
    const html = await rollbackNow();
    expect(html.stderr).toContain("the Cloudflare API answered HTTP 200 with a body that is not valid JSON; read back");
    api.fail(LB_PATCH, [failedWith200("x".repeat(5000), 1004)]);
    const long = await rollbackNow();
    expect(long.stderr).toContain(`("1004 ${"x".repeat(195)}")`);
    expect(long.stderr.length).toBeLessThan(2000);
    expect(releaseOf(fx.read())).toMatchObject({ phase: "releasing" });
  });

  test("a mark answered success: false after the traffic moved is read back: the config is written and the missing mark reported (exit 1; was a TypeError, config unwritten)", async () => {
    api.fail(GREEN_PATCH, [failedWith200("Pool is locked", 1002)]);
    const r = await rollbackNow(["--json"]);
    expect(r.code).toBe(1);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    const failed =
      'marking pool opsbot-production-green in its description: the Cloudflare API answered HTTP 200 with success: false ("1002 Pool is locked"); read back, pool opsbot-production-green has description null';
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, written: true, breakGlass: { applied: true, poolFailed: failed } });
    expect(r.stderr).toContain(`the load balancer serves blue, BUT the pool could not be marked rolled back (${failed})`);
    expect(r.stderr).not.toMatch(TYPE_ERROR);
  });
});

describe("promote --watch against HTTP 200 answers with success: false", () => {
  test("fails the pool-health check when the health read says success: false: rolled back, never promoted as 'no health data yet'", async () => {
    // the pre-flight's read answered, the 10% step's not
    api.onPatch(() => api.fail(GREEN_HEALTH, [failedWith200("Pool health is unavailable")]));
    const r = await watch();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /pool-health\s+FAILED\s+Cloudflare health of green could not be read: reading the health of pool opsbot-production-green: /,
    );
    expect(r.stdout).not.toContain("no health data");
    expect(lastLine(r.stdout)).toMatch(/^result: rolled-back; /);
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
  });

  test("its own rollback's mark answered success: false: rolled back, the config written, the missing mark said (was a TypeError)", async () => {
    api.onPatch((body) => {
      if (greenWeight(body) === 0.5) green.failing = true;
    });
    api.fail(GREEN_PATCH, [failedWith200("Pool is locked", 1002)]);
    const r = await watch();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '  the green pool was NOT marked rolled back (marking pool opsbot-production-green in its description: the Cloudflare API answered HTTP 200 with success: false ("1002 Pool is locked"); read back, pool opsbot-production-green has description null)',
    );
    expect(lastLine(r.stdout)).toMatch(/^result: rolled-back; the load balancer serves what config\/production\.yaml deploys /);
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stderr).not.toMatch(TYPE_ERROR);
  });

  test("its own rollback PATCH answered success: false: 'the rollback through the API failed too', what is live, roll back now (was a TypeError)", async () => {
    api.onPatch((body) => {
      if (greenWeight(body) !== 0.5) return;
      green.failing = true;
      api.fail(LB_PATCH, [failedWith200("Load balancer is locked", 1002)]);
    });
    const r = await watch();
    expect(r.code).toBe(1);
    expect(api.requests.filter((q) => q.method === "PATCH").map((q) => isRollbackToBlue(q.body))).toContain(true);
    expect(r.stderr).toContain(
      'analysis failed at 50% and the rollback through the API failed too (updating load balancer app.example.com: the Cloudflare API answered HTTP 200 with success: false ("1002 Load balancer is locked")); read back, the load balancer still serves blue 0.5, green 0.5 (fallback blue), not the rollback; roll back now: golive release rollback production --now',
    );
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 50, green: 50 }, phase: "releasing" });
    expect(r.stderr).not.toMatch(TYPE_ERROR);
  });
});

// --timeout-ms bounds every request, its body included: the SDK clears its timer once the headers
// arrive, and an answer whose body stalls after them (HTTP 200, Content-Length 100000, part of the body,
// then nothing) held `rollback --now --timeout-ms 1000 --max-retries 1` for 301 s in the audit, and a
// watch's "at most 2 s" read of the rollback target for more than 45 s.
describe("answers whose body stalls after the headers", () => {
  test(
    "rollback --now --timeout-ms 1000 --max-retries 1: a load balancer PATCH whose body stalls times out twice, is read back, and ends in seconds",
    async () => {
      const before = fx.read();
      api.fail(LB_PATCH, ["stall", "stall"]);
      const started = performance.now();
      const r = await spawnGolive(
        ["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", "1000", "--max-retries", "1"],
        { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
      );
      const ms = performance.now() - started;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "updating load balancer app.example.com: the Cloudflare API did not answer in time (every retry timed out); read back, the load balancer still serves",
      );
      expect(api.requests.filter((q) => LB_PATCH.test(`${q.method} ${q.path}`))).toHaveLength(2);
      expect(fx.read()).toBe(before);
      // Two attempts of 1 s, the SDK's backoff and the process start: about 4 s alone, 10-11 s seen with
      // the two cores shared by several jest runs; the hang it guards against took 301 s.
      expect(ms).toBeLessThan(20_000);
    },
    HUNG,
  );

  test(
    "promote --watch: the rollback target's health read, whose body stalls, gives up after 2 s and the rollback goes ahead",
    async () => {
      api.onPatch((body) => {
        if (greenWeight(body) !== 0.5) return;
        green.failing = true;
        api.fail(BLUE_HEALTH, ["stall"]); // the pre-flight's read answered, the one before the rollback stalls
      });
      const r = await watch();
      expect(r.code).toBe(1);
      const read = /the rollback target, read first \((\d+) ms\): the health of blue could not be read \(([^\n]*)\)/.exec(r.stdout);
      expect(read?.[2]).toContain("did not answer within 2000 ms (one attempt, no retry)");
      // The message names the 2 s bound that fired; the time only has to be far from the stall's 45 s and
      // more: 8 s above the bound (it was 1 s, which a busy runner's pauses can eat).
      expect(Number(read?.[1])).toBeLessThan(10_000);
      expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
      expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    },
    HUNG,
  );
});
