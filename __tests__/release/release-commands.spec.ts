import { chmodSync, statSync } from "node:fs";
import { PassThrough } from "node:stream";
import { parseArgs } from "../../lib/cli/args";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { breakGlassOptions } from "../../lib/cli/commands/release-options";
import { readReleaseConfig, writeConfigAtomically } from "../../lib/engines/release/config-file";
import { DEFAULT_API_BASE_URL } from "../../lib/core/cloudflare-client";
import { golive, spawnGolive } from "../helpers/cli";
import { startFakeCloudflareApi } from "./fake-cloudflare-api";
import { changedLines, releaseFixture } from "./release-fixture";

const run = (dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) => golive(["release", ...args], { cwd: dir, env });

function parseJson(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
  return Object.fromEntries(Object.entries(value));
}

describe("golive release status", () => {
  test("prints colours, weights and what promote and rollback would change, without writing", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const before = fx.read();
    const r = await run(fx.dir, ["status", "production"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/live\s+blue\s+100%\s+\(2 origins\)/);
    expect(r.stdout).toMatch(/candidate\s+green\s+0%/);
    expect(r.stdout).toContain("promote: green gets 10% of new sessions, blue 90%");
    expect(r.stdout).toContain("rollback: all new sessions back on blue; green leaves the load balancer");
    expect(r.stdout).toContain("npx cdktf deploy traffic-production --ignore-missing-stack-dependencies");
    expect(fx.read()).toBe(before);
  });

  test('a pool of one origin reads "(1 origin)"', async () => {
    const fx = releaseFixture();
    fx.set(["release", "pools", "green", "origins"], [{ name: "green-1", address: "192.0.2.40" }]);
    const r = await run(fx.dir, ["status", "production"]);
    expect(r.stdout).toMatch(/green\s+0%\s+\(1 origin\)/);
  });

  test("--json gives the state and both next steps", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const r = await run(fx.dir, ["status", "production", "--json"]);
    expect(r.code).toBe(0);
    const json = parseJson(r.stdout);
    expect(json).toMatchObject({
      ok: true,
      live: "blue",
      candidate: "green",
      previous: "blue",
      weights: { blue: 100, green: 0 },
      deploy: "npx cdktf deploy traffic-production --ignore-missing-stack-dependencies",
    });
    expect(json.next).toMatchObject({
      promote: { changed: true, after: { weights: { blue: 90, green: 10 } } },
      rollback: { changed: true, after: { phase: "rolled-back", weights: { blue: 100, green: 0 } } },
    });
  });

  test("shows a refused promote instead of failing", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    fx.set(["release", "pools", "green", "origins"], []);
    const r = await run(fx.dir, ["status", "production", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout).next).toMatchObject({ promote: { refused: expect.stringContaining("has no origins") } });
  });
});

describe("golive release shift / promote / rollback", () => {
  test("start records the build on the idle colour and makes live the rollback target; a second start is refused", async () => {
    const fx = releaseFixture();
    const r = await run(fx.dir, ["start", "production", "--build", "v1.5.0", "--json"]);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout)).toMatchObject({
      action: "start",
      written: true,
      changes: [
        { field: "release.phase", from: "idle", to: "releasing" },
        { field: "release.builds.green", from: "(none)", to: "v1.5.0" },
      ],
    });
    const again = await run(fx.dir, ["start", "production", "--build", "v1.6.0"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("a release of green (v1.5.0) is in flight");
    // The same build again (release.yml after a start by hand): nothing to change, nothing written.
    const written = fx.read();
    const same = await run(fx.dir, ["start", "production", "--build", "v1.5.0"]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("nothing to start: v1.5.0 is already started on green (0%); blue is the rollback target");
    expect(fx.read()).toBe(written);
    const promoted = await run(fx.dir, ["promote", "production"]);
    expect(promoted.stdout).toContain("release.weights.green: 0 -> 10");
  });

  test("promote with no release in flight changes nothing, writes nothing, and says so (exit 0)", async () => {
    const fx = releaseFixture();
    const before = fx.read();
    const r = await run(fx.dir, ["promote", "production"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to change");
    expect(fx.read()).toBe(before);
  });

  test('a second promote at 100% says "nothing to promote" in the text output too, and a second rollback "nothing to roll back"', async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    fx.set(["release", "weights"], { blue: 50, green: 50 });
    expect((await run(fx.dir, ["promote", "production"])).code).toBe(0); // 100%: green is live
    // Between releases the idle colour is the rollback target: status warns before a build goes on it.
    const status = await run(fx.dir, ["status", "production"]);
    expect(status.stdout).toContain(
      "note       blue is idle AND the rollback target: its servers must keep the build they run; run golive release start production --build <id> (and deploy it) BEFORE putting a new build on them",
    );
    const again = await run(fx.dir, ["promote", "production"]);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toBe(
      "release promote production: nothing to promote: green serves 100% and no release is in flight; nothing to change (live green, candidate blue, previous blue, weights blue 0% / green 100%, phase idle)",
    );
    const rollback = await run(fx.dir, ["rollback", "production"]); // back to blue
    expect(rollback.stdout).toContain("all new sessions back on blue");
    const rollbackAgain = await run(fx.dir, ["rollback", "production"]);
    expect(rollbackAgain.stdout).toMatch(
      /^release rollback production: nothing to roll back: blue already serves 100%; nothing to change \(/,
    );
  });

  test("shift with no release in flight names the command to run with this environment filled in", async () => {
    const fx = releaseFixture();
    const r = await run(fx.dir, ["shift", "production", "10"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("start one on green with golive release start production --build <id>");
  });

  test("shift edits only the two weight lines, keeps comments, and names the one stack to deploy", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const before = fx.read();
    const r = await run(fx.dir, ["shift", "production", "25"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("release.weights.green: 0 -> 25");
    expect(r.stdout).toMatch(
      /deploy the one stack it changes:\n {2}npx cdktf deploy traffic-production --ignore-missing-stack-dependencies\n/,
    );
    expect(changedLines(before, fx.read())).toEqual(["    blue: 75", "    green: 25"]);
    expect(fx.read()).toContain("# Blue/green release state: edited by `golive release ...`");
  });

  test("promote --json reports the changes and that the config was written", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const r = await run(fx.dir, ["promote", "production", "--json"]);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout)).toMatchObject({
      ok: true,
      action: "promote",
      written: true,
      changes: [
        { field: "release.weights.blue", from: 100, to: 90 },
        { field: "release.weights.green", from: 0, to: 10 },
      ],
      deploy: "npx cdktf deploy traffic-production --ignore-missing-stack-dependencies",
    });
  });

  test("promote to the last step swaps live and candidate", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    fx.set(["release", "weights"], { blue: 50, green: 50 });
    const before = fx.read();
    const r = await run(fx.dir, ["promote", "production"]);
    expect(r.code).toBe(0);
    expect(changedLines(before, fx.read())?.sort()).toEqual(
      ["    blue: 0", "    green: 100", "  candidate: blue", "  live: green", "  phase: idle"].sort(),
    );
  });

  test("rollback sends everything to previous; a second rollback changes nothing and writes nothing", async () => {
    const fx = releaseFixture();
    fx.set(["release", "weights"], { blue: 40, green: 60 });
    const first = await run(fx.dir, ["rollback", "production"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("all new sessions back on blue");
    const after = fx.read();
    const mtime = statSync(fx.file).mtimeMs;
    const second = await run(fx.dir, ["rollback", "production", "--json"]);
    expect(second.code).toBe(0);
    expect(parseJson(second.stdout)).toMatchObject({ ok: true, changed: false, written: false, deploy: null });
    expect(fx.read()).toBe(after);
    expect(statSync(fx.file).mtimeMs).toBe(mtime);
  });

  test("rollback --drain records the drained colour, keeps every other byte, status shows it, and start enables it again", async () => {
    const fx = releaseFixture();
    fx.set(["release", "weights"], { blue: 40, green: 60 });
    fx.set(["release", "phase"], "releasing");
    const before = fx.read();
    const r = await run(fx.dir, ["rollback", "production", "--drain"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("the green pool is disabled (drained): sessions pinned to it move at once");
    expect(r.stdout).toContain("release.drained: (none) -> green");
    const drained = fx.read();
    // Inserted as one line after the last scalar of release:, everything else kept byte for byte.
    expect(drained.replace("\n  drained: green\n", "\n")).toBe(
      before.replace("blue: 40", "blue: 100").replace("green: 60", "green: 0").replace("phase: releasing", "phase: rolled-back"),
    );
    const status = await run(fx.dir, ["status", "production", "--json"]);
    expect(parseJson(status.stdout)).toMatchObject({ drained: "green", phase: "rolled-back" });
    expect((await run(fx.dir, ["status", "production"])).stdout).toMatch(
      /candidate\s+green\s+0%.*DRAINED: pool disabled until the next start/,
    );
    const start = await run(fx.dir, ["start", "production", "--build", "v2", "--json"]);
    expect(parseJson(start.stdout)).toMatchObject({
      changes: expect.arrayContaining([{ field: "release.drained", from: "green", to: null }]),
    });
    expect(fx.read()).not.toContain("drained:");
    expect(fx.read()).toContain("  builds:\n    green: v2\n");
  });

  test("writes atomically: no temp file is left behind and the file mode is kept", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    chmodSync(fx.file, 0o640);
    const names = fx.entries();
    expect((await run(fx.dir, ["shift", "production", "10"])).code).toBe(0);
    expect(fx.entries()).toEqual(names);
    expect(statSync(fx.file).mode & 0o777).toBe(0o640);
  });

  test("fails to shift to a candidate without origins (exit 1, config untouched, --json error)", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    fx.set(["release", "pools", "green", "origins"], []);
    const before = fx.read();
    const r = await run(fx.dir, ["shift", "production", "10", "--json"]);
    expect(r.code).toBe(1);
    expect(parseJson(r.stdout)).toMatchObject({
      ok: false,
      action: "shift",
      error: expect.stringContaining('candidate "green" has no origins'),
    });
    expect(r.stderr).toContain('golive release shift: candidate "green" has no origins');
    expect(fx.read()).toBe(before);
  });

  test("fails on invalid weights in the config with a field-named error, writing nothing", async () => {
    const fx = releaseFixture();
    fx.set(["release", "weights"], { blue: 70, green: 20 });
    const before = fx.read();
    const r = await run(fx.dir, ["promote", "production"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("release.weights: blue 70 + green 20 = 90; the weights must add up to 100");
    expect(fx.read()).toBe(before);
  });

  test("fails with usage (exit 2) for an environment without a config, naming the configured ones", async () => {
    const fx = releaseFixture();
    const r = await run(fx.dir, ["status", "qa"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown environment "qa" (allowed: production, staging)');
  });

  test("fails to write when the file changed after it was read", () => {
    const fx = releaseFixture();
    const source = readReleaseConfig(`${fx.dir}/config`, "production");
    fx.set(["release", "steps"], [20, 100]);
    const edited = fx.read();
    expect(() => writeConfigAtomically(source, source.text.replace("green: 0", "green: 10"))).toThrow(/changed while the command ran/);
    expect(fx.read()).toBe(edited);
  });

  test("fails rollback --now without CLOUDFLARE_API_TOKEN (a usage error, exit 2), writing nothing", async () => {
    const fx = releaseFixture();
    fx.set(["release", "weights"], { blue: 40, green: 60 });
    const before = fx.read();
    const r = await run(fx.dir, ["rollback", "production", "--now"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("needs CLOUDFLARE_API_TOKEN");
    expect(fx.read()).toBe(before);
  });

  test("fails (exit 2) with no subcommand, naming the allowed ones from the command's own list, as golive secrets does (a process)", async () => {
    const fx = releaseFixture();
    const [release, secrets] = await Promise.all([spawnGolive(["release"], { cwd: fx.dir }), spawnGolive(["secrets"], { cwd: fx.dir })]);
    expect(release).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive release: expected a subcommand; allowed: ${COMMAND_SPECS.release.subcommands.join(", ")}\nsee: golive release --help\n`,
    });
    expect(COMMAND_SPECS.release.subcommands).toContain("rollback");
    expect(secrets.stderr.split("\n")[0]).toBe(
      `golive secrets: expected a subcommand; allowed: ${COMMAND_SPECS.secrets.subcommands.join(", ")}`,
    );
  });

  test.each([
    [["frobnicate", "production"], /unknown subcommand "frobnicate"/],
    [["status"], /status needs an environment/],
    [["shift", "production"], /shift needs a percent/],
    [["shift", "production", "abc"], /percent: got "abc", allowed: a whole number 0-100/],
    [["shift", "production", "150"], /percent: got "150"/],
    [["shift", "production", "50%"], /percent: got "50%", allowed: a whole number 0-100 \(no % sign\)/],
    [["shift", "production", "1e2"], /percent: got "1e2"/],
    [["status", "production", "--dry-run"], /--dry-run applies to start, shift, promote, run, abort and rollback/],
    [["abort", "production", "--now"], /--now only applies to rollback/],
    [["run", "production", "--drain"], /--drain only applies to rollback/],
    [["abort", "production", "--watch"], /--watch only applies to promote/],
    [["promote", "production", "--now"], /--now only applies to rollback/],
    [["rollback", "production", "--timeout-ms", "50"], /--timeout-ms only applies to rollback --now/],
    [["rollback", "production", "--now", "--api-base-url", "http://api.example.com"], /allowed: an https:\/\/ URL/],
    [["rollback", "production", "--now", "--max-retries", "9"], /--max-retries: got "9", allowed: a whole number from 0 to 5/],
    [["status", "production", "extra"], /unexpected argument "extra"/],
    [["status", "production", "--format", "yaml"], /--format: got "yaml"/],
    [["promote", "production", "--drain"], /--drain only applies to rollback/],
  ])("fails with usage (exit 2): %j", async (args, message) => {
    const fx = releaseFixture();
    const before = fx.read();
    const r = await run(fx.dir, args, { CLOUDFLARE_API_TOKEN: "t".repeat(40) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fx.read()).toBe(before);
  });
});

describe("the Cloudflare API base URL from CLOUDFLARE_BASE_URL", () => {
  test("fails with usage (exit 2) naming the variable, not a flag that was never given; writes nothing", async () => {
    const fx = releaseFixture();
    const before = fx.read();
    const r = await run(fx.dir, ["rollback", "production", "--now"], {
      CLOUDFLARE_API_TOKEN: "t".repeat(40),
      CLOUDFLARE_BASE_URL: "http://api.example.com",
    });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      'golive release: CLOUDFLARE_BASE_URL: got "http://api.example.com", allowed: an https:// URL (plain http only to 127.0.0.1, localhost or [::1])',
    );
    expect(fx.read()).toBe(before);
  });

  test("--api-base-url wins over the variable; an empty variable counts as unset", () => {
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), cwd: "/", env: {} };
    const options = (args: readonly string[], env: NodeJS.ProcessEnv) =>
      breakGlassOptions(parseArgs([...args, "--dry-run"], COMMAND_SPECS.release.flags), { ...io, env }, "rollback --now").baseUrl;
    expect(options(["--api-base-url", "http://127.0.0.1:9/client/v4"], { CLOUDFLARE_BASE_URL: "http://api.example.com" })).toBe(
      "http://127.0.0.1:9/client/v4",
    );
    expect(options([], { CLOUDFLARE_BASE_URL: "" })).toBe(DEFAULT_API_BASE_URL);
    expect(options([], { CLOUDFLARE_BASE_URL: "http://127.0.0.1:9/client/v4" })).toBe("http://127.0.0.1:9/client/v4");
  });
});

test("fails --drain with usage (exit 2) when no enabled pool would serve traffic, writing nothing", async () => {
  const fx = releaseFixture();
  fx.set(["release", "live"], "green");
  fx.set(["release", "candidate"], "blue");
  fx.set(["release", "weights"], { blue: 0, green: 100 });
  fx.set(["release", "pools", "blue", "origins"], []);
  const before = fx.read();
  const r = await run(fx.dir, ["rollback", "production", "--drain", "--json"]);
  expect(r.code).toBe(2);
  expect(r.stderr.split("\n")[0]).toBe(
    "golive release: --drain: disabling the green pool would leave no enabled pool serving app.example.com (blue, release.previous, has no origins)",
  );
  expect(fx.read()).toBe(before);
});

describe("golive release --dry-run", () => {
  /** Runs a dry run on a fresh fixture and proves it left the config byte for byte and mtime alike. */
  async function dryRun(args: readonly string[], prepare: (fx: ReturnType<typeof releaseFixture>) => void, env: NodeJS.ProcessEnv = {}) {
    const fx = releaseFixture();
    prepare(fx);
    const before = fx.read();
    const mtime = statSync(fx.file).mtimeMs;
    const names = fx.entries();
    const r = await run(fx.dir, [...args, "--dry-run"], env);
    expect(fx.read()).toBe(before);
    expect(statSync(fx.file).mtimeMs).toBe(mtime);
    expect(fx.entries()).toEqual(names);
    return r;
  }
  const releasing = (fx: ReturnType<typeof releaseFixture>) => fx.set(["release", "phase"], "releasing");

  test("shift, promote, start and rollback print the change and the stack to deploy, and write nothing", async () => {
    const shift = await dryRun(["shift", "production", "30"], releasing);
    expect(shift.code).toBe(0);
    expect(shift.stdout).toContain("release shift production (dry run): green gets 30% of new sessions, blue 70%");
    expect(shift.stdout).toContain("release.weights.green: 0 -> 30");
    expect(shift.stdout).toContain("Would write config/production.yaml; nothing was written (--dry-run)");
    expect(shift.stdout).toContain("npx cdktf deploy traffic-production --ignore-missing-stack-dependencies");
    const promote = await dryRun(["promote", "production", "--json"], releasing);
    expect(parseJson(promote.stdout)).toMatchObject({
      ok: true,
      dryRun: true,
      changed: true,
      written: false,
      file: "config/production.yaml",
    });
    const start = await dryRun(["start", "production", "--build", "v2.0.0"], () => {});
    expect(start.stdout).toContain("release.builds.green: (none) -> v2.0.0");
    const rollback = await dryRun(["rollback", "production"], (fx) => fx.set(["release", "weights"], { blue: 40, green: 60 }));
    expect(rollback.stdout).toContain("release.weights.green: 60 -> 0");
    const drain = await dryRun(["rollback", "production", "--drain"], (fx) => fx.set(["release", "weights"], { blue: 40, green: 60 }));
    expect(drain.stdout).toContain("release.drained: (none) -> green");
  });

  test("rollback --now and promote --watch list the Cloudflare API calls and send none (no token needed)", async () => {
    const api = await startFakeCloudflareApi({ zoneName: "example.com", hostname: "app.example.com", poolPrefix: "opsbot-production" });
    try {
      const now = await dryRun(["rollback", "production", "--now", "--api-base-url", api.baseUrl], (fx) =>
        fx.set(["release", "weights"], { blue: 40, green: 60 }),
      );
      expect(now.code).toBe(0);
      // Filtered on the account, as the stacks' data.cloudflare_zone is.
      expect(now.stdout).toContain(
        `GET ${api.baseUrl}/zones?name=example.com&account.id=0123456789abcdef0123456789abcdef  (the id of zone example.com of account`,
      );
      expect(now.stdout).toContain(`PATCH ${api.baseUrl}/zones/{zone_id}/load_balancers/{load_balancer_id}  (all new sessions on blue)`);
      expect(now.stdout).toContain('"pool_weights":{"{id of pool opsbot-production-blue}":1}');
      // then the colour rolled back from is marked in its pool's description (the time is the run's)
      expect(now.stdout).toContain(
        `PATCH ${api.baseUrl}/accounts/0123456789abcdef0123456789abcdef/load_balancers/pools/{id of pool opsbot-production-green}  (mark the green pool rolled back: promote --watch refuses it until a deploy of the traffic stack)\n      {"description":"golive opsbot production green origins (rolled back <UTC time>)"}`,
      );
      const drain = await dryRun(["rollback", "production", "--now", "--drain", "--api-base-url", api.baseUrl], (fx) =>
        fx.set(["release", "weights"], { blue: 40, green: 60 }),
      );
      expect(drain.code).toBe(0);
      // The pool PATCH comes after the load balancer's, as the real run sends them.
      expect(drain.stdout).toMatch(
        /PATCH \S+\/load_balancers\/\{load_balancer_id\}[^\n]*\n[^\n]*\n {2}PATCH \S+\/accounts\/0123456789abcdef0123456789abcdef\/load_balancers\/pools\/\{id of pool opsbot-production-green\} {2}\(disable the green pool \(drain\)/,
      );
      // one PATCH: disabled, with the description the stack declares (no build recorded in this config) and the mark
      expect(drain.stdout).toContain('{"enabled":false,"description":"golive opsbot production green origins (rolled back <UTC time>)"}');
      const watch = await dryRun(["promote", "production", "--watch", "--api-base-url", api.baseUrl, "--json"], releasing);
      expect(watch.code).toBe(0);
      const plan = parseJson(watch.stdout);
      expect(plan).toMatchObject({ dryRun: true, watch: true });
      expect(plan).toMatchObject({
        preflight: "one probe of each green origin (/healthz); if one fails, nothing is sent or written (exit 1)",
        // on a failed check: the rollback target's health (unhealthy: no rollback), the rollback, then the candidate's pool marked
        onFailure: {
          calls: [
            {
              method: "GET",
              url: `${api.baseUrl}/accounts/0123456789abcdef0123456789abcdef/load_balancers/pools/{id of pool opsbot-production-blue}/health`,
              when: "on a failed check",
            },
            { method: "PATCH", body: { default_pools: ["{id of pool opsbot-production-blue}"] }, when: "on a failed check" },
            { method: "PATCH", body: { description: "golive opsbot production green origins (rolled back <UTC time>)" } },
          ],
        },
      });
      const calls = plan.calls as { phase: string; method: string; url: string; when?: string }[];
      expect(calls.find((c) => c.method === "PATCH" && c.url.includes("/pools/"))).toMatchObject({
        phase: "before-first-step",
        body: { enabled: true },
        when: "if Cloudflare has it disabled (drained earlier by this config)",
      });
      const steps = plan.steps as { after: { weights: { green: number } }; calls: { method: string; url: string }[] }[];
      expect(steps.map((s) => s.after.weights.green)).toEqual([10, 50, 100]);
      // each step: (the read-back before it, after the first) the candidate pool's mark, its PATCH, the mark again, the pool's health, the alarms
      expect(steps.map((s) => s.calls.map((c) => c.method))).toEqual([
        ["GET", "PATCH", "GET", "GET", "POST"],
        ["GET", "GET", "PATCH", "GET", "GET", "POST"],
        ["GET", "GET", "PATCH", "GET", "GET", "POST"],
      ]);
      expect(api.requests).toHaveLength(0);
    } finally {
      await api.close();
    }
  });

  test("shift --dry-run writes nothing", async () => {
    const fx = releaseFixture();
    releasing(fx);
    const before = fx.read();
    const r = await golive(["release", "shift", "production", "20", "--dry-run"], { cwd: fx.dir });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("release.weights.green: 0 -> 20");
    expect(fx.read()).toBe(before);
  });
});

describe("golive release abort / run", () => {
  test("abort puts all new sessions back on the live colour: phase idle, the candidate's build kept, nothing marked bad", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    fx.set(["release", "builds"], { blue: "v1", green: "v2" });
    fx.set(["release", "weights"], { blue: 50, green: 50 });
    const before = fx.read();
    const r = await run(fx.dir, ["abort", "production", "--json"]);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout)).toMatchObject({
      action: "abort",
      written: true,
      summary:
        "release of green (v2) aborted: all new sessions back on blue (v1); green stays idle at 0% with its build recorded, blue stays live (no rollback: nothing is marked bad)",
      after: { live: "blue", candidate: "green", previous: "blue", phase: "idle", builds: { green: "v2" } },
      deploy: "npx cdktf deploy traffic-production --ignore-missing-stack-dependencies",
    });
    expect(changedLines(before, fx.read())?.sort()).toEqual(["    blue: 100", "    green: 0", "  phase: idle"].sort());
    // not rolled back: a new build may start on green at once
    expect((await run(fx.dir, ["start", "production", "--build", "v3"])).code).toBe(0);
  });

  test("runs as a process (abort has no other): abort with no release in flight says nothing to abort (exit 0, nothing written)", async () => {
    const fx = releaseFixture();
    const before = fx.read();
    const r = await spawnGolive(["release", "abort", "production"], { cwd: fx.dir });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(
      /^release abort production: nothing to abort: no release is in flight \(release\.phase is idle\); blue serves 100%; nothing to change/,
    );
    expect(fx.read()).toBe(before);
  });

  test("run is promote --watch (its dry run lists the pre-flight, the pool enable and every step)", async () => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const before = fx.read();
    const r = await golive(["release", "run", "production", "--dry-run", "--api-base-url", "http://127.0.0.1:9/client/v4"], {
      cwd: fx.dir,
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("release promote production --watch (dry run): 3 step(s); nothing sent, nothing written");
    expect(r.stdout).toContain(
      "Pre-flight, before any change: one probe of each green origin (/healthz); if one fails, nothing is sent or written (exit 1)",
    );
    expect(r.stdout).toMatch(
      /Before the first step:\n {2}GET \S+\/load_balancers\/\{load_balancer_id\} {2}\(read back: refused, nothing sent, unless it serves what the config deploys\)\n {2}GET \S+\/load_balancers\/pools\/\{id of pool opsbot-production-green\}\/health {2}\(Cloudflare's health of the green pool: reported unhealthy, refused, nothing sent \(exit 1\)\)\n {2}GET \S+\/load_balancers\/pools\/\{id of pool opsbot-production-blue\}\/health {2}\(Cloudflare's health of the blue pool, the rollback target: down by Cloudflare's majority rule, refused, nothing sent \(exit 1\)\)\n {2}PATCH \S+\/load_balancers\/pools\/\{id of pool opsbot-production-green\} {2}\(enable the green pool; only if Cloudflare has it disabled \(drained earlier by this config\)\)\n {6}\{"enabled":true\}/,
    );
    // the alarms' pre-flight read, at the regional endpoint (no stand-in named)
    expect(r.stdout).toContain(
      "  POST https://monitoring.us-east-1.amazonaws.com/ [X-Amz-Target: GraniteServiceVersion20100801.DescribeAlarms]  (cloudwatch:DescribeAlarms",
    );
    expect(fx.read()).toBe(before);
  });
});
