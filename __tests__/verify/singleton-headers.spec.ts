import { createServer } from "node:http";
import type { HttpObservation } from "../../lib/core/verify/types";
import { probeHttp } from "../../lib/engines/verify/probe/http";
import { evaluateOriginLockdown, evaluateOriginPlainHttp } from "../../lib/features/edge/probes/origin";
import { spawnGolive } from "../helpers/cli";
import { listenOnLoopback } from "../helpers/loopback";
import { LiveReport, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// A field a response carries once (RFC 9110 5.3), given twice with different values: Node's
// message.headers keeps the first and drops the other, so verify judged an answer browsers refuse
// (Chromium: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION) by its first Location alone.

/** What probeHttp observes of an answer with these raw header lines (name, value, name, value, ...). */
async function observe(status: number, raw: readonly string[]): Promise<HttpObservation> {
  const server = await listenOnLoopback(createServer((_req, res) => res.writeHead(status, [...raw]).end("body")));
  try {
    return await probeHttp({ scheme: "http", host: "example.com", address: "127.0.0.1", port: server.port, path: "/", timeoutMs: 2000 });
  } finally {
    await server.close();
  }
}

describe("probeHttp reads every copy of a singleton field (res.rawHeaders)", () => {
  test("fails an answer whose Location headers differ as no answer, naming the field and both values, its headers kept", async () => {
    const seen = await observe(302, ["Location", "https://www.example.com/", "location", "https://evil.example/"]);
    expect(seen.status).toBeUndefined();
    expect(seen.error).toBe(
      '302 with 2 Location headers of different values ("https://www.example.com/", "https://evil.example/"), no answer a client can read as one: RFC 9110 10.2.2 allows one URI, and browsers refuse such a response (Chromium: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)',
    );
    expect(seen.headers.location).toBe("https://www.example.com/");
  });

  test("fails different Content-Type headers the same way", async () => {
    const seen = await observe(200, ["Content-Type", "text/plain", "Content-Type", "text/html"]);
    expect(seen.status).toBeUndefined();
    expect(seen.error).toMatch(/^200 with 2 Content-Type headers of different values \("text\/plain", "text\/html"\), no answer/);
  });

  test("passes the same value given twice (spaces around it aside), and a list field repeated", async () => {
    const seen = await observe(301, ["Location", "https://example.com/", "Location", " https://example.com/ ", "Vary", "a", "Vary", "b"]);
    expect(seen).toMatchObject({ status: 301, headers: { location: "https://example.com/", vary: "a, b" } });
    expect(seen.error).toBeUndefined();
  });
});

describe("an origin answering with conflicting singleton fields answered: the origin checks fail, never skip", () => {
  const target = { hostname: "chat.example.com", origin: "192.0.2.11" };
  const unreadable: HttpObservation = {
    url: "https://chat.example.com/",
    method: "GET",
    error: '200 with 2 Content-Type headers of different values ("text/html", "text/plain"), no answer a client can read as one',
    headers: { "content-type": "text/html" },
    bodyBytes: 24,
    bodySnippet: "",
    elapsedMs: 1,
  };

  test("origin.lockdown fails, quoting why", () => {
    const r = evaluateOriginLockdown(target, unreadable, "authenticated-origin-pulls");
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(
      /^as chat\.example\.com: answered a direct request without Cloudflare's client certificate \(200 with 2 Content-Type/,
    );
  });

  test("origin.plain-http fails, quoting why", () => {
    const r = evaluateOriginPlainHttp(target, { ...unreadable, url: "http://chat.example.com/" });
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/^as chat\.example\.com: answered a direct plain-HTTP request \(200 with 2 Content-Type/);
  });
});

describe("golive verify (the process) fails every redirect and Access check whose answer repeats Location differently", () => {
  let live: LiveProject;

  beforeAll(async () => {
    live = await startLiveProject();
  });

  afterAll(() => live?.close());

  test("NO-GO: redirects, the app roots behind Access and the checks Access answers fail naming Location; TLS passes", async () => {
    live.edge.setFaults({ secondLocation: "https://evil.example/" });
    const run = await spawnGolive(liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), { cwd: live.cwd, env: TOKEN_ENV });
    expect(run.code).toBe(1);
    const report = LiveReport.parse(JSON.parse(run.stdout));
    const failed = report.results.filter((r) => r.status === "fail");
    expect([...new Set(failed.map((r) => r.check))].sort()).toEqual([
      "auth.unauthenticated",
      "cors.get",
      "cors.preflight",
      "http.https-redirect",
      "http.root",
      "redirect.canonical",
      "redirect.config",
    ]);
    for (const r of failed)
      expect(r.detail).toMatch(
        /^no HTTP answer: 30[128] with 2 Location headers of different values \(".*", "https:\/\/evil\.example\/"\)/,
      );
    expect(report.results.filter((r) => r.check === "tls.chain").every((r) => r.status === "pass")).toBe(true);
  });
});
