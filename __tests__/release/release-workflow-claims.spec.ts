import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { createTestCa } from "../helpers/test-ca";
import { outcomeText } from "../../lib/engines/release/watch-log";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID, startFakeCloudflareApi } from "./fake-cloudflare-api";
import { deployedStarted, loopbackWatchArgs, type ReleaseFixture, releaseFixture, startedOnLoopback } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// release.yml commits the config a watch left with a message that claims about the load balancer only
// what the watch's last line says: the audit's run pushed "the load balancer already serves the weights
// of this config" after a stop whose config did not hold what Cloudflare served.

/** The `run:` script of release.yml's step whose name starts with `name`. */
function releaseStep(name: string): string {
  const doc = parse(readFileSync(join(REPO_ROOT, ".github", "workflows", "release.yml"), "utf8")) as {
    jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
  };
  const step = Object.values(doc.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.name?.startsWith(name));
  if (step?.run === undefined) throw new Error(`release.yml has no step "${name}" with a run script`);
  return step.run;
}

const runner = (cwd: string, script: string, env: Record<string, string>) =>
  spawnSync("bash", ["-c", script], { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, ...env }, encoding: "utf8" });

/**
 * The release job's result step on `config` (the file the watch left) with `log` as the watch's output,
 * then the propose job's push step with push-branch.sh stood in for: the commit message it was given.
 */
function commitMessage(config: string, log: string | undefined, watch: string): { outcome: string; message: string } {
  const repo = tempDir("golive-release-claims-");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], { cwd: repo, encoding: "utf8" });
  mkdirSync(join(repo, "config"));
  writeFileSync(join(repo, "config", "production.yaml"), readFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), "utf8"));
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "base");
  writeFileSync(join(repo, "config", "production.yaml"), config);
  const temp = join(repo, "runner-temp");
  mkdirSync(temp);
  if (log !== undefined) writeFileSync(join(temp, "golive-watch.log"), log);
  const outputs = join(repo, "outputs.txt");
  const result = runner(repo, releaseStep("hand the edited config"), {
    ENVIRONMENT: "production",
    WATCH: watch,
    GITHUB_OUTPUT: outputs,
    RUNNER_TEMP: temp,
  });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  const out = Object.fromEntries(
    readFileSync(outputs, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  mkdirSync(join(repo, "scripts", "ci"), { recursive: true });
  writeFileSync(join(repo, "scripts", "ci", "push-branch.sh"), 'printf "%s" "$2" > message.txt\n');
  const pushed = runner(repo, releaseStep("push the release branch"), {
    ENVIRONMENT: "production",
    BUILD: "v2",
    OUTCOME: out.outcome ?? "",
    GITHUB_RUN_ID: "4242",
    PUSH_TOKEN: "unused",
  });
  expect(pushed.status).toBe(0);
  return { outcome: (out.outcome ?? "").split("; ")[0] ?? "", message: readFileSync(join(repo, "message.txt"), "utf8") };
}

let api: FakeCloudflareApi;
let fx: ReleaseFixture;

beforeEach(async () => {
  api = await startFakeCloudflareApi({ zoneName: "example.com", hostname: "app.example.com", poolPrefix: "opsbot-production" });
  fx = releaseFixture();
  startedOnLoopback(fx);
  deployedStarted(api);
});

afterEach(() => api.close());

/** `promote --watch` on the pool's health alone (no origin to stand up), its text output as release.yml logs it. */
async function watchOutput(): Promise<string> {
  const caFile = join(fx.dir, "ca.pem");
  writeFileSync(caFile, createTestCa("golive claims CA").certPem);
  const r = await golive(loopbackWatchArgs(api.baseUrl, 443, caFile, ["--no-origin-probes"]), {
    cwd: fx.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN },
  });
  return r.stdout;
}

describe("release.yml: the commit of the config a watch left claims what the watch's last line says", () => {
  test("released: the load balancer serves the branch's config, merge it first", async () => {
    const { outcome, message } = commitMessage(fx.read(), await watchOutput(), "success");
    expect(outcome).toBe("released");
    expect(message.split("\n")[0]).toBe("release(production): v2 released");
    expect(message).toContain(
      "The watch's last line: the load balancer serves what config/production.yaml deploys (as this run set it or read it back): merge it before any other deploy of production, which would otherwise undo it.",
    );
  });

  test("a stop after a change made elsewhere: the commit says the config does NOT deploy what is served, never that it does", async () => {
    let patches = 0;
    api.onPatch(() => {
      // a rollback --now from another machine lands while the 10% step is watched
      if (++patches === 1)
        setTimeout(
          () => api.setLoadBalancer({ default_pools: [BLUE_ID], random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } } }),
          0,
        );
    });
    const { outcome, message } = commitMessage(fx.read(), await watchOutput(), "failure");
    expect(outcome).toBe("stopped");
    expect(message.split("\n")[0]).toBe("release(production): v2 stopped");
    expect(message).toContain(
      "The watch's last line: config/production.yaml does NOT deploy what the load balancer serves (see above): do not merge it as it is.",
    );
    expect(message).not.toMatch(/serves what config|already serves/);
  });

  test("both colours failing: the subject says stopped, NOT rolled back, and why; the claim is the watch's, read back", async () => {
    // green's pool down at its first step, and blue's down in every region that checked it: no rollback
    api.onPatch(() => {
      // both healthy at the pre-flight, which would refuse them
      api.setPoolHealth(GREEN_ID, { healthy: false, origin: "192.0.2.62", reason: "HTTP 503 Service Unavailable" });
      api.setPoolHealth(BLUE_ID, { healthy: false, origin: "192.0.2.61", reason: "HTTP 503 Service Unavailable" });
    });
    const log = await watchOutput();
    expect(log.trimEnd().split("\n").at(-1)).toMatch(
      /^result: stopped, NOT rolled back \(both colours failing\); the load balancer serves what/,
    );
    const { outcome, message } = commitMessage(fx.read(), log, "failure");
    expect(outcome).toBe("stopped at a step, NOT rolled back (both colours failing)");
    expect(message.split("\n")[0]).toBe("release(production): v2 stopped at a step, NOT rolled back (both colours failing)");
    expect(message).toContain("Outcome: stopped at a step, NOT rolled back (both colours failing) (the run's log has every step");
    expect(message).toContain(
      "The watch's last line: the load balancer serves what config/production.yaml deploys (as this run set it or read it back): merge it before any other deploy of production, which would otherwise undo it.",
    );
  });

  test.each([
    ["completed", undefined, "released"],
    ["nothing-to-promote", undefined, "nothing to promote, no weight moved"],
    ["rolled-back", undefined, "rolled back"],
    ["stopped", "environment-alarms", "held at a step (environment-wide alarms), not rolled back"],
    ["stopped", "rollback-target-unhealthy", "stopped at a step, NOT rolled back (both colours failing)"],
    ["stopped", undefined, "stopped"],
    ["refused", undefined, "refused, no weight moved"],
    ["rollback-failed", undefined, "ROLLBACK FAILED"],
  ] as const)("the last line of a run %s (%s) gives the commit subject %j", (outcome, reason, subject) => {
    const log = `result: ${outcomeText(outcome, reason)}; the load balancer serves what config/production.yaml deploys\n`;
    const made = commitMessage(`${fx.read()}# edited\n`, log, "failure");
    expect(made.outcome).toBe(subject);
    expect(made.message.split("\n")[0]).toBe(`release(production): v2 ${subject}`);
  });

  test("no result line (cancelled, timed out): the commit says nothing about the load balancer is known", () => {
    const { outcome, message } = commitMessage(`${fx.read()}# edited\n`, undefined, "cancelled");
    expect(outcome).toBe("rolled back or stopped");
    expect(message).toContain(
      "The watch's last line: none (cancelled, timed out, or it failed before it ended), so this run does not know what the load balancer serves: compare golive release status production with the dashboard before merging.",
    );
    expect(message).not.toMatch(/serves what config|already serves/);
  });
});
