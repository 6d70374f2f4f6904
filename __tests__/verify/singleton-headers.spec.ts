import { createServer } from "node:http";
import type { HttpObservation, SingletonField } from "../../lib/core/verify/types";
import { probeHttp } from "../../lib/engines/verify/probe/http";
import { evaluateUnauthenticated } from "../../lib/features/edge/probes/auth";
import { evaluateCors } from "../../lib/features/edge/probes/cors";
import { evaluateOriginLockdown, evaluateOriginPlainHttp } from "../../lib/features/edge/probes/origin";
import { evaluateHttpsRedirect, type LocationOptions } from "../../lib/features/edge/probes/redirects";
import { evaluateAppRoot } from "../../lib/features/edge/probes/root";
import { evaluateServedPolicy } from "../../lib/features/email/mta-sts-probe";
import { listenOnLoopback } from "../helpers/loopback";
import { MTA_STS_POLICY } from "./fake-edge";
import { answerTo, golive, LiveReport, liveArgs, TOKEN_ENV, writeEmailConfig } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// A field a response carries once (RFC 9110 5.3), given twice with different values: Node's
// message.headers keeps the first and drops the other, so verify judged an answer browsers refuse
// (Chromium: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION) by its first Location alone. The answer keeps its
// status, and each check decides whether the field it reads makes it unreadable.

type LiveReportType = ReturnType<typeof LiveReport.parse>;

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
  test("notes Location headers that differ, naming the field and both values, its status and headers kept", async () => {
    const seen = await observe(302, ["Location", "https://www.example.com/", "location", "https://evil.example/"]);
    expect(seen).toMatchObject({ status: 302, headers: { location: "https://www.example.com/" } });
    expect(seen.error).toBeUndefined();
    expect(seen.malformed).toEqual([
      {
        field: "location",
        detail:
          '2 Location headers of different values ("https://www.example.com/", "https://evil.example/"), no answer a client can read as one: RFC 9110 10.2.2 allows one URI, and browsers refuse such a response (Chromium: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)',
      },
    ]);
  });

  test("notes different Content-Type headers the same way, and both fields when both differ", async () => {
    const seen = await observe(200, ["Content-Type", "text/plain", "Content-Type", "text/html"]);
    expect(seen.status).toBe(200);
    expect(seen.malformed?.map((m) => m.field)).toEqual(["content-type"]);
    expect(seen.malformed?.[0]?.detail).toMatch(/^2 Content-Type headers of different values \("text\/plain", "text\/html"\), no answer/);
    const both = await observe(301, ["Content-Type", "a/b", "Location", "/x", "Content-Type", "c/d", "Location", "/y"]);
    expect(both.malformed?.map((m) => m.field)).toEqual(["content-type", "location"]);
  });

  test("passes the same value given twice (spaces around it aside), and a list field repeated", async () => {
    const seen = await observe(301, ["Location", "https://example.com/", "Location", " https://example.com/ ", "Vary", "a", "Vary", "b"]);
    expect(seen).toMatchObject({ status: 301, headers: { location: "https://example.com/", vary: "a, b" } });
    expect(seen.error).toBeUndefined();
    expect(seen.malformed).toBeUndefined();
  });
});

/** An answer of `status` at `url` giving `field` twice, differently (the first value in `headers`). */
function repeating(url: string, status: number, field: SingletonField, headers: Record<string, string> = {}): HttpObservation {
  const name = field === "location" ? "Location" : "Content-Type";
  return {
    ...answerTo(url, status),
    headers,
    malformed: [{ field, detail: `2 ${name} headers of different values ("a", "b"), no answer a client can read as one` }],
  };
}

const CT_NOTE = /^malformed answer: 200 with 2 Content-Type headers of different values \("a", "b"\)/;
const LOCATION_NOTE = /malformed answer: 30[128] with 2 Location headers of different values \("a", "b"\)/;

describe("each check decides whether the repeated field it reads makes the answer unreadable", () => {
  const where: LocationOptions = { ignorePort: false };

  test("fails a redirect check on two Locations, naming them, never as no answer", () => {
    const obs = repeating("http://example.com/", 301, "location", { location: "https://example.com/" });
    const r = evaluateHttpsRedirect("example.com", obs, where);
    expect(r).toMatchObject({ status: "fail", check: "http.https-redirect" });
    expect(r.detail).toMatch(new RegExp(`^${LOCATION_NOTE.source}`));
  });

  test("passes a redirect check whose redirect repeats only its Content-Type, which no browser reads", () => {
    const obs = repeating("http://example.com/", 301, "content-type", { location: "https://example.com/" });
    expect(evaluateHttpsRedirect("example.com", obs, where)).toMatchObject({ status: "pass", detail: "301 -> https://example.com/" });
  });

  test("fails http.root on two Content-Types of the page, and on two Locations of a redirect", () => {
    expect(evaluateAppRoot(repeating("https://example.com/", 200, "content-type"), where).detail).toMatch(CT_NOTE);
    const redirect = repeating("https://example.com/", 302, "location", { location: "https://www.example.com/" });
    expect(evaluateAppRoot(redirect, where)).toMatchObject({ status: "fail" });
    expect(evaluateAppRoot(redirect, where).detail).toMatch(LOCATION_NOTE);
  });

  test("passes http.root on a redirect repeating only its Content-Type", () => {
    const obs = repeating("https://example.com/", 302, "content-type", { location: "https://www.example.com/" });
    expect(evaluateAppRoot(obs, where)).toMatchObject({ status: "pass", detail: "302 -> https://www.example.com/" });
  });

  test("auth.unauthenticated fails a login redirect with two Locations, and passes a 403 whatever it repeats", () => {
    const probe = { host: "chat.example.com", path: "/api/chat", protected: true };
    const login = "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com";
    const r = evaluateUnauthenticated(probe, repeating("https://chat.example.com/api/chat", 302, "location", { location: login }));
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(LOCATION_NOTE);
    for (const field of ["location", "content-type"] as const)
      expect(evaluateUnauthenticated(probe, repeating("https://chat.example.com/api/chat", 403, field))).toMatchObject({
        status: "pass",
        detail: "refused with 403",
      });
  });

  test("cors checks read only the CORS grant: a repeated Location grants nothing", () => {
    const r = evaluateCors("cors.get", repeating("https://chat.example.com/api/chat", 302, "location", { location: "https://x/" }));
    expect(r).toMatchObject({ status: "pass", detail: "no CORS grant for https://evil.example (302)" });
  });

  test("mta-sts.policy fails a policy served with two Content-Types, naming them, not as a missing HTTPS answer", () => {
    const url = "https://mta-sts.example.com/.well-known/mta-sts.txt";
    const obs = { ...repeating(url, 200, "content-type", { "content-type": "text/plain" }), body: MTA_STS_POLICY };
    const r = evaluateServedPolicy(
      "mta-sts.example.com",
      { mode: "enforce", mx: ["mx1.example.net", "mx2.example.net"], maxAge: 604800 },
      obs,
    );
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(CT_NOTE);
    expect(r.detail).not.toMatch(/no HTTPS answer/);
  });
});

describe("the origin checks keep the status of an answer that repeats a field", () => {
  const target = { hostname: "chat.example.com", origin: "192.0.2.11" };

  test("origin.lockdown passes a 403 refusal whose Content-Type is given twice, differently", () => {
    const r = evaluateOriginLockdown(target, repeating("https://chat.example.com/", 403, "content-type"), "authenticated-origin-pulls");
    expect(r).toMatchObject({
      status: "pass",
      detail: "as chat.example.com: refused a request without Cloudflare's client certificate with 403",
    });
  });

  test("origin.lockdown fails a 200, whatever it repeats", () => {
    const r = evaluateOriginLockdown(target, repeating("https://chat.example.com/", 200, "content-type"), "authenticated-origin-pulls");
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(
      /^as chat\.example\.com: answered 200 \(0 bytes\) to a direct request without Cloudflare's client certificate/,
    );
  });

  test("origin.plain-http fails a redirect to https with two Locations, naming them; passes a 403 that repeats its Content-Type", () => {
    const redirect = repeating("http://chat.example.com/", 301, "location", { location: "https://chat.example.com/" });
    const r = evaluateOriginPlainHttp(target, redirect);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(
      /^as chat\.example\.com: answered a direct plain-HTTP request with 301 with 2 Location headers of different values/,
    );
    expect(evaluateOriginPlainHttp(target, repeating("http://chat.example.com/", 403, "content-type")).status).toBe("pass");
  });
});

describe("golive verify fails the checks that read a repeated field, naming it", () => {
  let live: LiveProject;

  beforeAll(async () => {
    live = await startLiveProject({ names: ["mta-sts.example.com"], prepare: writeEmailConfig });
  });

  afterAll(() => live?.close());

  const run = async (): Promise<LiveReportType> => {
    const ran = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
    expect(ran.code).toBe(1);
    return LiveReport.parse(JSON.parse(ran.stdout));
  };

  test("NO-GO on a second Location: redirects, the app roots behind Access and the Access redirects fail naming it; CORS and TLS pass", async () => {
    live.edge.setFaults({ secondLocation: "https://evil.example/" });
    const report = await run();
    const failed = report.results.filter((r) => r.status === "fail");
    expect([...new Set(failed.map((r) => r.check))].sort()).toEqual([
      "auth.unauthenticated",
      "http.https-redirect",
      "http.root",
      "redirect.canonical",
      "redirect.config",
    ]);
    for (const r of failed)
      expect(r.detail).toMatch(
        /^malformed answer: 30[128] with 2 Location headers of different values \(".*", "https:\/\/evil\.example\/"\)/,
      );
    for (const check of ["cors.get", "cors.preflight", "tls.chain"])
      expect(report.results.filter((r) => r.check === check).every((r) => r.status === "pass")).toBe(true);
  });

  test("NO-GO on a second Content-Type: the policy file and the public page fail naming it; the timed request sends the token and is timed", async () => {
    live.edge.setFaults({ secondContentType: "text/x-second" });
    const report = await run();
    const failed = report.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => `${r.check} ${r.target.replace(/:\d+\//, "/")}`).sort()).toEqual([
      "http.root GET https://example.com/",
      "mta-sts.policy GET https://mta-sts.example.com/.well-known/mta-sts.txt",
    ]);
    for (const r of failed)
      expect(r.detail).toMatch(/^malformed answer: 200 with 2 Content-Type headers of different values \(".*", "text\/x-second"\)/);
    const latency = report.results.find((r) => r.check === "latency.p95");
    expect(latency?.status).toBe("pass");
    expect(latency?.detail).not.toMatch(/service token was not sent/);
    expect(live.edge.requests.filter((r) => r.clientSecret !== undefined).length).toBeGreaterThan(1);
  });
});
