import { golive } from "../helpers/cli";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { deployedPools, rollbackNowFrom, type ReleaseFixture } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";
import { startedLive } from "./started-live";

// `golive release status <env> --live`: the config's status, then what the load balancer serves, read
// through the API with GETs only, and whether it is what the config deploys (exit 0) or not (exit 1).

let api: FakeCloudflareApi;
let fx: ReleaseFixture;

beforeEach(async () => {
  ({ api, fx } = await startedLive());
});

afterEach(() => api.close());

const statusLive = (extra: readonly string[] = [], env: NodeJS.ProcessEnv = { CLOUDFLARE_API_TOKEN: TOKEN }) =>
  golive(["release", "status", "production", "--live", "--api-base-url", api.baseUrl, "--max-retries", "0", ...extra], {
    cwd: fx.dir,
    env,
  });
const liveSection = (stdout: string) => stdout.slice(stdout.indexOf("Live (Cloudflare"));
const onlyGets = () => expect(api.requests.filter((r) => r.method !== "GET")).toEqual([]);

describe("release status --live", () => {
  test("a load balancer serving what the config deploys: exit 0, the served steering and pools, matches yes, GETs only", async () => {
    const before = fx.read();
    const r = await statusLive();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("production: app.example.com (config/production.yaml)"); // the normal status first
    expect(liveSection(r.stdout)).toBe(
      [
        "Live (Cloudflare, read only): load balancer app.example.com",
        "  weights    blue 1, green 0",
        "  pools      blue, green (in this order), fallback blue",
        "  serves     blue 1, green 0 (fallback blue)",
        "  pool       blue opsbot-production-blue: enabled",
        "  pool       green opsbot-production-green: enabled",
        "  matches    yes: the load balancer serves what config/production.yaml deploys",
        "",
      ].join("\n"),
    );
    onlyGets();
    expect(fx.read()).toBe(before);
  });

  test("fails (exit 1) after the weights were changed in the dashboard, naming the difference; --json the same as fields", async () => {
    api.setLoadBalancer({ random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 0.5, [GREEN_ID]: 0.5 } } });
    const r = await statusLive();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  weights    blue 0.5, green 0.5\n");
    expect(r.stdout).toContain(
      "  matches    NO: the load balancer does not serve what config/production.yaml deploys: it serves blue 0.5, green 0.5 (fallback blue), " +
        "the config deploys blue 1, green 0 (fallback blue)\n",
    );
    const j = await statusLive(["--json"]);
    expect(j.code).toBe(1);
    const out = JSON.parse(j.stdout) as { ok: boolean; live: unknown; cloudflare: Record<string, unknown> };
    expect(out.ok).toBe(false);
    expect(out.live).toBe("blue"); // the config's live colour, as status --json without --live has it
    expect(out.cloudflare).toEqual({
      served: {
        weights: { blue: 0.5, green: 0.5 },
        defaultPools: ["blue", "green"],
        fallbackPool: "blue",
        steeringPolicy: "random",
        rules: [],
      },
      pools: {
        blue: { name: "opsbot-production-blue", enabled: true, rolledBackAt: null },
        green: { name: "opsbot-production-green", enabled: true, rolledBackAt: null },
      },
      matches: false,
      difference: "it serves blue 0.5, green 0.5 (fallback blue), the config deploys blue 1, green 0 (fallback blue)",
    });
    onlyGets();
  });

  test("a pool marked by rollback --now is shown, and the recorded rollback matches", async () => {
    expect((await rollbackNowFrom(fx, api.baseUrl, TOKEN)).code).toBe(0);
    const sent = api.requests.length;
    const r = await statusLive();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /\n {2}pool {7}green opsbot-production-green: enabled, MARKED rolled back at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by a rollback \(rollback --now or a watch's own\)\n/,
    );
    expect(r.stdout).toContain("  matches    yes: the load balancer serves what config/production.yaml deploys\n");
    expect(api.requests.slice(sent).filter((q) => q.method !== "GET")).toEqual([]);
  });

  test("after rollback --now --drain: the drained pool disabled as the config declares matches (exit 0)", async () => {
    const now = await golive(["release", "rollback", "production", "--now", "--drain", "--api-base-url", api.baseUrl], {
      cwd: fx.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(now.code).toBe(0);
    expect(fx.read()).toContain("  drained: green\n");
    const r = await statusLive();
    expect(r.stdout).toMatch(/\n {2}pool {7}green opsbot-production-green: disabled, MARKED rolled back at /);
    expect(r.stdout).toContain("  matches    yes: the load balancer serves what config/production.yaml deploys\n");
    expect(r.code).toBe(0);
  });

  describe("after a rollback --drain through config, deployed", () => {
    beforeEach(async () => {
      expect((await golive(["release", "rollback", "production", "--drain"], { cwd: fx.dir })).code).toBe(0);
      api.setLoadBalancer({
        default_pools: [BLUE_ID],
        fallback_pool: BLUE_ID,
        random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
      });
      deployedPools(api, fx); // green disabled, its description naming v2
    });

    test("matches (exit 0): the green pool disabled is release.drained", async () => {
      const r = await statusLive();
      expect(r.stdout).toContain("  pool       green opsbot-production-green: disabled\n");
      expect(r.stdout).toContain("  matches    yes: the load balancer serves what config/production.yaml deploys\n");
      expect(r.code).toBe(0);
      onlyGets();
    });

    test("fails (exit 1) when the drained pool is enabled in Cloudflare, naming release.drained", async () => {
      api.setPool(GREEN_ID, { enabled: true });
      const r = await statusLive();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "  matches    NO: the load balancer does not serve what config/production.yaml deploys: " +
          "Cloudflare's green pool is enabled, the config declares it disabled (release.drained: green)\n",
      );
    });

    test("fails (exit 1) when the live colour's pool is disabled too", async () => {
      api.setPool(BLUE_ID, { enabled: false });
      const r = await statusLive();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "  matches    NO: the load balancer does not serve what config/production.yaml deploys: " +
          "Cloudflare's blue pool is disabled, the config declares it enabled\n",
      );
    });
  });

  test("fails (exit 1) when the fallback is the colour rolled back from, though the weights match (the audit's run)", async () => {
    expect((await golive(["release", "rollback", "production"], { cwd: fx.dir })).code).toBe(0);
    api.setLoadBalancer({
      default_pools: [BLUE_ID],
      fallback_pool: GREEN_ID,
      random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
    });
    const r = await statusLive();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "  matches    NO: the load balancer does not serve what config/production.yaml deploys: " +
        "it serves blue 1 (fallback green), the config deploys blue 1 (fallback blue): the fallback is green, not blue\n",
    );
    onlyGets();
  });

  test("fails (exit 1) when the candidate's build was taken out, worded for status (no watch runs)", async () => {
    api.setPool(GREEN_ID, { enabled: false });
    const r = await statusLive();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "the green pool is disabled, and Cloudflare's green pool names build v2, the candidate's build in the config: it was taken out (rolled back) after it started\n",
    );
    expect(r.stdout).not.toContain("this watch");
  });

  test("fails without CLOUDFLARE_API_TOKEN: exit 2 naming it, nothing sent", async () => {
    const r = await statusLive([], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("status --live needs CLOUDFLARE_API_TOKEN in the environment");
    expect(api.requests).toEqual([]);
  });

  test("fails (exit 2) when --live is given to another subcommand, or a break-glass flag to status without it", async () => {
    const other = await golive(["release", "promote", "production", "--live"], { cwd: fx.dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("--live only applies to status");
    const stray = await golive(["release", "status", "production", "--timeout-ms", "500"], { cwd: fx.dir });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--timeout-ms only applies to rollback --now, promote --watch and status --live");
  });

  test("fails (exit 1) with the API's error when the look-up fails", async () => {
    api.fail(/^GET \/zones\/[0-9a-f]{32}\/load_balancers$/, [{ status: 401 }]);
    const r = await statusLive();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^golive release status: finding load balancer app\.example\.com/);
    onlyGets();
  });
});
