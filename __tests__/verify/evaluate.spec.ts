import { evaluateUnauthenticated, isLoginRedirect } from "../../lib/features/edge/probes/auth";
import { evaluateCors } from "../../lib/features/edge/probes/cors";
import { evaluateRecord } from "../../lib/features/email/probes";
import { evaluateSecurityHeaders, firstHstsHeader } from "../../lib/features/edge/probes/headers";
import { evaluateLatency, summarizeLatency } from "../../lib/features/monitoring/probes";
import { sameLocation } from "../../lib/features/edge/probes/redirects";
import { evaluateLegacyTls, evaluateTls } from "../../lib/features/edge/probes/tls";
import type { HttpObservation } from "../../lib/core/verify/types";

function http(status: number | undefined, headers: Record<string, string> = {}, body = ""): HttpObservation {
  return {
    url: "https://chat.example.com/api/chat",
    method: "GET",
    ...(status === undefined ? { error: "ECONNREFUSED" } : { status }),
    headers,
    bodyBytes: body.length,
    bodySnippet: body,
    elapsedMs: 5,
  };
}

const GOOD_HEADERS = {
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=()",
};

function statuses(results: readonly { check: string; status: string }[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.check, r.status]));
}

describe("unauthenticated requests", () => {
  const guarded = { host: "chat.example.com", path: "/api/chat", protected: true };
  const open = { host: "example.com", path: "/api/chat", protected: false };

  test("an Access login on the team domain or the same host counts as a login redirect", () => {
    expect(
      isLoginRedirect(
        "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com?kid=1",
        "https://chat.example.com/api/chat",
      ),
    ).toBe(true);
    expect(isLoginRedirect("/cdn-cgi/access/login?redirect_url=%2F", "https://chat.example.com/api/chat")).toBe(true);
    expect(isLoginRedirect("https://idp.example.net/oauth2/authorize?client_id=x", "https://chat.example.com/")).toBe(true);
  });

  test("fails to count a redirect to an ordinary page as a login", () => {
    expect(isLoginRedirect("https://chat.example.com/dashboard", "https://chat.example.com/")).toBe(false);
    expect(evaluateUnauthenticated(guarded, http(302, { location: "https://chat.example.com/dashboard" })).status).toBe("fail");
  });

  test.each([
    ["https://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com?kid=1&redirect_url=%2Fapi%2Fchat"],
    ["/cdn-cgi/access/login?redirect_url=%2Fapi%2Fchat"],
    ["https://chat.example.com/cdn-cgi/access/login/chat.example.com"],
  ])("behind Access a redirect to the Access login passes: %s", (location) => {
    expect(evaluateUnauthenticated(guarded, http(302, { location }))).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(/^redirects to the Access login https:\/\//),
    });
  });

  test.each([
    ["https://evil.example/login?next=/api/chat", "a login on another host"],
    ["/login?next=%2Fapi%2Fchat", "the app's own login (Access removed)"],
    ["https://chat.example.com/sso/authorize", "the app's own SSO"],
    ["https://evil.example/cdn-cgi/access/login/chat.example.com", "Access's path on another host"],
    ["http://opsbot.cloudflareaccess.com/cdn-cgi/access/login/chat.example.com", "the team domain over plain http"],
    ["https://opsbot.cloudflareaccess.com.evil.example/cdn-cgi/access/login", "a look-alike of the team domain"],
    ["https://evilcloudflareaccess.com/cdn-cgi/access/login", "a look-alike of cloudflareaccess.com"],
  ])("fails behind Access when the redirect goes to %s (%s): Access is not in front", (location) => {
    const r = evaluateUnauthenticated(guarded, http(302, { location }));
    expect(r.status).toBe("fail");
    expect(r.detail).toContain("not to the Cloudflare Access login");
  });

  test("on a public hostname a redirect to the app's own login passes", () => {
    expect(evaluateUnauthenticated(open, http(302, { location: "/login?next=%2Fapi%2Fchat" })).status).toBe("pass");
  });

  test("401 and 403 pass everywhere", () => {
    expect(evaluateUnauthenticated(guarded, http(401)).status).toBe("pass");
    expect(evaluateUnauthenticated(guarded, http(403)).status).toBe("pass");
  });

  test("fails any 2xx, even on a public hostname, quoting the start of the body", () => {
    const r = evaluateUnauthenticated(open, http(200, {}, '{"rows":[1]}'));
    expect(r.status).toBe("fail");
    expect(r.detail).toContain('{\\"rows\\":[1]}');
  });

  test("fails a 404 behind Access (Access is not in front) but accepts it on a public hostname", () => {
    expect(evaluateUnauthenticated(guarded, http(404)).status).toBe("fail");
    expect(evaluateUnauthenticated(open, http(404)).status).toBe("pass");
  });

  test("fails when nothing answered", () => {
    expect(evaluateUnauthenticated(guarded, http(undefined))).toMatchObject({ status: "fail", detail: "no HTTP answer: ECONNREFUSED" });
  });
});

describe("security headers", () => {
  test("a complete set passes every header check", () => {
    expect(statuses(evaluateSecurityHeaders(http(200, GOOD_HEADERS)))).toEqual({
      "headers.hsts": "pass",
      "headers.nosniff": "pass",
      "headers.frame": "pass",
      "headers.referrer-policy": "pass",
      "headers.permissions-policy": "pass",
    });
  });

  const hsts = (sts: string) =>
    evaluateSecurityHeaders(http(200, { ...GOOD_HEADERS, "strict-transport-security": sts })).find((r) => r.check === "headers.hsts");

  test("reads max-age, includeSubDomains and preload case-blind, a quoted max-age too", () => {
    expect(hsts("MAX-AGE=63072000; INCLUDESUBDOMAINS; Preload")?.status).toBe("pass");
    expect(hsts('max-age="63072000"; includeSubDomains')?.status).toBe("pass");
  });

  test("fails HSTS with a repeated directive: browsers ignore the whole header (RFC 6797 6.1, 8.1)", () => {
    expect(hsts("max-age=63072000; max-age=0; includeSubDomains")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("max-age appears more than once (RFC 6797 6.1 allows each directive once)"),
    });
    expect(hsts("max-age=63072000; includeSubDomains; INCLUDESUBDOMAINS")?.status).toBe("fail");
    // Two headers: a browser reads only the first (8.1).
    expect(hsts("max-age=63072000; includeSubDomains, max-age=0")?.status).toBe("pass");
    expect(hsts("max-age=0, max-age=63072000; includeSubDomains")?.status).toBe("fail");
  });

  test("a ';' or ',' inside a quoted value does not split the header: a quoted value cannot hide a directive", () => {
    // Split on every ';', this read as max-age=63072000 with includeSubDomains; a browser sees one unknown directive.
    expect(hsts('x-note="a; max-age=63072000; includeSubDomains"')).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("no max-age directive"),
    });
    expect(firstHstsHeader('max-age=63072000; x="a, b"; includeSubDomains, max-age=0')).toBe(
      'max-age=63072000; x="a, b"; includeSubDomains',
    );
    expect(hsts('max-age=63072000; x="a, b"; includeSubDomains')?.status).toBe("pass");
    expect(hsts('max-age="63072000; includeSubDomains')).toMatchObject({ status: "fail", detail: expect.stringContaining("not closed") });
  });

  test("fails HSTS shorter than a year or without includeSubDomains", () => {
    const short = evaluateSecurityHeaders(http(200, { ...GOOD_HEADERS, "strict-transport-security": "max-age=86400; includeSubDomains" }));
    expect(short.find((r) => r.check === "headers.hsts")?.detail).toMatch(/max-age must be >= 31536000/);
    const narrow = evaluateSecurityHeaders(http(200, { ...GOOD_HEADERS, "strict-transport-security": "max-age=31536000" }));
    expect(narrow.find((r) => r.check === "headers.hsts")?.detail).toMatch(/includeSubDomains is missing/);
  });

  test("X-Frame-Options alone satisfies the framing check; neither it nor frame-ancestors fails", () => {
    const xfo = { ...GOOD_HEADERS, "content-security-policy": "default-src 'self'", "x-frame-options": "SAMEORIGIN" };
    expect(statuses(evaluateSecurityHeaders(http(200, xfo)))["headers.frame"]).toBe("pass");
    const none = { ...GOOD_HEADERS, "content-security-policy": "default-src 'self'" };
    expect(statuses(evaluateSecurityHeaders(http(200, none)))["headers.frame"]).toBe("fail");
  });

  const frame = (csp: string, xfo?: string) =>
    evaluateSecurityHeaders(
      http(200, { ...GOOD_HEADERS, "content-security-policy": csp, ...(xfo === undefined ? {} : { "x-frame-options": xfo }) }),
    ).find((r) => r.check === "headers.frame");

  test.each([
    ["frame-ancestors 'none'"],
    ["frame-ancestors 'self'"],
    ["frame-ancestors 'SELF' https://portal.example.com"],
    ["frame-ancestors"],
    // Every policy is enforced: one restrictive frame-ancestors is enough.
    ["frame-ancestors *, frame-ancestors 'none'"],
  ])("CSP %s keeps other sites from framing the page", (csp) => {
    expect(frame(csp)?.status).toBe("pass");
  });

  test.each([
    ["frame-ancestors *", "*"],
    ["default-src 'self'; frame-ancestors https:", "https:"],
    ["frame-ancestors 'self' https://*.example.net", "https://*.example.net"],
    ["frame-ancestors http://portal.example.com", "http://portal.example.com"],
    ["frame-ancestors data: 'self'", "data:"],
  ])("fails CSP %s, even beside X-Frame-Options: DENY (browsers ignore it then)", (csp, bad) => {
    expect(frame(csp, "DENY")).toMatchObject({ status: "fail", detail: expect.stringContaining(`${bad} lets other sites frame the page`) });
  });

  test("the live CSP is compared with the configured one directive by directive, order-blind", () => {
    const { "content-security-policy": _good, ...others } = GOOD_HEADERS;
    const csp = (live: string | undefined, configured: string) =>
      evaluateSecurityHeaders(
        http(200, { ...others, ...(live === undefined ? {} : { "content-security-policy": live }) }),
        undefined,
        configured,
      ).find((r) => r.check === "headers.csp");
    const configured = "default-src 'self'; frame-ancestors 'none'; img-src 'self' data:";
    expect(csp("img-src data: 'SELF';frame-ancestors 'none' ;  default-src 'self'", configured)?.status).toBe("pass");
    expect(csp("default-src * 'unsafe-inline'; frame-ancestors 'none'; script-src 'self'", configured)).toMatchObject({
      status: "fail",
      detail: `differs from edge.securityHeaders.contentSecurityPolicy ("${configured}"): default-src is "* 'unsafe-inline'", configured "'self'"; img-src missing (configured "'self' data:"); script-src not configured (live "'self'")`,
    });
    expect(csp(undefined, configured)?.detail).toMatch(/^no Content-Security-Policy header; configured/);
    expect(csp(`${configured}, default-src *`, configured)?.detail).toMatch(/^2 policies \(several Content-Security-Policy headers/);
    // Without a configured CSP (the third argument) there is no comparison.
    expect(evaluateSecurityHeaders(http(200, GOOD_HEADERS)).some((r) => r.check === "headers.csp")).toBe(false);
  });

  test("fails an unsafe Referrer-Policy and a missing Permissions-Policy", () => {
    const { "permissions-policy": _dropped, ...rest } = GOOD_HEADERS;
    const s = statuses(evaluateSecurityHeaders(http(200, { ...rest, "referrer-policy": "unsafe-url" })));
    expect(s["headers.referrer-policy"]).toBe("fail");
    expect(s["headers.permissions-policy"]).toBe("fail");
  });
});

describe("CORS", () => {
  test("fails a wildcard grant", () => {
    expect(evaluateCors("cors.get", http(200, { "access-control-allow-origin": "*" })).status).toBe("fail");
  });

  test("a grant to the app's own origin or no grant at all passes", () => {
    expect(evaluateCors("cors.get", http(200, { "access-control-allow-origin": "https://chat.example.com" })).status).toBe("pass");
    expect(evaluateCors("cors.preflight", http(302)).status).toBe("pass");
  });
});

describe("redirect targets", () => {
  const from = "https://www.example.com/a";

  test("compares scheme, host and path; the port only when not ignored", () => {
    expect(sameLocation("https://example.com/a?x=1", "https://example.com/a", from, { ignorePort: false })).toBe(true);
    expect(sameLocation("https://example.com:8443/a", "https://example.com/a", from, { ignorePort: false })).toBe(false);
    expect(sameLocation("https://example.com:8443/a", "https://example.com/a", from, { ignorePort: true })).toBe(true);
    expect(sameLocation("http://example.com/a", "https://example.com/a", from, { ignorePort: true })).toBe(false);
    expect(sameLocation("https://example.com/", "https://example.com/a", from, { ignorePort: true })).toBe(false);
  });

  test("fails a relative Location that leads back to the request, resolved against it (RFC 9110 10.2.2), not the expected URL", () => {
    const http = "http://www.example.com/";
    expect(sameLocation("/", "https://www.example.com/", http, { ignorePort: true })).toBe(false);
    expect(sameLocation("//www.example.com/", "https://www.example.com/", http, { ignorePort: true })).toBe(false);
    expect(
      sameLocation("/golive-verify", "https://example.com/golive-verify", "https://www.example.com/golive-verify", { ignorePort: true }),
    ).toBe(false);
    // Relative and right: a path on the request's own https host.
    expect(sameLocation("/b", "https://www.example.com/b", from, { ignorePort: false })).toBe(true);
  });
});

describe("TLS", () => {
  const now = new Date("2026-01-01T00:00:00Z");

  test("fails a TLS 1.0 negotiation and a certificate due in 10 days", () => {
    const results = evaluateTls(
      { host: "example.com", protocol: "TLSv1", authorized: true, validTo: "2026-01-11T00:00:00Z", issuer: "CA" },
      { minDaysLeft: 21, now },
    );
    expect(statuses(results)).toEqual({ "tls.version": "fail", "tls.chain": "pass", "tls.expiry": "fail" });
  });

  describe("tls.expiry reads the whole chain: the first certificate to expire ends it", () => {
    const leaf = { name: "example.com", validTo: "2030-01-01T00:00:00Z" };
    const served = (intermediate: string, root = "2035-01-01T00:00:00Z") => ({
      host: "example.com",
      protocol: "TLSv1.3",
      authorized: true,
      validTo: leaf.validTo,
      chain: [leaf, { name: "Example Int", validTo: intermediate }, { name: "Example Root", validTo: root, selfIssued: true }],
    });
    const expiry = (obs: ReturnType<typeof served>) => evaluateTls(obs, { minDaysLeft: 21, now }).find((r) => r.check === "tls.expiry");

    test("fails an intermediate due in 5 days beside a leaf valid to 2030, naming it", () => {
      expect(expiry(served("2026-01-06T00:00:00Z"))).toMatchObject({
        status: "fail",
        detail:
          'intermediate certificate "Example Int" of the chain expires on 2026-01-06, in 5 days; needs more than 21 (the certificate itself is valid until 2030-01-01; clients verify the whole chain)',
      });
    });

    test("fails an expired intermediate and a root due soon, naming each", () => {
      expect(expiry(served("2025-12-01T00:00:00Z"))?.detail).toMatch(
        /^intermediate certificate "Example Int" of the chain expired on 2025-12-01/,
      );
      expect(expiry(served("2029-01-01T00:00:00Z", "2026-01-10T00:00:00Z"))?.detail).toMatch(
        /^root certificate "Example Root" of the chain expires on 2026-01-10, in 9 days/,
      );
    });

    test("passes a chain valid long enough, saying when it ends when that is before the leaf", () => {
      expect(expiry(served("2027-01-01T00:00:00Z"))).toMatchObject({
        status: "pass",
        detail:
          'certificate valid until 2030-01-01 (1461 days); the chain until 2027-01-01 (intermediate certificate "Example Int" of the chain, 365 days)',
      });
      expect(expiry(served("2031-01-01T00:00:00Z"))?.detail).toBe("certificate valid until 2030-01-01 (1461 days)");
    });
  });

  test("fails every TLS check when no handshake happened", () => {
    const results = evaluateTls({ host: "example.com", error: "ECONNRESET" }, { minDaysLeft: 21, now });
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
  });

  test("fails to count an unreachable server as refusing TLS 1.1", () => {
    expect(evaluateLegacyTls({ host: "example.com", accepted: false, error: "ECONNREFUSED" })).toMatchObject({ status: "fail" });
    expect(evaluateLegacyTls({ host: "example.com", accepted: false, error: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" })).toMatchObject({
      status: "pass",
    });
  });

  test("a client that cannot offer TLS 1.1 proves nothing: unverifiable, not a pass", () => {
    expect(
      evaluateLegacyTls({ host: "example.com", accepted: false, clientCannotOffer: true, error: "ERR_SSL_NO_PROTOCOLS_AVAILABLE" }).status,
    ).toBe("skip");
  });
});

describe("latency", () => {
  test("reports nearest-rank p50/p95/max", () => {
    const samples = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(summarizeLatency(samples)).toEqual({ samples: 20, errors: 0, p50Ms: 100, p95Ms: 190, maxMs: 200 });
  });

  test("fails when failed requests are more than 5% of the sample (they rank as slowest)", () => {
    const summary = summarizeLatency([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, undefined, undefined]);
    expect(summary).toMatchObject({ errors: 2, p95Ms: null, maxMs: null });
    expect(evaluateLatency("GET /", summary).status).toBe("fail");
  });

  test("fails a p95 above the bar and passes one at it", () => {
    expect(evaluateLatency("GET /", summarizeLatency([100, 501])).status).toBe("fail");
    expect(evaluateLatency("GET /", summarizeLatency([100, 500])).status).toBe("pass");
  });
});

describe("DNS records", () => {
  test("MX must match exchange and priority; names compare case-blind without the trailing dot", () => {
    const mx = {
      stack: "email-production",
      name: "mail.example.com",
      type: "MX" as const,
      value: "feedback-smtp.us-east-1.amazonses.com",
      priority: 10,
    };
    const live = (priority: number) => ({
      name: mx.name,
      type: "MX" as const,
      values: [{ value: "Feedback-SMTP.us-east-1.amazonses.com.", priority }],
    });
    expect(evaluateRecord(mx, live(10)).status).toBe("pass");
    expect(evaluateRecord(mx, live(20)).status).toBe("fail");
  });

  describe("the live MX set must equal the synthesized one", () => {
    const at = (name: string, value: string, priority: number) => ({
      stack: "email-production",
      name,
      type: "MX" as const,
      value,
      priority,
    });
    const nullMx = at("chat.example.com", "", 0);
    const inbound = [at("example.com", "mx1.example.net", 10), at("example.com", "mx2.example.net", 20)];
    const live = (name: string, values: readonly { value: string; priority: number }[]) => ({ name, type: "MX" as const, values });

    test("fails a real MX beside a null MX, citing RFC 7505 3", () => {
      const r = evaluateRecord(
        nullMx,
        live(nullMx.name, [
          { value: "", priority: 0 },
          { value: "mx.evil.example", priority: 10 },
        ]),
        [],
        [nullMx],
      );
      expect(r).toMatchObject({
        status: "fail",
        detail:
          "0 . is live, but so is 10 mx.evil.example, which no stack declares: a null MX must stand alone (RFC 7505 3: a domain that advertises a null MX MUST NOT advertise any other MX), else senders deliver there: delete it",
      });
    });

    test("fails a name that also holds an MX no stack declares once, on its first synthesized MX, naming it", () => {
      const values = [
        { value: "mx1.example.net", priority: 10 },
        { value: "MX2.example.net.", priority: 20 },
        { value: "mx.evil.example", priority: 1 },
      ];
      const results = inbound.map((r) => evaluateRecord(r, live("example.com", values), [], inbound));
      expect(results.map((r) => r.status)).toEqual(["fail", "pass"]);
      expect(results[0]?.detail).toBe(
        "10 mx1.example.net is live, but so is 1 mx.evil.example, which no stack declares: senders deliver to every MX of example.com, so the live set must equal the synthesized one (10 mx1.example.net, 20 mx2.example.net): delete it, or declare it in the config",
      );
    });

    test("passes a live set equal to the synthesized one, whatever the case and trailing dot", () => {
      const values = [
        { value: "MX1.example.net.", priority: 10 },
        { value: "mx2.example.net", priority: 20 },
      ];
      expect(inbound.map((r) => evaluateRecord(r, live("example.com", values), [], inbound).status)).toEqual(["pass", "pass"]);
      expect(evaluateRecord(nullMx, live(nullMx.name, [{ value: "", priority: 0 }]), [], [nullMx]).status).toBe("pass");
    });
  });

  test.each([
    ["mail.example.com", "v=spf1 include:amazonses.com -all", "v=spf1 +all", "RFC 7208 4.5"],
    ["_dmarc.example.com", "v=DMARC1; p=reject", "v=DMARC1; p=none", "RFC 7489 6.6.3"],
    ["_dmarc.example.com", "v=DMARC1; p=reject", "v = DMARC1 ; p=none", "RFC 7489 6.6.3"],
    // Counted as mailauth counts them (trimmed, any case), as config validation does (single-txt.ts).
    ["_dmarc.example.com", "v=DMARC1; p=reject", "v=dmarc1; p=none", "RFC 7489 6.6.3"],
    ["_dmarc.example.com", "v=DMARC1; p=reject", " v=DMARC1; p=none", "RFC 7489 6.6.3"],
    ["_mta-sts.example.com", "v=STSv1; id=20240101", "v=STSv1; id=1", "RFC 8461 3.1"],
    ["_mta-sts.example.com", "v=STSv1; id=20240101", "v=stsv1; id=1", "RFC 8461 3.1"],
    ["_mta-sts.example.com", "v=STSv1; id=20240101", " v=STSv1; id=1", "RFC 8461 3.1"],
    ["_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com", "v=tlsrptv1; rua=mailto:x@evil.example", "RFC 8460 3"],
    ["mail.example.com", "v=spf1 include:amazonses.com -all", " V=SPF1 +all", "RFC 7208 4.5"],
    ["_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com", "v=TLSRPTv1; rua=mailto:x@evil.example", "RFC 8460 3"],
  ])("fails when %s holds a second record of the kind of %j beside it: %j", (name, value, second, rule) => {
    const txt = { stack: "email-production", name, type: "TXT" as const, value };
    const r = evaluateRecord(txt, { name, type: "TXT", values: [{ value: "google-site-verification=x" }, { value }, { value: second }] });
    expect(r.status).toBe("fail");
    expect(r.detail).toContain(
      `2 ${value.split(/[ ;]/)[0]} records live at ${name}: the synthesized one and ${JSON.stringify(second)}; ${rule}`,
    );
  });

  test("other TXT records beside an SPF or DMARC record, and look-alikes of another kind, pass", () => {
    const spf = { stack: "email-production", name: "mail.example.com", type: "TXT" as const, value: "v=spf1 include:amazonses.com -all" };
    const values = ["v=spf1 include:amazonses.com -all", "v=spf10 +all", "spf2.0/pra", "v=DMARC1; p=none", "verification=1"];
    expect(evaluateRecord(spf, { name: spf.name, type: "TXT", values: values.map((value) => ({ value })) }).status).toBe("pass");
    const dmarc = { stack: "email-production", name: "_dmarc.example.com", type: "TXT" as const, value: "v=DMARC1; p=reject" };
    // Not a version tag receivers take for DMARC1 (mailauth: /^v=DMARC1\b/i): "v=DMARC10", a tag later on.
    const others = ["v=DMARC10; p=none", "p=none; v=DMARC1", "verification=1"].map((value) => ({ value }));
    expect(evaluateRecord(dmarc, { name: dmarc.name, type: "TXT", values: [{ value: dmarc.value }, ...others] }).status).toBe("pass");
  });

  test("fails a record that does not resolve, naming the error", () => {
    const txt = { stack: "email-production", name: "_dmarc.example.com", type: "TXT" as const, value: "v=DMARC1; p=reject" };
    expect(evaluateRecord(txt, { name: txt.name, type: "TXT", values: [], error: "ENOTFOUND" }).detail).toMatch(
      /lookup failed \(ENOTFOUND\)/,
    );
  });
});
