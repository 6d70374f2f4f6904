import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { HttpObservation } from "../../lib/core/verify/types";
import { evaluateOriginPlainHttp } from "../../lib/features/edge/probes/origin";
import { setIn } from "../helpers/example-config";
import type { FakeEdge } from "./fake-edge";
import { golive, LiveReport, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

const target = { hostname: "chat.example.com", origin: "192.0.2.11" };

function answer(status: number | undefined, headers: Record<string, string> = {}, error?: string): HttpObservation {
  return {
    url: "http://chat.example.com/",
    method: "GET",
    ...(status === undefined ? { error: error ?? "ECONNREFUSED" } : { status }),
    headers,
    bodyBytes: status === 200 ? 24 : 0,
    bodySnippet: "",
    elapsedMs: 1,
  };
}

describe("origin.plain-http: an origin must not serve the app over plain HTTP", () => {
  test.each([
    ["a refused connection", answer(undefined, {}, "ECONNREFUSED")],
    ["a reset connection", answer(undefined, {}, "ECONNRESET")],
    ["a 403", answer(403)],
    ["a redirect to https on the same host", answer(301, { location: "https://chat.example.com/" })],
    ["a redirect to https on the origin's address", answer(308, { location: "https://192.0.2.11/" })],
  ])("passes %s", (_, obs) => {
    expect(evaluateOriginPlainHttp(target, obs)).toMatchObject({
      check: "origin.plain-http",
      status: "pass",
      target: "http://192.0.2.11/",
    });
  });

  test.each([
    ["the app's page", answer(200)],
    ["a 404 (the app's router answering)", answer(404)],
    ["a redirect to plain http", answer(301, { location: "http://chat.example.com/" })],
    ["a redirect to another host", answer(302, { location: "https://evil.example/" })],
    ["a redirect without a Location", answer(302)],
  ])("fails %s", (_, obs) => {
    const r = evaluateOriginPlainHttp(target, obs);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(
      /^as chat\.example\.com: answered \d+.* to a direct plain-HTTP request: the origin serves the app unencrypted/,
    );
  });

  test("no answer within the timeout, or no address, proves nothing: skipped, never passed", () => {
    expect(evaluateOriginPlainHttp(target, answer(undefined, {}, "timeout after 3000 ms")).status).toBe("skip");
    expect(evaluateOriginPlainHttp(target, { unresolved: "192.0.2.11 is not a loopback address" }).status).toBe("skip");
  });
});

describe("golive verify sends each origin a plain-HTTP request too", () => {
  let live: LiveProject;

  beforeAll(async () => {
    // chat.example.com's origin is a name: the test resolver points it at the fake edge's own HTTP server.
    live = await startLiveProject({
      prepare: (cwd) => {
        const config = parse(readFileSync(join(cwd, "config", "production.yaml"), "utf8")) as unknown;
        mkdirSync(join(cwd, "config-origin"));
        writeFileSync(
          join(cwd, "config-origin", "production.yaml"),
          stringify(setIn(config, ["edge", "hostnames", 1, "origin"], "origin-chat.test")),
        );
      },
      records: [{ name: "origin-chat.test", type: "A", value: "127.0.0.1" }],
    });
  });

  afterAll(() => live?.close());

  async function plainHttp(faults: Parameters<FakeEdge["setFaults"]>[0]) {
    live.edge.setFaults(faults);
    const args = liveArgs(live.ports, "json", ["--config-dir", "config-origin", "--p95-bar-ms", "5000"]);
    const run = await golive(live.cwd, args, TOKEN_ENV);
    const results = LiveReport.parse(JSON.parse(run.stdout)).results.filter((r) => r.check === "origin.plain-http");
    // The example's other origins are addresses off this machine: refused by --loopback-only, skipped.
    expect(results.filter((r) => r.status === "skip").map((r) => r.target)).toEqual([
      "http://192.0.2.10/",
      "http://origin-api.example.net/",
    ]);
    return results.filter((r) => r.target === "http://origin-chat.test/");
  }

  test("passes an origin whose port 80 only redirects to https, fails one that serves the page", async () => {
    expect(await plainHttp({})).toEqual([
      expect.objectContaining({
        target: "http://origin-chat.test/",
        status: "pass",
        detail: "as chat.example.com: plain HTTP only redirects to https (301 -> https://chat.example.com/)",
      }),
    ]);
    expect(await plainHttp({ noHttpsRedirect: true })).toEqual([
      expect.objectContaining({
        target: "http://origin-chat.test/",
        status: "fail",
        detail: expect.stringMatching(/^as chat\.example\.com: answered 200 \(\d+ bytes\) to a direct plain-HTTP request/),
      }),
    ]);
  });

  test("--dry-run lists the plain-HTTP request of every origin and sends nothing", async () => {
    live.edge.setFaults({});
    const run = await golive(live.cwd, [...liveArgs(live.ports, "json"), "--config-dir", "config-origin", "--dry-run"]);
    const { probes } = JSON.parse(run.stdout) as { probes: { check: string; target: string }[] };
    expect(probes.filter((p) => p.check === "origin.plain-http").map((p) => p.target)).toEqual([
      "GET http://192.0.2.10/",
      "GET http://origin-chat.test/",
      "GET http://origin-api.example.net/",
    ]);
    expect(live.edge.requests).toEqual([]);
  });
});
