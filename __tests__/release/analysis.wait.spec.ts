import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AlarmSource, analysisSettings } from "../../lib/features/release/analysis";
import { releaseWatch } from "../../lib/engines/release/watch";
import { golive } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { startProductionApi } from "./loopback-release";
import { type FakeCloudWatch, startFakeCloudWatch } from "./fake-cloudwatch";
import { type Origin, startOrigin } from "./local-origin";
import { deployedStarted, type ReleaseFixture, releaseFixture, releaseOf, startedOnLoopback } from "./release-fixture";
import { AWS_TEST_ENV, HOSTNAME, TOKEN } from "./stand-in-constants";

// Obviously fake, but shaped like a real token so a leak would be visible in output.
/** The analysis interval of the test whose claim is a rollback within one interval: ~1 s, so the whole file stays well under 15 s. */
const INTERVAL_MS = 1000;
/** Every other run's interval: 50 ms, the shortest allowed (their claims are not about its length; the probes still number 20 a step). */
const SHORT_INTERVAL_MS = 50;
const PATCH = /^PATCH \/zones\/[0-9a-f]{32}\/load_balancers\/[0-9a-f]{32}$/;

const ca = createTestCa();
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });

let api: FakeCloudflareApi;
let cw: FakeCloudWatch;
let blue: Origin;
let green: Origin;
let fx: ReleaseFixture;
let caFile: string;

// The CloudWatch client signs its requests with whatever credentials the SDK finds: static ones for the stand-in.
const savedEnv = { ...process.env };
beforeAll(() => Object.assign(process.env, AWS_TEST_ENV)); // in-process runs: the SDK reads process.env
afterAll(() => {
  process.env = savedEnv;
});

/** The alarm of the candidate's one origin (startedOnLoopback), as the monitoring stack names it. */
const GREEN_ORIGIN_DOWN = "opsbot-production origin down: app.example.com (green pool origin green-1, 192.0.2.62)";

/** This environment's alarms as the monitoring stack leaves them on a healthy day: deployed, all OK. */
const OK_ALARMS = [
  { AlarmName: GREEN_ORIGIN_DOWN, StateValue: "OK" as const },
  { AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" as const },
  { AlarmName: "opsbot-production origin down: app.example.com (127.0.0.1)", StateValue: "OK" as const },
  { AlarmName: "opsbot-production average latency over 500 ms: chat.example.com (origin)", StateValue: "OK" as const },
];

beforeEach(async () => {
  cw = await startFakeCloudWatch([...OK_ALARMS]);
  [api, blue, green] = await Promise.all([startProductionApi(), startOrigin(leaf), startOrigin(leaf)]);
  fx = releaseFixture();
  startedOnLoopback(fx);
  deployedStarted(api);
  fx.set(["release", "analysis"], { interval: 1 }); // probes: the default 20, spread over the interval
  caFile = join(fx.dir, "test-ca.pem");
  writeFileSync(caFile, ca.certPem);
});

afterEach(() => Promise.all([api.close(), blue.close(), green.close(), cw.close()]));

/** The environment of every run: the token, and this environment's CloudWatch alarms from the stand-in. */
const runEnv = () => ({ CLOUDFLARE_API_TOKEN: TOKEN, GOLIVE_CLOUDWATCH_ENDPOINT: cw.endpoint, ...AWS_TEST_ENV });

/** The flags every run needs: the local API, the candidate's port, the throwaway CA, short timeouts. */
const localFlags = () => [
  "--api-base-url",
  api.baseUrl,
  "--origin-port",
  String(green.port),
  "--origin-address",
  "green-1=127.0.0.1",
  "--ca-file",
  caFile,
  "--timeout-ms",
  "2000",
];
const patches = () => api.requests.filter((r) => PATCH.test(`${r.method} ${r.path}`));
const healthReads = () => api.requests.filter((r) => r.method === "GET" && r.path.endsWith("/health"));

function greenWeight(body: unknown): unknown {
  return typeof body === "object" && body !== null && "random_steering" in body
    ? (body.random_steering as { pool_weights?: Record<string, number> }).pool_weights?.[GREEN_ID]
    : undefined;
}

describe("golive release promote --watch (analysis-gated) against local HTTPS origins and a local Cloudflare API", () => {
  // In this process: `golive release` runs as a process in release-commands.spec.ts and __tests__/cli (a
  // spawn here cost ~2 s of CPU, most of it loading the CLI and the AWS SDK once more).
  test("a healthy candidate reaches 100%: one PATCH per step, the candidate live, phase idle", async () => {
    const r = await golive(
      ["release", "promote", "production", "--watch", "--now", "--json", "--interval-ms", String(SHORT_INTERVAL_MS), ...localFlags()],
      {
        cwd: fx.dir,
        env: runEnv(),
      },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(patches().map((p) => greenWeight(p.body))).toEqual([0.1, 0.5, 1]);
    expect(patches()[2]?.body).toMatchObject({ default_pools: [GREEN_ID, BLUE_ID], fallback_pool: BLUE_ID });
    expect(releaseOf(fx.read())).toMatchObject({
      live: "green",
      candidate: "blue",
      previous: "blue",
      weights: { blue: 0, green: 100 },
      phase: "idle",
      builds: { blue: "v1", green: "v2" },
    });
    const log: unknown = JSON.parse(r.stdout);
    expect(log).toMatchObject({ ok: true, outcome: "completed", candidate: { colour: "green", build: "v2" } });
    const steps = (log as { steps: { percent: number; analysis: { passed: boolean; checks: { check: string; status: string }[] } }[] })
      .steps;
    expect(steps.map((s) => [s.percent, s.analysis.passed])).toEqual([
      [10, true],
      [50, true],
      [100, true],
    ]);
    expect(steps[0]?.analysis.checks.map((c) => [c.check, c.status])).toEqual([
      ["probes", "passed"],
      ["pool-health", "passed"],
      ["alarms", "passed"],
    ]);
    // every probe went to the candidate's origin, as users reach it: the app's Host on the monitor path;
    // one pre-flight probe before any change, then 20 per step
    expect(green.hits).toHaveLength(61);
    expect(new Set(green.hits.map((h) => `${h.host} ${h.path}`))).toEqual(new Set([`${HOSTNAME} /healthz`]));
    expect(blue.hits).toEqual([]);
    // the pre-flight's read of both pools, then one of the candidate's per step
    expect(healthReads().map((q) => q.path.split("/")[5])).toEqual([GREEN_ID, BLUE_ID, GREEN_ID, GREEN_ID, GREEN_ID]);
    expect(r.stdout).not.toContain(TOKEN);
    // the pre-flight, then every step, asked CloudWatch for this environment's alarms in every state
    // (two pages each: the stand-in pages by two)
    expect(cw.requests.map((q) => [q.target, q.AlarmNamePrefix, q.StateValue])).toEqual(
      Array(8).fill(["GraniteServiceVersion20100801.DescribeAlarms", "opsbot-production ", undefined]),
    );
    expect(log).toMatchObject({
      preflightAlarms: { passed: true, source: 'CloudWatch alarms "opsbot-production *" in us-east-1', matched: 4, firing: [] },
    });
  }); // jest's 60 s default: the first run of the file also loads the CLI and the Cloudflare and AWS SDKs

  test("a candidate failing at the 50% step is rolled back within one interval: exit 1, all weight on the previous colour", async () => {
    const at: { step50?: number; rollback?: number } = {};
    api.onPatch((body) => {
      if (greenWeight(body) === 0.5) {
        at.step50 = performance.now();
        green.failing = true; // v2 breaks under real load
      }
      if (typeof body === "object" && body !== null && "default_pools" in body && JSON.stringify(body.default_pools) === `["${BLUE_ID}"]`)
        at.rollback = performance.now();
    });
    const r = await golive(
      ["release", "promote", "production", "--watch", "--json", "--interval-ms", String(INTERVAL_MS), ...localFlags()],
      {
        cwd: fx.dir,
        env: runEnv(),
      },
    );
    expect(r.code).toBe(1);
    expect(patches()).toHaveLength(3);
    expect(patches()[2]?.body).toEqual({
      default_pools: [BLUE_ID],
      fallback_pool: BLUE_ID,
      steering_policy: "random",
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
    });
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", candidate: "green", previous: "blue", weights: { blue: 100, green: 0 } });
    expect(releaseOf(fx.read()).phase).toBe("rolled-back");
    const log = JSON.parse(r.stdout) as {
      outcome: string;
      failure: { percent: number; checks: { check: string; measured: Record<string, unknown> }[] };
      rollback: { firstFailureToRollbackMs: number; written: boolean };
    };
    expect(log.outcome).toBe("rolled-back");
    expect(log.failure.percent).toBe(50);
    expect(log.failure.checks.map((c) => c.check)).toEqual(["probes"]);
    expect(log.failure.checks[0]?.measured).toMatchObject({
      successRateFailed: true,
      minSuccessRate: 0.99,
      maxP95Ms: 500,
      firstFailure: { origin: "green-1", status: 503 },
    });
    expect(log.rollback.written).toBe(true);
    // After the rollback PATCH, the candidate's pool is marked, so a watch from a config without this rollback refuses it.
    expect(api.pool(GREEN_ID)?.description).toMatch(/^golive opsbot production green origins \(build v2, rolled back \S+Z\)$/);
    expect(log.rollback).toMatchObject({ marked: { colour: "green", poolId: GREEN_ID } });
    // Measured twice: by the CLI (first failed probe sent -> rollback PATCH accepted) and here, on the
    // stand-ins' own clock (first 503 answered -> rollback PATCH received). Both well within one interval.
    // The bound is the claim (rolled back before the step's interval ends), so it cannot be wider; it is
    // still generous: 2026-12-04 measured 8 ms, 6 ms and 63 ms from the 50% PATCH (its first probe is 50 ms in).
    const measuredHere = (at.rollback ?? Infinity) - (green.firstFailureAt ?? 0);
    expect(log.rollback.firstFailureToRollbackMs).toBeLessThan(INTERVAL_MS);
    expect(measuredHere).toBeLessThan(INTERVAL_MS);
    expect((at.rollback ?? Infinity) - (at.step50 ?? 0)).toBeLessThan(INTERVAL_MS);
    expect(r.stderr).toContain("analysis failed at 50%: probes: success");
  });

  test("text output names the failed check with its measured values and the time to rollback", async () => {
    // healthy at the pre-flight, unhealthy once it has traffic
    api.onPatch(() => api.setPoolHealth(GREEN_ID, { healthy: false, origin: "127.0.0.1", reason: "HTTP 503 Service Unavailable" }));
    const r = await golive(
      ["release", "promote", "production", "--watch", "--no-alarms", "--interval-ms", String(SHORT_INTERVAL_MS), ...localFlags()],
      {
        cwd: fx.dir,
        env: runEnv(),
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("alarms: not checked (--no-alarms was given");
    expect(cw.requests).toEqual([]);
    expect(r.stdout).toMatch(/step 10%: green gets 10% of new sessions, blue 90% \(load balancer updated in \d+ ms, config written\)/);
    expect(r.stdout).toMatch(/probes\s+passed\s+success 100% of 20 >= 99%, p95 \d+ ms <= 500 ms/);
    expect(r.stdout).toContain("pool-health  FAILED       Cloudflare reports green unhealthy: 127.0.0.1 in Ashburn");
    expect(r.stdout).toMatch(/rolled back: all new sessions back on blue \(v1\); .* accepted \d+ ms after the first failed observation/);
    expect(r.stderr).toContain("analysis failed at 10%: pool-health");
    expect(patches()).toHaveLength(2);
    expect(releaseOf(fx.read()).phase).toBe("rolled-back");
  });

  test("an alarm of the candidate's origin that fires after a step (injected alarm source) rolls back like a failed probe", async () => {
    let reads = 0;
    // quiet at the pre-flight read, firing once the candidate has traffic
    const alarms: AlarmSource = {
      name: "CloudWatch alarms opsbot-production-*",
      firing: async () => ({
        matched: 4,
        names: [GREEN_ORIGIN_DOWN],
        firing: reads++ === 0 ? [] : [{ name: GREEN_ORIGIN_DOWN, state: "ALARM" }],
      }),
    };
    const progress: string[] = [];
    const result = await releaseWatch(
      { cwd: fx.dir, configDir: join(fx.dir, "config"), env: "production", json: true },
      {
        breakGlass: { token: TOKEN, baseUrl: api.baseUrl, timeoutMs: 2000, maxRetries: 0 },
        intervalMs: SHORT_INTERVAL_MS,
        originPort: green.port,
        originAddresses: new Map([["green-1", "127.0.0.1"]]),
        ca: [ca.certPem],
        alarms,
        alarmsNotChecked: "unused",
      },
      (lines) => progress.push(...lines),
    );
    // the engine returns the run log and prints nothing: with --json no progress line either
    expect({ ok: result.ok, progress }).toEqual({ ok: false, progress: [] });
    if (!("json" in result.output)) throw new Error("a --json watch returns the JSON run log");
    const log = result.output.json as { failure: { checks: { check: string; detail: string }[] } };
    expect(log.failure.checks).toEqual([
      expect.objectContaining({
        check: "alarms",
        detail: `CloudWatch alarms opsbot-production-*: 1 of 4 in ALARM or INSUFFICIENT_DATA: 1 of the candidate green's own (${GREEN_ORIGIN_DOWN} (ALARM))`,
      }),
    ]);
    expect(releaseOf(fx.read()).phase).toBe("rolled-back");
  });

  test("a CloudWatch alarm of the candidate's origin going into ALARM after a step rolls back at once (CLI, SDK against the stand-in)", async () => {
    // OK at the pre-flight read (requests 1-2, two pages), in ALARM from the 10% step's read on
    cw.beforeAnswer = (n) => {
      if (n === 3) cw.alarms = [{ AlarmName: GREEN_ORIGIN_DOWN, StateValue: "ALARM", StateReason: "Threshold Crossed" }];
    };
    const r = await golive(
      ["release", "promote", "production", "--watch", "--json", "--interval-ms", String(SHORT_INTERVAL_MS), ...localFlags()],
      {
        cwd: fx.dir,
        env: runEnv(),
      },
    );
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { failure: { checks: { check: string; status: string; detail: string }[] } };
    expect(log.failure.checks).toEqual([
      expect.objectContaining({
        check: "alarms",
        status: "failed",
        detail: `CloudWatch alarms "opsbot-production *" in us-east-1: 1 of 1 in ALARM or INSUFFICIENT_DATA: 1 of the candidate green's own (${GREEN_ORIGIN_DOWN} (ALARM))`,
      }),
    ]);
    expect(patches()).toHaveLength(2); // the 10% step, then the rollback
    expect(releaseOf(fx.read()).phase).toBe("rolled-back");
  });

  test("alarms that can no longer be read after a step fail it: the analysis fails closed and rolls back", async () => {
    // readable at the pre-flight (requests 1-2), refused from the 10% step's read on (credentials revoked meanwhile)
    cw.beforeAnswer = (n) => {
      if (n === 3) cw.failWith = { status: 400, type: "AccessDenied", message: "not authorized to perform: cloudwatch:DescribeAlarms" };
    };
    const r = await golive(["release", "promote", "production", "--watch", "--interval-ms", String(SHORT_INTERVAL_MS), ...localFlags()], {
      cwd: fx.dir,
      env: runEnv(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("analysis failed at 10%: alarms");
    expect(releaseOf(fx.read()).phase).toBe("rolled-back");
  });

  test("with no release in flight there is nothing to promote: exit 0, no API call, nothing written", async () => {
    fx.set(["release", "phase"], "idle");
    const before = fx.read();
    const r = await golive(["release", "promote", "production", "--watch", ...localFlags()], {
      cwd: fx.dir,
      env: runEnv(),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to promote");
    expect(api.requests).toEqual([]);
    expect(fx.read()).toBe(before);
  });

  test.each([
    [["rollback", "production", "--watch"], /--watch only applies to promote/],
    [["promote", "production", "--interval-ms", "100"], /--interval-ms only applies to promote --watch/],
    [["promote", "production", "--watch", "--interval-ms", "10"], /--interval-ms: got "10", allowed: a whole number from 50 to 3600000/],
    [["promote", "production", "--watch", "--origin-port", "0"], /--origin-port: got "0"/],
  ])("fails with usage (exit 2): %j", async (args, message) => {
    const before = fx.read();
    const r = await golive(["release", ...args], { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fx.read()).toBe(before);
  });
});

describe("release.analysis.path: the probes time what golive verify times", () => {
  const settingsOf = (edits: Parameters<typeof exampleConfig>[0]) => {
    const cfg = exampleConfig(edits);
    if (!cfg.release) throw new Error("the example has a release section");
    return analysisSettings(cfg, cfg.release);
  };

  test("defaults to monitoring.latency.path (the chat-like path), not the health check, when it is set", () => {
    expect(settingsOf([[["monitoring", "latency", "path"], "/hooks/chat-ping"]]).path).toBe("/hooks/chat-ping");
  });

  test("defaults to release.monitor.path without monitoring.latency.path, and release.analysis.path wins over both", () => {
    expect(settingsOf([[["release", "monitor", "path"], "/ready"]]).path).toBe("/ready");
    expect(
      settingsOf([
        [["monitoring", "latency", "path"], "/hooks/chat-ping"],
        [["release", "analysis"], { path: "/hooks/probe" }],
      ]).path,
    ).toBe("/hooks/probe");
  });
});
