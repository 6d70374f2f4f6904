import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { type CliRun, spawnGolive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { runCli } from "../../lib/cli/main";
import { type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { loopbackReleaseEachTest, startProductionApi } from "./loopback-release";
import { greenWeight, isRollbackToBlue, loopbackWatchArgs, type ReleaseFixture, releaseFixture, releaseOf } from "./release-fixture";
import { HOSTNAME, TOKEN } from "./stand-in-constants";

// Ctrl-C (SIGINT) or a cancelled CI job (SIGTERM) while a release command talks to the Cloudflare API:
// one line on stderr saying what was in flight and what to run, exit 130 / 143 (release-interrupt.ts).
// In-process runs get a stand-in EventEmitter as io.signals; one run of the real bin/golive.js gets a
// real SIGINT. The stand-in API holds the request each case interrupts, so no timing decides it.

const FILE = "config/production.yaml";
const LB_LIST = /^GET \/zones\/[0-9a-f]{32}\/load_balancers$/;
const GREEN_PATCH = new RegExp(`^PATCH /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}$`);
/** The end of a rollback --now that went through. */
const SERVED = "Cloudflare now serves blue";
const POOL_HEALTH = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}/health$`);

/**
 * `golive <args>` in-process with `signals` as io.signals. An interrupted command returns while its
 * engine runs on (the real process exits then: bin/golive.js); `ended(text)` waits for that run's own
 * end on stdout, so nothing of a test outlives it.
 */
async function goliveWithSignals(
  args: readonly string[],
  cwd: string,
  signals: EventEmitter,
): Promise<CliRun & { ended(text: string): Promise<void> }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  stderr.on("data", (c: Buffer) => err.push(c));
  const code = await runCli(args, { stdout, stderr, cwd, env: { CLOUDFLARE_API_TOKEN: TOKEN }, signals });
  const printed = out;
  const ended = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => out.includes(text) && resolve();
      stdout.on("data", check);
      check();
    });
  return { code, stdout: printed, stderr: Buffer.concat(err).toString("utf8"), ended };
}

/** Both signals' listeners on `signals`: none once a command has ended. */
const listeners = (signals: EventEmitter) => signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM");

/** A hold the stand-in API keeps a request in until `release()`. */
function hold(): { readonly held: Promise<void>; release(): void } {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held, release: () => release() };
}

/**
 * `signal` on `signals` as a load balancer PATCH that `matches` arrives, which the stand-in then holds
 * until the hold returned is released.
 */
function signalAtPatch(api: FakeCloudflareApi, signals: EventEmitter, signal: string, matches: (body: unknown) => boolean) {
  const patch = hold();
  api.onPatch((body) => {
    if (!matches(body)) return undefined;
    signals.emit(signal);
    return patch.held;
  });
  return patch;
}

/** A release under way, green at 60%: a rollback --now has something to roll back. */
function midRelease(): ReleaseFixture {
  const fixture = releaseFixture();
  fixture.setAll([
    [["release", "phase"], "releasing"],
    [["release", "weights"], { blue: 40, green: 60 }],
  ]);
  return fixture;
}

describe("rollback --now", () => {
  let api: FakeCloudflareApi;
  let fx: ReleaseFixture;
  let before: string;

  beforeEach(async () => {
    fx = midRelease();
    before = fx.read();
    api = await startProductionApi();
  });

  afterEach(() => api.close());

  const rollbackNow = (signals: EventEmitter) =>
    goliveWithSignals(
      ["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", "1000", "--max-retries", "0"],
      fx.dir,
      signals,
    );

  test("Ctrl-C while it looks up the load balancer says nothing was sent: exit 130, config untouched, no listener left", async () => {
    const signals = new EventEmitter();
    api.onRequest((key) => {
      if (LB_LIST.test(key)) signals.emit("SIGINT");
    });
    const r = await rollbackNow(signals);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(
      `golive release rollback --now: interrupted (SIGINT) while looking up the load balancer, before anything was sent: nothing changed, ${FILE} untouched; run golive release rollback production --now again\n`,
    );
    expect(fx.read()).toBe(before);
    expect(listeners(signals)).toBe(0);
    await r.ended(SERVED); // in-process the run goes on to its end, telling no one
  });

  test("Ctrl-C before the rollback PATCH is answered says it may or may not be live and the config does not record it: exit 130", async () => {
    const signals = new EventEmitter();
    const patch = signalAtPatch(api, signals, "SIGINT", isRollbackToBlue);
    const r = await rollbackNow(signals);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(
      "golive release rollback --now: interrupted (SIGINT) before Cloudflare's answer to the rollback to blue was read: it may or may not be live, " +
        `and ${FILE} does NOT record it; run golive release rollback production --now (it sets the same steering to blue, reads it back and records it in ${FILE}, ` +
        `so repeating it is safe); golive release status production --live shows what the load balancer serves and whether ${FILE} matches it\n`,
    );
    expect(r.stdout).toBe("");
    expect(fx.read()).toBe(before);
    expect(fx.entries()).toEqual(["production.yaml", "staging.yaml"]);
    expect(listeners(signals)).toBe(0);
    patch.release();
    await r.ended(SERVED);
  });

  test("a CI cancel (SIGTERM) while the pool is marked, after the config records the rollback, says what is live: exit 143, the config whole", async () => {
    const signals = new EventEmitter();
    const mark = hold();
    api.onRequest((key) => {
      if (GREEN_PATCH.test(key)) signals.emit("SIGTERM");
    });
    api.onPatch((body) => (typeof body === "object" && body !== null && "description" in body ? mark.held : undefined));
    const r = await rollbackNow(signals);
    expect(r.code).toBe(143);
    expect(r.stderr).toBe(
      `golive release rollback --now: interrupted (SIGTERM) after the rollback to blue was live and recorded in ${FILE}, while the green pool was marked rolled back ` +
        "and the load balancer read back: run golive release rollback production --now again to finish (repeating it is safe), then merge " +
        `${FILE} and deploy: npx cdktf deploy traffic-production --ignore-missing-stack-dependencies\n`,
    );
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(fx.entries()).toEqual(["production.yaml", "staging.yaml"]); // renamed into place: no temp file left
    expect(listeners(signals)).toBe(0);
    mark.release();
    await r.ended(SERVED);
  });

  test("a command that never talks to the API (status, a dry run) listens for no signal", async () => {
    const signals = new EventEmitter();
    const on = jest.spyOn(signals, "on");
    expect((await goliveWithSignals(["release", "status", "production"], fx.dir, signals)).code).toBe(0);
    expect((await goliveWithSignals(["release", "rollback", "production", "--now", "--dry-run"], fx.dir, signals)).code).toBe(0);
    expect(on).not.toHaveBeenCalled();
  });

  test("the real bin/golive.js, sent SIGINT while the rollback PATCH is held, prints the note and exits 130", async () => {
    const patch = hold();
    let child: { kill(signal: NodeJS.Signals): boolean } | undefined;
    api.onPatch((body) => {
      if (!isRollbackToBlue(body)) return undefined;
      child?.kill("SIGINT");
      return patch.held;
    });
    const r = await spawnGolive(
      ["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", "5000", "--max-retries", "0"],
      { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN }, started: (c) => (child = c) },
    );
    patch.release();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /^golive release rollback --now: interrupted \(SIGINT\) before Cloudflare's answer to the rollback to blue was read: it may or may not be live/,
    );
    expect(r.stderr.split("\n")).toHaveLength(2); // one line
    expect(r.stderr).not.toContain(TOKEN);
    expect(fx.read()).toBe(before);
  });
});

describe("promote --watch", () => {
  const ca = createTestCa("golive interrupt note CA");
  const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });
  const release = loopbackReleaseEachTest(leaf, ca);

  const watch = (signals: EventEmitter) => {
    const { api, green, caFile, fx } = release();
    return goliveWithSignals(loopbackWatchArgs(api.baseUrl, green.port, caFile), fx.dir, signals);
  };

  test("Ctrl-C while the 50% step's PATCH is held names the step in flight and the 10% it last set, recorded: exit 130", async () => {
    const { api, fx } = release();
    const signals = new EventEmitter();
    const step = signalAtPatch(api, signals, "SIGINT", (body) => greenWeight(body) === 0.5);
    const r = await watch(signals);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(
      "golive release promote --watch: interrupted (SIGINT) while the 50% step was sent: it may or may not have applied, and " +
        `${FILE} does not record it; this watch last set green at 10% (recorded in ${FILE}). Nothing more is sent: golive release status production ` +
        "--live shows what the load balancer serves; to undo the release: golive release rollback production --now\n",
    );
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 90, green: 10 }, phase: "releasing" });
    expect(listeners(signals)).toBe(0);
    step.release();
    await r.ended("result: ");
  });

  test("a CI cancel (SIGTERM) while the watch waits at the 10% step says traffic stays there: exit 143", async () => {
    const { api, fx } = release();
    const signals = new EventEmitter();
    let reads = 0;
    api.onRequest((key) => {
      // the second: after the pre-flight's, the 10% step's
      if (!POOL_HEALTH.test(key) || ++reads !== 2) return;
      signals.emit("SIGTERM");
    });
    const r = await watch(signals);
    expect(r.code).toBe(143);
    expect(r.stderr).toBe(
      `golive release promote --watch: interrupted (SIGTERM) at the 10% step: this watch last set green at 10% (recorded in ${FILE}); traffic stays there, ` +
        "nothing more is sent: golive release status production --live shows what the load balancer serves; to undo the release: golive release rollback production --now; " +
        "to go on: golive release promote production --watch\n",
    );
    expect(releaseOf(fx.read())).toMatchObject({ weights: { blue: 90, green: 10 }, phase: "releasing" });
    expect(listeners(signals)).toBe(0);
    await r.ended("result: ");
  });
});
