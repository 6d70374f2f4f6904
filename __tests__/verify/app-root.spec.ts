import type { HttpObservation } from "../../lib/core/verify/types";
import { evaluateSecurityHeaders } from "../../lib/features/edge/probes/headers";
import { evaluateAppRoot, headersOfRoot } from "../../lib/features/edge/probes/root";
import { answerTo, golive, LiveReport, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// An app hostname's `/` must reach something users can load: verify probes what users will hit.

function root(status: number, location?: string): HttpObservation {
  return answerTo("https://example.com/", status, location);
}

/** Ports compared: the requests above went to the default port. */
const SAME_PORT = { ignorePort: false };

describe("http.root: what an app hostname answers at /", () => {
  test.each([
    ["the app's page", root(200)],
    ["a 404 (a hostname serving an API only)", root(404)],
    ["the Access login redirect", root(302, "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/example.com?kid=1")],
    ["a redirect to another https page", root(302, "/app")],
    ["a scheme-relative redirect that stays on https", root(301, "//www.example.com/")],
  ])("passes %s", (_what, obs) => {
    expect(evaluateAppRoot(obs, SAME_PORT)).toMatchObject({ check: "http.root", status: "pass", target: "GET https://example.com/" });
  });

  test.each([
    ["a 502", root(502), "answered 502: the hostname serves a server error, not the app"],
    [
      "a redirect to itself",
      root(301, "https://example.com/"),
      "redirects to https://example.com/ (https://example.com/: the request itself, a redirect loop): the page never loads",
    ],
    [
      "a relative redirect to itself",
      root(308, "/#top"),
      "redirects to /#top (https://example.com/#top: the request itself, a redirect loop)",
    ],
    ["a redirect to plain http", root(301, "http://example.com/"), "redirects to http://example.com/, from https to plain http"],
    ["a redirect without a Location", root(302), "answered 302 without a Location"],
  ])("fails %s", (_what, obs, detail) => {
    const r = evaluateAppRoot(obs, SAME_PORT);
    expect(r.status).toBe("fail");
    expect(r.detail).toContain(detail);
  });

  test("header verdicts of an answer that is not the app's are skipped, saying why; of the app's, kept", () => {
    const bad = root(502);
    const skipped = headersOfRoot(evaluateAppRoot(bad, SAME_PORT), evaluateSecurityHeaders(bad));
    expect(skipped.map((r) => `${r.status} ${r.check}`)).toEqual([
      "skip headers.hsts",
      "skip headers.nosniff",
      "skip headers.frame",
      "skip headers.referrer-policy",
      "skip headers.permissions-policy",
    ]);
    expect(skipped[0]?.detail).toBe("not read: the answer to / is not the app's (http.root failed)");
    const good = root(200);
    expect(headersOfRoot(evaluateAppRoot(good, SAME_PORT), evaluateSecurityHeaders(good))).toEqual(evaluateSecurityHeaders(good));
  });
});

describe("golive verify fails an app hostname whose / is not the app", () => {
  let live: LiveProject;

  beforeAll(async () => {
    live = await startLiveProject();
  });

  afterAll(() => live?.close());

  const args = (): string[] => liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]);

  function apex(report: LiveReport): string[] {
    return report.results
      .filter((r) => r.target === `GET https://example.com:${live.ports.https}/` || r.target === `https://example.com:${live.ports.https}/`)
      .map((r) => `${r.status} ${r.check}`);
  }

  test("fails http.root when the public apex answers 502, its header checks skipped", async () => {
    live.edge.setFaults({ apexRoot: { status: 502 } });
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    expect(run.code).toBe(1);
    const report = LiveReport.parse(JSON.parse(run.stdout));
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.check} ${r.target}: ${r.detail}`)).toEqual([
      `http.root GET https://example.com:${live.ports.https}/: answered 502: the hostname serves a server error, not the app`,
    ]);
    expect(apex(report)).toEqual([
      "fail http.root",
      "skip headers.hsts",
      "skip headers.nosniff",
      "skip headers.frame",
      "skip headers.referrer-policy",
      "skip headers.permissions-policy",
      "skip headers.csp",
    ]);
  });

  test.each([
    ["to plain http (which redirects back to https)", "http://example.com/", /from https to plain http: .* a redirect loop$/],
    ["to itself", "https://example.com/", /\(https:\/\/example\.com\/: the request itself, a redirect loop\): the page never loads$/],
  ])("fails http.root when the public apex redirects %s", async (_what, location, detail) => {
    live.edge.setFaults({ apexRoot: { status: 301, location } });
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    expect(run.code).toBe(1);
    const failed = LiveReport.parse(JSON.parse(run.stdout)).results.filter((r) => r.status === "fail");
    expect(failed.map((r) => r.check)).toEqual(["http.root"]);
    expect(failed[0]?.detail).toMatch(detail);
  });

  test("passes http.root on every app hostname of a correct edge: the apex's page, the Access login behind Access", async () => {
    live.edge.setFaults({});
    const report = LiveReport.parse(JSON.parse((await golive(live.cwd, args(), TOKEN_ENV)).stdout));
    expect(
      report.results
        .filter((r) => r.check === "http.root")
        .map((r) => `${r.status} ${r.target.replace(/:\d+\//, "/")}: ${r.detail.split("?")[0]}`),
    ).toEqual([
      "pass GET https://example.com/: answered 200",
      "pass GET https://chat.example.com/: 302 -> https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com",
      "pass GET https://api.example.com/: 302 -> https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/api.example.com",
    ]);
  });
});
