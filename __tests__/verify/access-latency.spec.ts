import type { HttpObservation } from "../../lib/core/verify/types";
import { accessLoginRedirect } from "../../lib/features/monitoring/latency-sample";
import { EDGE_TOKEN, HEALTH_PATH } from "./fake-edge";
import { answerTo, golive, LiveReport, liveArgs, TOKEN_ENV, writeMonitoredConfig } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

let live: LiveProject;

beforeAll(async () => {
  // The example's monitoring section, timing api.example.com (behind Access, target origin).
  live = await startLiveProject({ prepare: (cwd) => writeMonitoredConfig(cwd, "config-api", "api.example.com") });
});

afterAll(() => live?.close());

beforeEach(() => live.edge.setFaults({}));

/** Only the latency probe requests HEALTH_PATH. */
const latencyRequests = () => live.edge.requests.filter((r) => r.path === HEALTH_PATH);

async function run(format: "json" | "text", env: NodeJS.ProcessEnv, extra: readonly string[] = []) {
  // A generous bar: this file tests what is timed, not how fast a loaded CI machine is.
  return golive(live.cwd, liveArgs(live.ports, format, ["--p95-bar-ms", "5000", ...extra]), env);
}

async function verify(env: NodeJS.ProcessEnv, extra: readonly string[] = []) {
  const r = await run("json", env, extra);
  const report = LiveReport.parse(JSON.parse(r.stdout));
  const latency = report.results.filter((x) => x.check === "latency.p95");
  expect(latency).toHaveLength(1);
  return { code: r.code, report, latency: latency[0] as LiveReport["results"][number], stdout: r.stdout, stderr: r.stderr };
}

describe("verify's latency probe behind Cloudflare Access", () => {
  test("without both token variables the check is skipped, saying what to set, and no latency request is sent", async () => {
    for (const env of [{}, { GOLIVE_ACCESS_CLIENT_ID: EDGE_TOKEN.clientId }]) {
      live.edge.setFaults({});
      const { code, report, latency } = await verify(env);
      expect(latency.status).toBe("skip");
      expect(latency.detail).toBe(
        "not measured: chat.example.com is behind Cloudflare Access and no service token is set, so only the Access login would answer; set GOLIVE_ACCESS_CLIENT_ID and GOLIVE_ACCESS_CLIENT_SECRET to a service token of edge.access.serviceTokens that is allowed on the timed path",
      );
      expect(report.latency.samples).toBe(0);
      expect(code).toBe(0);
      expect(latencyRequests()).toEqual([]);
    }
    const text = await run("text", {});
    expect(text.stdout).toMatch(
      /^SKIP {2}latency\.p95 +GET https:\/\/chat\.example\.com\/hooks\/health: not measured: .*GOLIVE_ACCESS_CLIENT_SECRET/m,
    );
    expect(text.stdout).toContain("latency: not measured (see latency.p95)");
  });

  test("with monitoring.latency.target origin and no token, the skip says the origins cannot be timed from outside", async () => {
    const { latency } = await verify({}, ["--config-dir", "config-api"]);
    expect(latency.status).toBe("skip");
    expect(latency.detail).toMatch(/origins refuse requests that do not come through Cloudflare/);
    expect(latencyRequests()).toEqual([]);
  });

  test("with the token every latency request carries both headers, p95 comes from the app's answers, the secret is never printed", async () => {
    const { code, report, latency, stdout, stderr } = await verify(TOKEN_ENV);
    expect(latency).toMatchObject({ status: "pass", target: "GET https://chat.example.com/hooks/health" });
    expect(code).toBe(0);
    // The warm-up request plus 5 timed samples, all let through by the fake Access (200 only with the token).
    expect(latencyRequests()).toEqual(Array.from({ length: 6 }, () => ({ host: "chat.example.com", path: HEALTH_PATH, ...EDGE_TOKEN })));
    expect(report.latency.samples).toBe(5);
    expect(report.latency.p95Ms).not.toBeNull();
    // The token goes to the timed host only: no other probe carries it.
    expect(live.edge.requests.filter((r) => r.path !== HEALTH_PATH && r.clientSecret !== undefined)).toEqual([]);
    const text = await run("text", TOKEN_ENV);
    expect(text.stdout).toMatch(/latency: p50 \d+ ms, p95 \d+ ms, max \d+ ms over 5 requests/);
    for (const out of [stdout, stderr, text.stdout, text.stderr]) expect(out).not.toContain(EDGE_TOKEN.clientSecret);
  });

  test("fails latency.p95 when the edge answers with the Access login (wrong token): the redirect is never a sample", async () => {
    const wrong = { ...TOKEN_ENV, GOLIVE_ACCESS_CLIENT_SECRET: "not-the-secret-0000" };
    const { code, report, latency, stdout } = await verify(wrong);
    expect(code).toBe(1);
    expect(report.results.filter((r) => r.status === "fail").map((r) => r.check)).toEqual(["latency.p95"]);
    expect(latency.detail).toBe(
      "the probe reached the Cloudflare Access login instead of the app (302 -> https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com); not a latency sample: the service token in GOLIVE_ACCESS_CLIENT_ID/GOLIVE_ACCESS_CLIENT_SECRET is wrong or the app's Access policy does not allow it",
    );
    expect(report.latency.samples).toBe(0);
    // It stops at the first login redirect rather than timing more of them.
    expect(latencyRequests()).toHaveLength(1);
    expect(stdout).not.toContain("not-the-secret-0000");
  });

  test("a refusal (403, as Access answers a token its policy does not allow) is a failed sample, never a time, named by its status", async () => {
    live.edge.setFaults({ healthStatus: 403 });
    const { code, report, latency } = await verify(TOKEN_ENV);
    expect(code).toBe(1);
    expect(latency.status).toBe("fail");
    expect(report.latency).toMatchObject({ samples: 5, p95Ms: null });
    expect(latency.detail).toBe(
      "no 2xx answer over 5 requests: 5 answered 403 (not 2xx); a 403 to the service token is Access refusing it when no policy allows it there: check that GOLIVE_ACCESS_CLIENT_ID is a token of edge.access.serviceTokens whose paths hold the timed path; set monitoring.latency.path (or --health-path) to an endpoint the app answers with 2xx, without a login, such as /hooks/healthz",
    );
    expect(latency.detail).not.toContain("no answer");
  });

  test("fails latency.p95 when the timed path redirects to the app's own login: the redirect is never a sample", async () => {
    live.edge.setFaults({ healthStatus: 302, healthLocation: "https://chat.example.com/login?next=%2Fhooks%2Fhealth" });
    const { code, report, latency } = await verify(TOKEN_ENV);
    expect(code).toBe(1);
    expect(latency.detail).toBe(
      "the path redirects to a login (302 -> https://chat.example.com/login), so the probe would time the redirect, not the app; set monitoring.latency.path (or --health-path) to an endpoint the app answers with 2xx, without a login, such as /hooks/healthz",
    );
    expect(report.latency.samples).toBe(0);
    expect(latencyRequests()).toHaveLength(1);
  });

  test("fails latency.p95 on any other redirect too: no 3xx is timed", async () => {
    live.edge.setFaults({ healthStatus: 301, healthLocation: `https://chat.example.com${HEALTH_PATH}/` });
    const { code, report, latency } = await verify(TOKEN_ENV);
    expect(code).toBe(1);
    expect(latency.detail).toMatch(
      /^the path answers a redirect \(301 -> https:\/\/chat\.example\.com\/hooks\/health\/\), not the app; a redirect is never timed: set monitoring\.latency\.path/,
    );
    expect(report.latency).toMatchObject({ samples: 0, p95Ms: null });
  });

  test("fails latency.p95 on a redirect with two different Locations, naming them, not as a redirect to the first", async () => {
    const login = "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com";
    live.edge.setFaults({ healthStatus: 302, healthLocation: login, secondLocation: "https://evil.example/" });
    const { code, report, latency } = await verify(TOKEN_ENV);
    expect(code).toBe(1);
    expect(latency.detail).toMatch(
      /^malformed answer: 302 with 2 Location headers of different values \("https:\/\/opsbot\.cloudflareaccess\.com\/[^"]+", "https:\/\/evil\.example\/"\), .*; not a latency sample$/,
    );
    expect(latency.detail).not.toMatch(/reached the Cloudflare Access login/);
    expect(report.latency.samples).toBe(0);
  });

  test("times monitoring.latency.hostname, not the first hostname behind Access", async () => {
    const { latency } = await verify(TOKEN_ENV, ["--config-dir", "config-api"]);
    expect(latency).toMatchObject({ status: "pass", target: "GET https://api.example.com/hooks/health" });
    expect(new Set(latencyRequests().map((r) => r.host))).toEqual(new Set(["api.example.com"]));
  });

  test("--dry-run lists the latency probe with its host and path, and whether it sends the token or is skipped", async () => {
    const latencyProbe = async (env: NodeJS.ProcessEnv, extra: readonly string[] = []) => {
      const r = await run("json", env, ["--dry-run", ...extra]);
      expect(r.code).toBe(0);
      const { probes } = JSON.parse(r.stdout) as { probes: { check: string; target: string; proves: string }[] };
      return probes.filter((p) => p.check === "latency.p95");
    };
    expect(await latencyProbe(TOKEN_ENV)).toEqual([
      {
        check: "latency.p95",
        target: "GET https://chat.example.com/hooks/health x 5",
        proves:
          "p95 <= 5000 ms, with the Access service token (CF-Access-Client-Id/-Secret headers), over 2xx answers only; any redirect (the Access login, an app login) fails it",
      },
    ]);
    expect(await latencyProbe({})).toEqual([
      expect.objectContaining({
        target: "GET https://chat.example.com/hooks/health x 5",
        proves: expect.stringMatching(/^SKIPPED: not measured: chat\.example\.com is behind Cloudflare Access/),
      }),
    ]);
    expect(await latencyProbe({}, ["--config-dir", "config-api"])).toEqual([
      expect.objectContaining({
        target: "GET https://api.example.com/hooks/health x 5",
        proves: expect.stringMatching(/^SKIPPED: .*origins refuse/),
      }),
    ]);
    const text = await run("text", {}, ["--dry-run"]);
    expect(text.stdout).toMatch(/^latency\.p95 +GET https:\/\/chat\.example\.com\/hooks\/health x 5 {2}\(SKIPPED: not measured/m);
    expect(live.edge.requests).toEqual([]);
  });
});

describe("accessLoginRedirect", () => {
  const obs = (status: number, location?: string): HttpObservation => answerTo("https://chat.example.com/health", status, location);

  test.each([
    [
      302,
      "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com?kid=1",
      "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com",
    ],
    [302, "https://team.cloudflareaccess.com/", "https://team.cloudflareaccess.com/"],
    [303, "/cdn-cgi/access/login?redirect_url=%2F", "https://chat.example.com/cdn-cgi/access/login"],
  ])("a %i to %s is the Access login", (status, location, login) => {
    expect(accessLoginRedirect(obs(status, location))).toBe(login);
  });

  test.each([
    [301, "https://example.com/health"],
    [302, "https://login.example.com/cdn-cgi/other"],
    [302, "https://evilcloudflareaccess.com/"],
    [302, "https://evil.example/cdn-cgi/access/login/chat.example.com"],
    [302, "http://opsbot.cloudflareaccess.com/cdn-cgi/access/login"],
    [200, "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login"],
    [302, undefined],
  ])("a %i to %s is not", (status, location) => {
    expect(accessLoginRedirect(obs(status, location))).toBeUndefined();
  });
});
