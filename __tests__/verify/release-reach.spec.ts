import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { spawnGolive } from "../helpers/cli";
import { exampleInput } from "../helpers/example-config";
import { EDGE_TOKEN, HEALTH_PATH, RELEASE_HOST } from "./fake-edge";
import { golive, LiveReport, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// release.reachable: the one probe that gets past Access to release.hostname's load balancer. The
// audit's run: the load balancer answered 530 "no healthy pool" to the token and Access the login to
// everyone else, and verify printed GO, the token sent to the latency host alone.

let live: LiveProject;

/** config/production.yaml: the production example's edge config and its release section (app.example.com). */
function writeReleaseConfig(cwd: string): void {
  const input = exampleInput("production");
  const keep = ["app", "environment", "cloudflare", "edge", "release"];
  const sections = Object.entries(typeof input === "object" && input !== null ? input : {}).filter(([k]) => keep.includes(k));
  writeFileSync(join(cwd, "config", "production.yaml"), stringify(Object.fromEntries(sections)));
}

beforeAll(async () => {
  live = await startLiveProject({ names: [RELEASE_HOST], prepare: writeReleaseConfig });
});

afterAll(() => live?.close());

beforeEach(() => live.edge.setFaults({}));

const TARGET = `GET https://${RELEASE_HOST}${HEALTH_PATH}`;

async function verify(env: NodeJS.ProcessEnv, extra: readonly string[] = []) {
  const r = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000", ...extra]), env);
  const report = LiveReport.parse(JSON.parse(r.stdout));
  const reach = report.results.filter((x) => x.check === "release.reachable");
  expect(reach).toHaveLength(1);
  const failed = report.results.filter((x) => x.status === "fail").map((x) => x.check);
  return { code: r.code, reach: reach[0] as LiveReport["results"][number], failed, stdout: r.stdout };
}

describe("verify's release.reachable probe of release.hostname", () => {
  test("passes on a 2xx through the load balancer, the token sent to the release hostname's token path", async () => {
    const { code, reach, failed, stdout } = await verify(TOKEN_ENV);
    expect(reach).toEqual({
      check: "release.reachable",
      target: TARGET,
      status: "pass",
      detail:
        "200 through the load balancer with the service token (weights blue 100 %, green 0 %); which colour or build answered is not compared",
    });
    expect(failed).toEqual([]);
    expect(code).toBe(0);
    expect(live.edge.requests).toContainEqual({ host: RELEASE_HOST, path: HEALTH_PATH, ...EDGE_TOKEN });
    expect(stdout).not.toContain(EDGE_TOKEN.clientSecret);
  });

  // The audit's run, as a process of bin/golive.js (its own loader requires reach-probe.ts lazily).
  test("fails (NO-GO) when the load balancer answers 530 no healthy pool to the token and Access the login to everyone else", async () => {
    live.edge.setFaults({ releaseAnswer: { status: 530, body: "no healthy pool" } });
    const r = await spawnGolive(liveArgs(live.ports, "text", ["--p95-bar-ms", "5000"]), { cwd: live.cwd, env: TOKEN_ENV });
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^FAIL .*$/gm)).toEqual([
      expect.stringMatching(
        /^FAIL {2}release\.reachable +GET https:\/\/app\.example\.com\/hooks\/health: answered 530 "no healthy pool", not 2xx: the pools behind the load balancer did not serve it \(no healthy pool, or the app failing\); see npx golive release status production --live \(pool health\), then runbooks\/rollback\.md$/,
      ),
    ]);
    expect(r.stdout).toMatch(/^NO-GO: 1 check\(s\) failed/m);
    expect(r.stdout + r.stderr).not.toContain(EDGE_TOKEN.clientSecret);
  });

  test("fails with the token-policy hint when the token only reaches the Access login", async () => {
    const { code, reach, failed } = await verify({ ...TOKEN_ENV, GOLIVE_ACCESS_CLIENT_SECRET: "not-the-secret-0000" });
    expect(code).toBe(1);
    expect(failed).toContain("release.reachable");
    expect(reach.detail).toBe(
      `reached the Cloudflare Access login, not the load balancer (302 -> https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/${RELEASE_HOST}): the service token in GOLIVE_ACCESS_CLIENT_ID/GOLIVE_ACCESS_CLIENT_SECRET is wrong or the app's Access policy does not allow it`,
    );
  });

  test("without a token it is skipped, never passed, saying what to set, and no request carries a token", async () => {
    live.edge.setFaults({ releaseAnswer: { status: 530, body: "no healthy pool" } });
    const { reach } = await verify({});
    expect(reach.status).toBe("skip");
    expect(reach.detail).toMatch(
      /^not probed: app\.example\.com is behind Cloudflare Access and no service token is set, .*; set GOLIVE_ACCESS_CLIENT_ID and GOLIVE_ACCESS_CLIENT_SECRET \(a service token allowed on \/hooks\/health\) to reach it$/,
    );
    expect(live.edge.requests.filter((r) => r.clientId !== undefined || r.clientSecret !== undefined)).toEqual([]);
  });

  test("--dry-run lists it with what it proves, or why it is skipped, and sends nothing", async () => {
    const listed = async (env: NodeJS.ProcessEnv) => {
      const r = await golive(live.cwd, liveArgs(live.ports, "json", ["--dry-run"]), env);
      expect(r.code).toBe(0);
      const { probes } = JSON.parse(r.stdout) as { probes: { check: string; target: string; proves: string }[] };
      return probes.filter((p) => p.check === "release.reachable");
    };
    expect(await listed(TOKEN_ENV)).toEqual([
      {
        check: "release.reachable",
        target: TARGET,
        proves:
          "the load balancer (weights blue 100 %, green 0 %) answers 2xx with the Access service token (CF-Access-Client-Id/-Secret headers, over a verified certificate only); a 5xx (530: no healthy pool) or the Access login fails it; which colour or build answered is not compared",
      },
    ]);
    expect(await listed({})).toEqual([
      expect.objectContaining({ target: TARGET, proves: expect.stringMatching(/^SKIPPED: not probed: /) }),
    ]);
    expect(live.edge.requests).toEqual([]);
  });
});
