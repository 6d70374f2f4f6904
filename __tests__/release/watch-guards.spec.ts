import { generateKeyPairSync } from "node:crypto";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { prepareEdit } from "../../lib/engines/release/commit";
import { readReleaseConfig } from "../../lib/engines/release/config-file";
import { rollback } from "../../lib/features/release/transitions";
import { golive, spawnGolive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID, startFakeCloudflareApi } from "./fake-cloudflare-api";
import { type Origin, startOrigin } from "./local-origin";
import {
  deployedPools,
  deployedStarted,
  loopbackWatchArgs,
  releaseFixture,
  releaseOf,
  rollbackNowFrom,
  startedOnLoopback,
  type ReleaseFixture,
} from "./release-fixture";
import { HOSTNAME, LB_PATCH, TOKEN } from "./stand-in-constants";

// What `promote --watch` checks before any weight moves: that the candidate can be probed at all (an
// origin lockdown that wants a client certificate), and that Cloudflare's candidate pool is enabled
// as the config declares (a pool drained by `rollback --drain`).

const POOL_PATCH = /^PATCH \/accounts\/[0-9a-f]{32}\/load_balancers\/pools\/[0-9a-f]{32}$/;

const serverCa = createTestCa("golive origin CA");
const leaf = issueLeaf(serverCa, { hosts: [HOSTNAME] });
/** The CA the origins trust for client certificates (the operator's own), and one they do not. */
const clientCa = createTestCa("golive probe client CA");
const clientCert = issueLeaf(clientCa, { hosts: ["golive-probe"], clientAuth: true });
const strangerCert = issueLeaf(createTestCa("someone else's CA"), { hosts: ["golive-probe"], clientAuth: true });

let api: FakeCloudflareApi;
let green: Origin;
let fx: ReleaseFixture;

const file = (name: string, text: string): string => {
  const path = join(fx.dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
};

afterEach(() => Promise.all([api.close(), green.close()]));

/** v2 started on green (0%), blue live on v1; both colours' origins are this test's origin on 127.0.0.1. */
async function setUp(origin: { clientCa?: string } = {}): Promise<void> {
  [api, green] = await Promise.all([
    startFakeCloudflareApi({ zoneName: "example.com", hostname: HOSTNAME, poolPrefix: "opsbot-production" }),
    startOrigin(leaf, origin),
  ]);
  fx = releaseFixture();
  startedOnLoopback(fx);
  deployedStarted(api);
}

/** `promote --watch` against the stand-ins: 50 ms steps (the shortest allowed), no CloudWatch (not what these tests are about). */
const watch = (extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}) =>
  golive(loopbackWatchArgs(api.baseUrl, green.port, file("origin-ca.pem", serverCa.certPem), extra), {
    cwd: fx.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, ...env },
  });
const calls = (re: RegExp) => api.requests.filter((r) => re.test(`${r.method} ${r.path}`));
const clientFlags = (cert = clientCert) => [
  "--client-cert",
  file("probe.crt", cert.certPem),
  "--client-key",
  file("probe.key", cert.keyPem),
];

describe("promote --watch: origins that require a TLS client certificate (Authenticated Origin Pulls, mTLS)", () => {
  beforeEach(() => setUp({ clientCa: clientCa.certPem }));

  test("fails before any change without a client certificate: exit 1, no API request, config untouched, cause and options named", async () => {
    const before = fx.read();
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(api.requests).toEqual([]); // the pre-flight probe comes before the look-ups: zero PATCHes, zero calls
    expect(fx.read()).toBe(before);
    expect(green.hits).toEqual([]); // the handshake was refused: the app never saw a request
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      outcome: "refused",
      steps: [],
      preflight: {
        passed: false,
        percent: 0,
        causes: ["client-certificate-required"],
        samples: [{ origin: "green-1", status: null, error: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" }],
      },
    });
    expect(r.stderr).toContain(
      "pre-flight probe of green at 0% failed, so nothing changed (no weight moved, no pool changed, config untouched)",
    );
    expect(r.stderr).toContain("green-1: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (the origin requires a TLS client certificate)");
    // the example config keeps the default lockdown with a zone certificate of its own: a probe passes with one of that CA
    expect(r.stderr).toContain(
      "edge.originLockdown is authenticated-origin-pulls, so Cloudflare presents edge.originPullCertificate and the origins trust the CA that signed it. Pass a certificate of that CA with --client-cert FILE --client-key FILE",
    );
    expect(r.stderr).not.toContain("global origin-pull certificate");
    expect(r.stderr).toContain("or run with --no-origin-probes");
    expect(r.stderr).not.toContain(TOKEN);
  });

  test("fails before any change without edge.originPullCertificate, naming the global certificate no probe can present and the fix", async () => {
    fx.set(["edge", "originPullCertificate"], undefined);
    const before = fx.read();
    expect(before).not.toContain("originPullCertificate");
    const r = await watch();
    expect({ code: r.code, requests: api.requests.length, config: fx.read() === before }).toEqual({ code: 1, requests: 0, config: true });
    expect(r.stderr).toContain(
      "edge.originLockdown is authenticated-origin-pulls without edge.originPullCertificate, so Cloudflare presents its global origin-pull certificate, which every Cloudflare account shares and whose key only Cloudflare holds; no direct probe can present it. Set edge.originPullCertificate",
    );
    expect(r.stderr).toContain("or run with --no-origin-probes");
  });

  test("with --client-cert/--client-key a healthy candidate reaches 100%; the key never reaches the output", async () => {
    const r = await watch(clientFlags());
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain("green-1: HTTP 200 in");
    expect(r.stdout).toContain("with a client certificate");
    expect(calls(LB_PATCH)).toHaveLength(3);
    expect(green.hits).toHaveLength(61); // 1 pre-flight + 3 steps x 20
    expect(releaseOf(fx.read())).toMatchObject({ live: "green", weights: { blue: 0, green: 100 }, phase: "idle" });
    const keyBody = clientCert.keyPem.split("\n")[1] ?? "";
    expect(keyBody.length).toBeGreaterThan(20);
    expect(r.stdout + r.stderr).not.toContain(keyBody);
  });

  test("fails before any change when the origins do not trust the client certificate's CA", async () => {
    const r = await watch(clientFlags(strangerCert));
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    // Node's TLS server resets the connection where OpenSSL-native servers send an alert (unknown_ca)
    expect(r.stderr).toContain(
      "green-1: ECONNRESET (the connection was reset: most likely the origin did not accept the client certificate)",
    );
    expect(r.stderr).toContain("they must trust the CA that signed it");
  });

  test("--no-origin-probes: no probe at all; each step judged on pool health and reported with the probes not checked", async () => {
    const r = await watch(["--no-origin-probes", "--json"]);
    expect(r.code).toBe(0);
    expect(green.hits).toEqual([]);
    const log = JSON.parse(r.stdout) as { preflight: unknown; steps: { analysis: { checks: { check: string; status: string }[] } }[] };
    expect(log.preflight).toEqual({ passed: null, reason: "--no-origin-probes was given: the origins are not probed directly" });
    expect(log.steps.map((s) => s.analysis.checks.map((c) => `${c.check} ${c.status}`))).toEqual(
      Array(3).fill(["probes not-checked", "pool-health passed", "alarms not-checked"]),
    );
  });

  test("--no-origin-probes: Cloudflare having no health data is a failure (nothing else says the candidate works): rolled back", async () => {
    api.onPatch(() => api.setPoolHealth(GREEN_ID, { healthy: true, noData: true })); // data at the pre-flight, none after
    const r = await watch(["--no-origin-probes"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "pool-health  FAILED       Cloudflare has no health data for green yet, and no probe of its origins was sent",
    );
    expect(calls(LB_PATCH)).toHaveLength(2); // the 10% step, then the rollback
    expect(releaseOf(fx.read()).phase).toBe("rolled-back");
    // The watch's own rollback marks the pool as rollback --now does; status --live does not credit rollback --now alone.
    const status = await golive(["release", "status", "production", "--live", "--api-base-url", api.baseUrl], {
      cwd: fx.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /\n {2}pool {7}green opsbot-production-green: enabled, MARKED rolled back at \S+ by a rollback \(rollback --now or a watch's own\)\n/,
    );
  });

  test.each([
    [["--client-cert", "probe.crt"], /--client-cert and --client-key go together/],
    [["--client-key", "missing.key", "--client-cert", "missing.crt"], /--client-cert: cannot read missing\.crt \(does it exist\?\)/],
    [["--no-origin-probes", "--client-cert", "a.crt", "--client-key", "a.key"], /--client-cert is for the origin probes/],
    [["--no-origin-probes", "--origin-address", "green-1=127.0.0.1"], /--origin-address is for the origin probes/],
    [["--origin-address", "green-1"], /^golive release: --origin-address: got "green-1"; allowed: NAME=IP, /],
    [["--origin-address", "green-1=localhost"], /--origin-address: got "green-1=localhost"; allowed: NAME=IP/],
  ])("fails with usage (exit 2): %j", async (args, message) => {
    writeFileSync(join(fx.dir, "a.crt"), clientCert.certPem);
    writeFileSync(join(fx.dir, "a.key"), clientCert.keyPem);
    const r = await watch(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(api.requests).toEqual([]);
  });

  test("fails with usage (exit 2) when --origin-address names no origin of the candidate, before anything is sent", async () => {
    const r = await watch(["--origin-address", "blue-9=127.0.0.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--origin-address: no origin named "blue-9" in release.pools.green.origins (the candidate's: green-1); nothing changed`,
    );
    expect(api.requests).toEqual([]);
  });

  test("fails with usage (exit 2) when the key is not the certificate's, printing neither", async () => {
    const r = await watch(["--client-cert", file("mine.crt", clientCert.certPem), "--client-key", file("other.key", unrelatedKey())]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--client-key:");
    expect(r.stderr).toContain("is not the private key of the certificate in");
    expect(r.stderr).not.toContain("PRIVATE KEY");
  });

  test.each([
    [["rollback", "production", "--no-origin-probes"], /--no-origin-probes only applies to promote --watch/],
    [["promote", "production", "--client-cert", "a.crt", "--client-key", "a.key"], /--client-cert only applies to promote --watch/],
  ])("fails with usage (exit 2) outside --watch: %j", async (args, message) => {
    const r = await golive(["release", ...args], { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

/** A private key that is not the client certificate's (the test CAs share one key pair per process). */
function unrelatedKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

describe("promote --watch after rollback --now --drain and a new start: the drained candidate pool", () => {
  beforeEach(async () => {
    await setUp();
    // Mid-release, v2 on green misbehaves: break-glass rollback with drain, then v3 is started on green.
    fx.set(["release", "weights"], { blue: 40, green: 60 });
    const drained = await golive(["release", "rollback", "production", "--now", "--drain", "--api-base-url", api.baseUrl], {
      cwd: fx.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(drained.code).toBe(0);
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false, description: expect.stringContaining("(build v2, rolled back ") });
    // The rollback committed and deployed, as the runbook asks: the pool stays disabled, the deploy clears the mark.
    deployedPools(api, fx);
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false, description: "golive opsbot production green origins (build v2)" });
    const start = await golive(["release", "start", "production", "--build", "v3"], { cwd: fx.dir });
    expect(start.code).toBe(0);
    expect(fx.read()).not.toContain("drained:");
    api.requests.length = 0;
  });

  test("enables the pool through the API before any weight moves, so the candidate really gets traffic; the deploy line names what a deploy still changes", async () => {
    const r = await watch();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const patches = calls(/^PATCH /);
    expect(POOL_PATCH.test(`${patches[0]?.method} ${patches[0]?.path}`)).toBe(true);
    expect(patches[0]?.path.endsWith(GREEN_ID)).toBe(true);
    expect(patches[0]?.body).toEqual({ enabled: true });
    expect(patches.slice(1).every((p) => LB_PATCH.test(`${p.method} ${p.path}`))).toBe(true);
    expect(patches).toHaveLength(4); // the pool, then 10%, 50%, 100%
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: true });
    expect(api.loadBalancer()).toMatchObject({ default_pools: [GREEN_ID, BLUE_ID], random_steering: { pool_weights: { [GREEN_ID]: 1 } } });
    expect(r.stdout).toContain(
      "the green pool opsbot-production-green is disabled in Cloudflare (drained earlier; the config declares it enabled): enabling it",
    );
    // The pools' descriptions (the build) are left to the deploy: the run says so instead of "no change".
    expect(r.stdout).toContain("deploying it changes no weight, but still updates what the API path leaves to the deploy:");
    // the drain wrote the drained build into the description; the deploy names the new one
    expect(r.stdout).toContain(
      '  pool opsbot-production-green: description "golive opsbot production green origins (build v2)" -> "golive opsbot production green origins (build v3)"',
    );
    expect(r.stdout).not.toContain("plans no change");
  });

  test("fails before any request while the config still drains the candidate (release.drained put back by hand): only a start re-enables it", async () => {
    fx.set(["release", "drained"], "green");
    const r = await watch();
    expect(r.code).toBe(1);
    expect(api.requests).toEqual([]);
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false });
    expect(r.stderr).toContain("release.drained is green, the candidate: its pool is declared disabled, so no step could reach it");
  });

  test('says "plans no change" only when the pools already match the config (the start deployed)', async () => {
    deployedPools(api, fx);
    deployedStarted(api);
    const r = await watch(["--json"]);
    expect(r.code).toBe(0);
    expect(calls(POOL_PATCH)).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "completed", deployChanges: [] });
    const text = await watch(); // nothing left to promote: exit 0, no API call
    expect(text.stdout).toContain("nothing to promote");
  });

  test("an enabling PATCH whose answer is lost is read back: the pool is enabled, the watch goes on and says so", async () => {
    api.losePoolAnswers(1);
    const r = await watch(["--max-retries", "0"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: true });
    expect(r.stdout).toMatch(
      /note: the PATCH's answer was lost \(enabling pool opsbot-production-green: cannot reach the Cloudflare API .*\), but pool opsbot-production-green read back has the change\n/,
    );
    expect(calls(LB_PATCH)).toHaveLength(3);
  });

  test("fails before any weight moves when the token may not enable the pool, naming the permission", async () => {
    api.fail(POOL_PATCH, [{ status: 403 }]);
    const before = fx.read();
    const r = await watch();
    expect(r.code).toBe(1);
    expect(calls(LB_PATCH)).toEqual([]);
    expect(api.pool(GREEN_ID)).toMatchObject({ enabled: false });
    expect(fx.read()).toBe(before);
    expect(r.stderr).toContain(
      "enabling pool opsbot-production-green: the Cloudflare API refused the token (HTTP 403); this call needs Load Balancing: Monitors and Pools Edit (API: Monitors and Pools Write) on the account",
    );
    expect(r.stderr).toContain("no weight moved (green at 0%), config untouched");
  });
});

describe("promote --watch reads the load balancer back: it never undoes a change it did not make", () => {
  beforeEach(() => setUp());

  test.each([
    [1, "the 10% step: no 50% or 100% follows"],
    [3, "the last step: the release is not reported completed"],
  ])("stops when a rollback --now from elsewhere lands during PATCH %i's watch (%s); the rollback stays", async (during, _) => {
    const rolledBack = {
      default_pools: [BLUE_ID],
      fallback_pool: BLUE_ID,
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
    };
    let seen = 0;
    api.onPatch(() => {
      // The operator's break-glass rollback arrives while this step is being watched.
      if (++seen === during) setTimeout(() => api.setLoadBalancer(rolledBack), 0);
    });
    const r = await watch();
    expect(r.code).toBe(1);
    expect(calls(LB_PATCH)).toHaveLength(during);
    expect(api.loadBalancer()).toMatchObject(rolledBack);
    const last = during === 1 ? "blue 0.9, green 0.1 (fallback blue)" : "green 1, blue 0 (fallback blue)";
    expect(r.stderr).toContain(
      `the load balancer changed outside this watch: it serves blue 1 (fallback blue), this watch last set ${last}`,
    );
    expect(r.stderr).toContain("do not merge it");
    expect(r.stdout).not.toContain("release completed");
  });

  test("stops after a rollback --now from this working copy during the 10% step (a process): the config holds that rollback and the load balancer serves it, so it says to commit it", async () => {
    // The audit's run: "release state ... changed during the watch" and "does NOT deploy what the load balancer serves: do not merge it".
    const caFile = file("origin-ca.pem", serverCa.certPem);
    // 1 s steps instead of 50 ms: time for the rollback (in-process, tens of ms) while the 10% step is watched
    const args = loopbackWatchArgs(api.baseUrl, green.port, caFile).map((a, i, all) => (all[i - 1] === "--interval-ms" ? "1000" : a));
    const watching = spawnGolive(args, { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
    // The watch wrote its 10% step; on-call rolls back from the same folder while that step is watched.
    for (let i = 0; i < 3000 && !/\n {4}green: 10\n/.test(fx.read()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const rolledBack = await rollbackNowFrom(fx, api.baseUrl, TOKEN);
    expect(rolledBack.code).toBe(0);
    const r = await watching;
    expect(r.code).toBe(1);
    expect(calls(LB_PATCH)).toHaveLength(2); // the 10% step, then the rollback; nothing after it
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID], fallback_pool: BLUE_ID });
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stderr).toContain(
      "the load balancer changed outside this watch: it serves blue 1 (fallback blue), this watch last set blue 0.9, green 0.1 (fallback blue); " +
        "the release state in config/production.yaml changed during the watch (now live blue, candidate green, previous blue, weights blue 100% / green 0%, phase rolled-back), " +
        "and the load balancer serves what it now deploys",
    );
    expect(r.stderr).toContain("config/production.yaml holds the change made elsewhere: keep it, and commit it in a pull request");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "result: stopped; the load balancer serves what config/production.yaml deploys (as this run set it or read it back): merge it before any other deploy of production, which would otherwise undo it",
    );
    expect(r.stdout + r.stderr).not.toContain("does NOT deploy");
  });

  test("is not reported completed after a rollback written into this copy of the config during the last step; the claim says the config holds it", async () => {
    let reads = 0;
    api.onRequest((key) => {
      if (!key.endsWith(`/pools/${GREEN_ID}/health`) || ++reads !== 4) return; // after the pre-flight's
      // What a rollback --now from this folder leaves while the 100% step is watched: the load balancer, then the config.
      const source = readReleaseConfig(join(fx.dir, "config"), "production");
      api.setLoadBalancer({
        default_pools: [BLUE_ID],
        fallback_pool: BLUE_ID,
        random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
      });
      writeFileSync(fx.file, prepareEdit(source, rollback(source.release)).text ?? "");
    });
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(calls(LB_PATCH)).toHaveLength(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "stopped", loadBalancer: "serves-config" });
    expect(r.stderr).toContain(
      "the load balancer changed outside this watch: it serves blue 1 (fallback blue), this watch last set green 1, blue 0 (fallback blue)",
    );
    expect(r.stderr).toContain("phase rolled-back), and the load balancer serves what it now deploys");
  });

  test("stops when the config's release state is edited during a step while the load balancer keeps it, saying what differs", async () => {
    let reads = 0;
    api.onRequest((key) => {
      // the 10% step's health read (the second: the pre-flight's first): after its config write, inside its analysis
      if (key.endsWith(`/pools/${GREEN_ID}/health`) && ++reads === 2) fx.set(["release", "weights"], { blue: 50, green: 50 });
    });
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(calls(LB_PATCH)).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "stopped", loadBalancer: "differs" });
    expect(r.stderr).toContain(
      "the load balancer still serves what this watch last set, blue 0.9, green 0.1 (fallback blue); the release state in config/production.yaml changed during the watch " +
        "(now live blue, candidate green, previous blue, weights blue 50% / green 50%, phase releasing), BUT it deploys blue 0.5, green 0.5 (fallback blue), not what the load balancer serves",
    );
  });

  /** A copy of the config elsewhere (another laptop, an unmerged branch) whose rollback this config does not know. */
  const rollbackElsewhere = async (extra: readonly string[]) => {
    cpSync(join(fx.dir, "config"), join(fx.dir, "config-elsewhere"), { recursive: true });
    const r = await golive(
      ["release", "rollback", "production", "--now", ...extra, "--config-dir", "config-elsewhere", "--api-base-url", api.baseUrl],
      { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
    );
    expect(r.code).toBe(0);
    api.requests.length = 0;
  };

  /** Green's description after a rollback --now from it: the build and the mark. */
  const GREEN_MARKED = "golive opsbot production green origins \\(build v2, rolled back [^)]+\\)";

  /** The refusal of a candidate pool a rollback marked: one line, neutral about whose rollback it was. */
  const markRefusal = (description: string) =>
    new RegExp(
      `^golive release promote --watch: Cloudflare's green pool opsbot-production-green is marked rolled back: its description reads "${description}", ` +
        `written by a rollback \\(rollback --now or a watch's own\\) at \\S+ \\(from this copy of the config or another; who made it is not known\\)\\. Nothing changed \\(no PATCH sent\\)\\. ` +
        "A new release on green needs its start deployed first: have the config that holds the rollback merged \\(git pull\\), start the build, and deploy it " +
        "\\(npx cdktf deploy traffic-production --ignore-missing-stack-dependencies\\), which writes the pool's description from the config and clears the mark; then run this again$",
    );

  /**
   * The refusal when Cloudflare serves exactly the rollback of this config's release and the pool is marked:
   * another copy may hold that rollback, or none (a golive that marked the pool before writing the config,
   * stopped in between), so both ways to record it are said, and never "deploy".
   */
  const unrecordedMarkedRefusal = new RegExp(
    "^golive release promote --watch: the load balancer does not serve what config/production\\.yaml deploys: .*\\. " +
      "It serves exactly the rollback of that release \\(blue 1 \\(fallback blue\\), what golive release rollback production --now sets\\): " +
      "rolled back, and no config records it \\(a rollback stopped before it wrote the config, or one from another copy not merged\\); " +
      "Cloudflare's green pool is marked rolled back at \\S+\\. Nothing changed \\(no PATCH sent\\)\\. " +
      "Do not deploy config/production\\.yaml as it is: that would send sessions back to green \\(v2\\)\\. " +
      "If another copy of the config holds that rollback, merge it \\(git pull\\); if none does, record it: golive release rollback production --now " +
      "\\(it sets the steering already served, so no session moves, and writes config/production\\.yaml\\); commit that, then start a new build$",
  );

  test.each([
    [["--drain"]],
    // The audit's second run: without --drain nothing but the mark tells this rollback from this config's own earlier one.
    [[]],
  ])(
    "fails before any change after a rollback --now %j from another copy of the config: no pool re-enabled, no weight moved",
    async (extra) => {
      // The audit's run: the drained pool was PATCHed enabled and the rolled-back build promoted to 100%.
      await rollbackElsewhere(extra);
      const lb = structuredClone(api.loadBalancer());
      const pool = structuredClone(api.pool(GREEN_ID));
      const before = fx.read();
      const r = await watch(["--json"]);
      expect(r.code).toBe(1);
      expect(calls(/^PATCH /)).toEqual([]);
      expect(api.pool(GREEN_ID)).toEqual(pool);
      expect(api.loadBalancer()).toEqual(lb);
      expect(fx.read()).toBe(before);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, outcome: "refused", steps: [] });
      // This copy is at its start (0% to green): deploying it moves no session, so the mark's advice stands.
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(markRefusal(GREEN_MARKED))]);
    },
  );

  test("fails before any change with the mark's advice when a build is started again after this config's own recorded rollback (never 'record it', which would loop)", async () => {
    // The audit's run: the rollback recorded here, v2 started again at 0%, its start not deployed yet.
    expect((await rollbackNowFrom(fx, api.baseUrl, TOKEN)).code).toBe(0);
    expect((await golive(["release", "start", "production", "--build", "v2"], { cwd: fx.dir })).code).toBe(0);
    api.requests.length = 0;
    const r = await watch(["--no-origin-probes"]);
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(markRefusal(GREEN_MARKED))]);
  });

  test("fails before any change, giving both ways to record it, when the pool is marked and Cloudflare serves the rollback of the config's 50% step (a golive that marked the pool before writing the config)", async () => {
    fx.set(["release", "weights"], { blue: 50, green: 50 });
    api.setLoadBalancer({
      default_pools: [BLUE_ID],
      fallback_pool: BLUE_ID,
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
    });
    api.setPool(GREEN_ID, { description: "golive opsbot production green origins (build v2, rolled back 2026-12-03T10:00:00Z)" });
    const before = fx.read();
    const r = await watch(["--no-origin-probes"]);
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    expect(fx.read()).toBe(before);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(unrecordedMarkedRefusal)]);
  });

  test("a re-run from a fresh copy refuses the build a rollback --now from main's config took out, though it found nothing to roll back", async () => {
    // The audit's HIGH: copy M (main's config, never saw the start) rolled back; copy W2 (a re-run) started v2 again and took it to 100%.
    const main = releaseFixture();
    const m = await rollbackNowFrom(main, api.baseUrl, TOKEN);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain("nothing to roll back");
    // M's config deploys blue 1 / green 0, as the started config W2 holds: the weights alone cannot tell.
    expect(api.loadBalancer()).toMatchObject({
      default_pools: [BLUE_ID, GREEN_ID],
      random_steering: { pool_weights: { [BLUE_ID]: 1, [GREEN_ID]: 0 } },
    });
    api.requests.length = 0;
    const r = await watch(["--no-origin-probes"]);
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    expect(r.stderr.trim()).toMatch(markRefusal("golive opsbot production green origins \\(rolled back [^)]+\\)"));
  });

  test("fails before any change when the live colour's pool, which a failed check rolls back to, is disabled in Cloudflare", async () => {
    api.setPool(BLUE_ID, { enabled: false });
    const r = await watch(["--no-origin-probes"]);
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    expect(fx.read()).not.toContain("weights:\n    blue: 90");
    expect(r.stderr.trim()).toBe(
      "golive release promote --watch: Cloudflare's blue pool opsbot-production-blue, which serves now and which a failed check would roll back to, is disabled " +
        "(the dashboard, or a drain from another copy of the config). Nothing changed (no PATCH sent). Enable it: deploy the traffic stack " +
        "(npx cdktf deploy traffic-production --ignore-missing-stack-dependencies), whose config declares it enabled, or run golive release rollback production --now, which enables it first; then run this again",
    );
  });

  test("fails before any change when the load balancer's weights are not what the config deploys (a rollback mid-release, the dashboard)", async () => {
    fx.set(["release", "weights"], { blue: 90, green: 10 }); // this config is at the 10% step...
    api.setLoadBalancer({ random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 0.4, [GREEN_ID]: 0.6 } } });
    const r = await watch();
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    expect(r.stderr).toContain(
      "the load balancer does not serve what config/production.yaml deploys: it serves blue 0.4, green 0.6 (fallback blue), the config deploys blue 0.9, green 0.1 (fallback blue). Nothing changed",
    );
    expect(r.stderr).toContain("if config/production.yaml is right and Cloudflare is behind, deploy it first");
  });

  test("fails before any change when Cloudflare serves exactly the rollback of the config's release (a rollback killed before its config write): advises rollback --now, never a deploy", async () => {
    fx.set(["release", "weights"], { blue: 50, green: 50 }); // a watch's 50% step, recorded
    // Its rollback applied, then the process killed before the config write (and the mark): no mark to refuse on.
    api.setLoadBalancer({
      default_pools: [BLUE_ID],
      fallback_pool: BLUE_ID,
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
    });
    const before = fx.read();
    const r = await watch(["--no-origin-probes"]);
    expect(r.code).toBe(1);
    expect(calls(/^PATCH /)).toEqual([]);
    expect(fx.read()).toBe(before);
    expect(r.stderr.trim()).toBe(
      "golive release promote --watch: the load balancer does not serve what config/production.yaml deploys: it serves blue 1 (fallback blue), " +
        "the config deploys blue 0.5, green 0.5 (fallback blue). It serves exactly the rollback of that release (blue 1 (fallback blue), what golive release " +
        "rollback production --now sets): rolled back, and no config records it (a rollback stopped before it wrote the config, or one from another copy " +
        "not merged). Nothing changed (no PATCH sent). Do not deploy config/production.yaml as it is: that would send sessions back to green (v2). " +
        "Record the rollback: golive release rollback production --now (it sets the steering already served, so no session moves, and writes " +
        "config/production.yaml); commit that, then start a new build",
    );
    // The advice, followed: the same steering sent again, the rollback recorded.
    const recorded = await rollbackNowFrom(fx, api.baseUrl, TOKEN);
    expect(recorded.code).toBe(0);
    expect(api.loadBalancer()).toMatchObject({
      default_pools: [BLUE_ID],
      fallback_pool: BLUE_ID,
      random_steering: { pool_weights: { [BLUE_ID]: 1 } },
    });
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
  });

  test("fails before any change when the load balancer does not steer by its weights: a steering policy or a rule set in the dashboard", async () => {
    api.setLoadBalancer({ steering_policy: "off" });
    const off = await watch();
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('BUT steering_policy "off", not the "random" golive declares, so the weights do not pick the pool');
    api.setLoadBalancer({
      steering_policy: "random",
      rules: [{ name: "pin-green", condition: "true", overrides: { default_pools: [GREEN_ID] } }],
    });
    const ruled = await watch();
    expect(ruled.code).toBe(1);
    expect(ruled.stderr).toContain('BUT rule(s) "pin-green" apply before the steering (none is declared by the traffic stack)');
    expect(calls(/^PATCH /)).toEqual([]);
  });

  test("after this config's own rollback --now, a new build's watch is refused until its start is deployed, then it runs", async () => {
    fx.set(["release", "weights"], { blue: 40, green: 60 });
    const own = await rollbackNowFrom(fx, api.baseUrl, TOKEN);
    expect(own.code).toBe(0);
    expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
    expect((await golive(["release", "start", "production", "--build", "v3"], { cwd: fx.dir })).code).toBe(0);
    const refused = await watch();
    expect(refused.code).toBe(1);
    expect(calls(LB_PATCH)).toHaveLength(1); // the rollback only
    expect(refused.stderr.trim()).toMatch(markRefusal("golive opsbot production green origins \\(build v2, rolled back [^)]+\\)"));
    // The start deployed: the pools' descriptions from the config (no mark), green back in the pools at 0%.
    deployedPools(api, fx);
    deployedStarted(api);
    const r = await watch();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(calls(LB_PATCH)).toHaveLength(4); // the rollback, then 10%, 50%, 100%
  });

  test("a step whose answer is lost is read back: it landed, so it is recorded and the watch goes on to 100%", async () => {
    // The audit's run: "step 10% failed ...; config not written", the candidate left at 10% unwatched and a rerun refused.
    api.loseAnswers(1);
    const r = await watch(["--max-retries", "0"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(calls(LB_PATCH)).toHaveLength(3);
    expect(r.stdout).toMatch(
      /^step 10%: green gets 10% of new sessions, blue 90% \(load balancer read back in \d+ ms, config written\)\n {2}note: the PATCH's answer was lost \(updating load balancer app\.example\.com: cannot reach the Cloudflare API [^\n]*\), but the load balancer read back serves the 10% step: blue 0\.9, green 0\.1 \(fallback blue\)$/m,
    );
    expect(releaseOf(fx.read())).toMatchObject({ live: "green", weights: { blue: 0, green: 100 }, phase: "idle" });
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "result: completed; the load balancer serves what config/production.yaml deploys (as this run set it or read it back): merge it before any other deploy of production, which would otherwise undo it",
    );
  });

  test("a step the API refuses is read back: it did not land, the config keeps the last step, and a rerun goes on from there", async () => {
    api.fail(LB_PATCH, [{ status: 403 }]);
    const before = fx.read();
    const r = await watch(["--json"]);
    expect(r.code).toBe(1);
    expect(fx.read()).toBe(before);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "stopped", loadBalancer: "serves-config", steps: [] });
    expect(r.stderr).toContain(
      "step 10% failed (updating load balancer app.example.com: the Cloudflare API refused the token (HTTP 403); this call needs Load Balancers Edit (API: Load Balancers Write) on the zone: check that CLOUDFLARE_API_TOKEN is current and has it); " +
        "read back, the load balancer still serves blue 1, green 0 (fallback blue): the step did not land, and config/production.yaml keeps what it serves; run this again to go on",
    );
    const again = await watch();
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: "" });
    expect(releaseOf(fx.read())).toMatchObject({ live: "green", phase: "idle" });
  });

  test("a failed step whose read-back fails too says what is live is UNKNOWN; the config keeps the last step", async () => {
    api.fail(LB_PATCH, [{ status: 403 }]);
    // the read before the first step passes; the one after the refused PATCH fails
    api.onRequest((key) => {
      if (LB_PATCH.test(key)) api.fail(/^GET \/zones\/[0-9a-f]{32}\/load_balancers\/[0-9a-f]{32}$/, [{ status: 500 }]);
    });
    const before = fx.read();
    const r = await watch(["--max-retries", "0"]);
    expect(r.code).toBe(1);
    expect(fx.read()).toBe(before);
    expect(r.stderr).toMatch(
      /^golive release promote --watch: step 10% failed \(.*HTTP 403.*\); reading the load balancer back failed too \(reading load balancer app\.example\.com: the Cloudflare API answered HTTP 500 \(one attempt, no retry\)\), so whether it serves this step is UNKNOWN; config\/production\.yaml keeps the last step: check the load balancer in the dashboard, or roll back: golive release rollback production --now\n$/,
    );
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "result: stopped; whether config/production.yaml deploys what the load balancer serves is UNKNOWN: compare golive release status production with the dashboard before merging it",
    );
  });
});
