import { golive, spawnGolive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID, LB_ID, ZONE_ID } from "./fake-cloudflare-api";
import { LOOPBACK_ALARMS } from "./alarm-watch";
import { loopbackReleaseEachTest } from "./loopback-release";
import { type FakeCloudWatch, startFakeCloudWatch } from "./fake-cloudwatch";
import type { Origin } from "./local-origin";
import {
  greenWeight,
  isRollbackToBlue,
  lastLine,
  loopbackWatchArgs,
  loopbackWatchFlags,
  type ReleaseFixture,
  releaseFixture,
  releaseOf,
  ROLLED_BACK_AT,
  startedOnLoopback,
} from "./release-fixture";
import { AWS_TEST_ENV, HOSTNAME, LB_PATCH, RETRIED_503, TOKEN } from "./stand-in-constants";

// The release commands as real processes of bin/golive.js, through its own .ts loader: the watch loads
// cloudflare-api and cloudwatch-alarms lazily (require), the path jest's transforms hide (issue 12).
// `run` (promote --watch by another name, alarms read), `status`, `start`, `promote` and `shift` run as
// processes; the audit's promote --watch and the refusal of another account's alarms run in-process (the
// same watch; abort runs as a process in release-commands.spec.ts, and architecture/process-runs.spec.ts
// keeps one process run of each). Kept cheap: 50 ms steps, one alarm, one origin.

const ca = createTestCa("golive release process CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });

let api: FakeCloudflareApi;
let green: Origin;
let fx: ReleaseFixture;
let caFile: string;
const release = loopbackReleaseEachTest(leaf, ca);
beforeEach(() => {
  ({ api, green, fx, caFile } = release());
});

/** A request as `METHOD path?query` under the API base, ids as the stand-in has them. */
type Call = { readonly key: string; readonly body?: unknown };

/** The dry run's ids, as the stand-in answers them: its plan then reads as the requests it would send. */
function withIds(value: unknown): unknown {
  const ids: Record<string, string> = {
    "{zone_id}": ZONE_ID,
    "{load_balancer_id}": LB_ID,
    "{id of pool opsbot-production-blue}": BLUE_ID,
    "{id of pool opsbot-production-green}": GREEN_ID,
  };
  const text = (s: string) => Object.entries(ids).reduce((t, [from, to]) => t.split(from).join(to), s);
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return value.map(withIds);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), withIds(v)]));
  return value;
}

describe("golive release as processes against the stand-ins", () => {
  let cw: FakeCloudWatch;
  beforeEach(async () => {
    cw = await startFakeCloudWatch([
      { AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" },
      { AlarmName: LOOPBACK_ALARMS.GREEN_DOWN, StateValue: "OK" },
    ]);
  });
  afterEach(() => cw.close());

  test("run walks a healthy candidate to 100% (probes, pool health, CloudWatch); its requests are its dry run's, in order", async () => {
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, GOLIVE_CLOUDWATCH_ENDPOINT: cw.endpoint, ...AWS_TEST_ENV };
    const args = ["release", "run", "production", ...loopbackWatchFlags(api.baseUrl, green.port, caFile)];
    const plan = await golive([...args, "--dry-run", "--json"], { cwd: fx.dir, env });
    expect(plan.code).toBe(0);
    // Both stand-ins' requests in one sequence: each DescribeAlarms after the Cloudflare requests before it.
    const alarmsAfter: number[] = [];
    cw.beforeAnswer = () => alarmsAfter.push(api.requests.length);
    const r = await spawnGolive(args, { cwd: fx.dir, env });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(lastLine(r.stdout)).toMatch(/^result: completed; the load balancer serves what config\/production\.yaml deploys /);
    expect(releaseOf(fx.read())).toMatchObject({ live: "green", weights: { blue: 0, green: 100 }, phase: "idle" });
    const sent: Call[] = [];
    api.requests.forEach((q, i) => {
      for (const [n, at] of alarmsAfter.entries()) if (at === i) sent.push({ key: "POST cloudwatch", body: cw.requests[n] });
      sent.push({ key: `${q.method} ${q.path}${q.query}`, ...(q.method === "PATCH" ? { body: q.body } : {}) });
    });
    for (const [n, at] of alarmsAfter.entries())
      if (at === api.requests.length) sent.push({ key: "POST cloudwatch", body: cw.requests[n] });
    const planned = (JSON.parse(plan.stdout) as { calls: { method: string; url: string; when?: string; body?: unknown }[] }).calls
      .filter((c) => c.when === undefined)
      .map((c): Call => {
        if (c.method === "POST") {
          expect(c.url).toBe(`${cw.endpoint}/`);
          return { key: "POST cloudwatch", body: { target: "GraniteServiceVersion20100801.DescribeAlarms", ...(c.body as object) } };
        }
        const key = `${c.method} ${String(withIds(c.url.slice(api.baseUrl.length)))}`;
        return { key, ...(c.method === "PATCH" ? { body: withIds(c.body) } : {}) };
      });
    // The pre-flight read of the alarms, the look-ups, the read-back, then per step (the read-back before
    // each after the first) the PATCH, the pool's health and the alarms, and a last read-back.
    expect(sent.map((c) => c.key)).toEqual(planned.map((c) => c.key));
    expect(sent).toEqual(planned);
    expect(sent.filter((c) => c.key === "POST cloudwatch")).toHaveLength(4);
  });
});

test("promote --watch with credentials of another account than config's: refused before any weight moves, both accounts named", async () => {
  const cw = await startFakeCloudWatch([{ AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" }], "123456789012");
  const savedEnv = { ...process.env };
  Object.assign(process.env, AWS_TEST_ENV); // in-process: the SDK reads process.env
  try {
    const before = fx.read();
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, GOLIVE_CLOUDWATCH_ENDPOINT: cw.endpoint, ...AWS_TEST_ENV };
    const r = await golive(["release", "promote", "production", "--watch", ...loopbackWatchFlags(api.baseUrl, green.port, caFile)], {
      cwd: fx.dir,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is in AWS account 123456789012 (its AlarmArn), not secrets.accountId 111111111111");
    expect(r.stderr).toContain("so nothing changed (no weight moved, no pool changed, config untouched)");
    expect(api.requests).toEqual([]);
    expect(fx.read()).toBe(before);
  } finally {
    process.env = savedEnv;
    await cw.close();
  }
});

test("promote --watch: a lost answer is read back, a step's (recorded, the watch goes on) and its own rollback's after three 503s (the audit's run)", async () => {
  api.fail(LB_PATCH, [RETRIED_503, RETRIED_503, RETRIED_503]); // the 10% step's first three tries
  api.onPatch((body) => {
    const weight = greenWeight(body);
    // Each 4th try is applied, then its connection cut: the client never learns it landed.
    if (weight === 0.1 || isRollbackToBlue(body)) api.loseAnswers(1);
    if (weight === 0.5) {
      green.failing = true;
      api.fail(LB_PATCH, [RETRIED_503, RETRIED_503, RETRIED_503]); // the rollback's first three tries
    }
  });
  const r = await golive(loopbackWatchArgs(api.baseUrl, green.port, caFile), { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
  expect(r.code).toBe(1);
  const lost =
    "the PATCH's answer was lost (updating load balancer app.example.com: cannot reach the Cloudflare API (connection failed on every retry))";
  expect(r.stdout).toContain(`  note: ${lost}, but the load balancer read back serves the 10% step: blue 0.9, green 0.1 (fallback blue)\n`);
  expect(r.stdout).toContain("ANALYSIS FAILED at 50%: probes: ");
  expect(r.stdout).toContain(`  note: ${lost}, but the load balancer read back serves the rollback: blue 1 (fallback blue)\n`);
  expect(r.stderr).toMatch(/^golive release promote --watch: analysis failed at 50%: probes: [^\n]*\n$/);
  expect(lastLine(r.stdout)).toMatch(/^result: rolled-back; the load balancer serves what config\/production\.yaml deploys /);
  expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], random_steering: { pool_weights: { [BLUE_ID]: 1 } } });
  expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
  expect(api.pool(GREEN_ID)?.description).toMatch(new RegExp(`\\(build v2, ${ROLLED_BACK_AT}\\)$`));
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
});

test("status, start, promote and shift as processes (each release command runs as one): what status shows, promote's one step, a shift, and a start of the live build changing nothing", async () => {
  const completed = releaseFixture();
  startedOnLoopback(completed);
  completed.set(["release", "live"], "green");
  completed.set(["release", "candidate"], "blue");
  completed.set(["release", "weights"], { blue: 0, green: 100 });
  completed.set(["release", "phase"], "idle");
  const released = completed.read();
  // status reads the config promote then writes: it runs first (side by side, promote's 10% could land
  // before status reads and it would show the step after). start works on a folder of its own.
  const [status, start] = await Promise.all([
    spawnGolive(["release", "status", "production", "--json"], { cwd: fx.dir }),
    spawnGolive(["release", "start", "production", "--build", "v2"], { cwd: completed.dir }),
  ]);
  const promote = await spawnGolive(["release", "promote", "production"], { cwd: fx.dir });
  expect(status).toMatchObject({ code: 0, stderr: "" });
  expect(JSON.parse(status.stdout)).toMatchObject({
    live: "blue",
    candidate: "green",
    phase: "releasing",
    builds: { blue: "v1", green: "v2" },
    next: { promote: { changes: [{ field: "release.weights.blue" }, { field: "release.weights.green", to: 10 }] } },
  });
  expect(promote).toMatchObject({ code: 0, stderr: "" });
  expect(promote.stdout).toContain("release.weights.green: 0 -> 10");
  expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 90, green: 10 } });
  const shift = await spawnGolive(["release", "shift", "production", "30"], { cwd: fx.dir });
  expect(shift).toMatchObject({ code: 0, stderr: "" });
  expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 70, green: 30 } });
  // The audit's run: blue, still on v1, became the candidate of v2 and was recorded as running it.
  expect(start).toMatchObject({ code: 0, stderr: "" });
  expect(start.stdout).toContain(
    "nothing to start: v2 is already live on green (100%, release.phase idle); blue (v1) is the rollback target",
  );
  expect(completed.read()).toBe(released);
});
