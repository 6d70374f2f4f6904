import type { HttpObservation } from "../../lib/core/verify/types";
import { evaluateSecurityHeaders } from "../../lib/features/edge/probes/headers";
import { evaluateAppRoot, headersOfRoot } from "../../lib/features/edge/probes/root";
import type { Redirect } from "../../lib/features/edge/redirects";
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

  describe("a redirect the configured redirects send back to the request: a loop of two steps", () => {
    /** edge.canonicalHost: apex, as desiredRedirects has it: www.example.com/ and below to the apex, the path kept. */
    const toApex: Redirect = {
      fromHost: "www.example.com",
      fromPath: "/",
      to: "https://example.com",
      status: 301,
      preservePath: true,
      source: ["edge", "canonicalHost"],
    };
    const toDocs: Redirect = { ...toApex, fromPath: "/Docs", to: "https://chat.example.com/help", source: ["edge", "redirects", 0] };

    test("fails the apex sending / to www while edge.canonicalHost sends www back to the apex", () => {
      const r = evaluateAppRoot(root(301, "https://www.example.com/"), SAME_PORT, [toApex]);
      expect(r).toMatchObject({ status: "fail", check: "http.root" });
      expect(r.detail).toBe(
        "redirects to https://www.example.com/, which edge.canonicalHost redirects back to https://example.com/: a redirect loop, the page never loads; serve the app here or send it where the config sends users (www.example.com -> https://example.com)",
      );
    });

    test("fails a loop through a configured redirect of a path (first matching rule, case blind)", () => {
      const back = { ...toDocs, to: "https://example.com/", preservePath: false };
      expect(evaluateAppRoot(root(302, "https://www.example.com/docs/x"), SAME_PORT, [back, toApex]).detail).toMatch(
        /^redirects to https:\/\/www\.example\.com\/docs\/x, which edge\.redirects\[0\] redirects back to https:\/\/example\.com\/: a redirect loop/,
      );
    });

    test.each([
      ["www, when the configured redirect sends it elsewhere", "https://www.example.com/docs", [toDocs, toApex]],
      ["a path of www the configured redirect keeps (apex/x is another page)", "https://www.example.com/x", [toApex]],
      ["www, with no configured redirect of it", "https://www.example.com/", []],
    ])("passes a redirect to %s", (_what, location, redirects) => {
      expect(evaluateAppRoot(root(301, location), SAME_PORT, redirects).status).toBe("pass");
    });
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
    [
      "to www, which edge.canonicalHost (apex) sends back",
      "https://www.example.com/",
      /^redirects to https:\/\/www\.example\.com\/, which edge\.canonicalHost redirects back to https:\/\/example\.com\/: a redirect loop/,
    ],
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
