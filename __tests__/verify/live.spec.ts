import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { startDnsServer, type TestDnsServer } from "../helpers/dns-server";
import { createTestCa, issueLeaf, type TestCert } from "../helpers/test-ca";
import { EDGE_CSP, startFakeEdge, type EdgeFaults, type FakeEdge } from "./fake-edge";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DKIM_TOKENS,
  DMARC,
  golive,
  HOSTS,
  LiveReport,
  liveArgs,
  liveRecords,
  makeProject,
  TOKEN_ENV,
  terraformOutputJson,
  writeRecordsSynth,
} from "./fixtures";

type Report = LiveReport;

let dns: TestDnsServer;
let edge: FakeEdge;
let cwd: string;
let good: TestCert;
let nearExpiry: TestCert;
let expired: TestCert;
let rogue: TestCert;

const modern = (cert: TestCert) => ({ key: cert.keyPem, cert: cert.certPem, minVersion: "TLSv1.2" as const });

beforeAll(async () => {
  const ca = createTestCa();
  good = issueLeaf(ca, { hosts: HOSTS });
  nearExpiry = issueLeaf(ca, { hosts: HOSTS, notAfterDays: 5 });
  expired = issueLeaf(ca, { hosts: HOSTS, notBeforeDays: -60, notAfterDays: -2 });
  rogue = issueLeaf(createTestCa("unknown CA"), { hosts: HOSTS });
  cwd = makeProject(ca.certPem);
  dns = await startDnsServer(liveRecords());
  edge = await startFakeEdge(modern(good));
});

afterAll(async () => {
  await Promise.all([edge?.close(), dns?.close()]);
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

beforeEach(() => {
  edge.setFaults({});
  edge.setTls(modern(good));
  dns.records = liveRecords();
});

/** Latency is not under test in the fault tests: a loaded CI machine must not add a second failure. */
const RELAXED_LATENCY = ["--p95-bar-ms", "5000"];

function args(format: "json" | "text" = "json", extra: readonly string[] = []): string[] {
  return liveArgs({ dns: dns.port, https: edge.httpsPort, http: edge.httpPort }, format, extra);
}

async function verify(extra: readonly string[] = RELAXED_LATENCY): Promise<{ code: number; report: Report }> {
  const run = await golive(cwd, args("json", extra), TOKEN_ENV);
  return { code: run.code, report: LiveReport.parse(JSON.parse(run.stdout)) };
}

function failing(report: Report): string[] {
  return [...new Set(report.results.filter((r) => r.status === "fail").map((r) => r.check))].sort();
}

function failures(report: Report, check: string): string[] {
  return report.results.filter((r) => r.status === "fail" && r.check === check).map((r) => `${r.target}: ${r.detail}`);
}

async function withFaults(faults: EdgeFaults, extra?: readonly string[]): Promise<{ code: number; report: Report }> {
  edge.setFaults(faults);
  return verify(extra);
}

test("a correctly configured edge passes every live check (exit 0)", async () => {
  const { code, report } = await verify([]);
  expect(failing(report)).toEqual([]);
  expect(code).toBe(0);
  const checks = new Set(report.results.filter((r) => r.status === "pass").map((r) => r.check));
  for (const id of [
    "tls.version",
    "tls.legacy-refused",
    "tls.chain",
    "tls.expiry",
    "http.https-redirect",
    "redirect.canonical",
    "redirect.config",
    "headers.hsts",
    "headers.nosniff",
    "headers.frame",
    "headers.csp",
    "headers.referrer-policy",
    "headers.permissions-policy",
    "auth.unauthenticated",
    "cors.preflight",
    "cors.get",
    "dns.record",
    "latency.p95",
  ]) {
    expect(checks).toContain(id);
  }
  // Every reachable name got a TLS check, every synthesized literal record a DNS check.
  expect(
    report.results
      .filter((r) => r.check === "tls.chain")
      .map((r) => r.target)
      .sort(),
  ).toEqual([...HOSTS].sort());
  expect(
    report.results
      .filter((r) => r.check === "dns.record" && r.status === "pass")
      .map((r) => r.target)
      .sort(),
  ).toEqual([
    "CNAME sel1._domainkey.example.com",
    "MX mail.example.com",
    "TXT _dmarc.example.com",
    "TXT example.com",
    "TXT mail.example.com",
  ]);
  expect(report.latency.samples).toBe(5);
});

test("the text report says GO and lists the DKIM CNAMEs as skipped, saying how to check them (no silent pass)", async () => {
  const run = await golive(cwd, args("text", RELAXED_LATENCY), TOKEN_ENV);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/GO: every live check passed/);
  for (const i of [0, 1, 2]) {
    expect(run.stdout).toContain(
      `SKIP  dns.record                  CNAME <dkim_tokens[${i}]>._domainkey.example.com: DKIM CNAME check skipped: dkim_tokens[${i}] known only after apply (stack email-production), unverifiable without it; check it with --values FILE (terraform output -json of email-production, as golive zone takes)`,
    );
  }
  expect(run.stdout).toMatch(/GO: every live check passed \(\d+ passed, 0 failed, \d+ unverifiable\)/);
  expect(run.stdout).toMatch(/latency: p50 \d+ ms, p95 \d+ ms, max \d+ ms over 5 requests/);
});

test("with --values, each DKIM CNAME must point at <token>.dkim.amazonses.com: missing and wrong fail, right passes", async () => {
  writeFileSync(join(cwd, "email-outputs.json"), terraformOutputJson());
  const [right, wrong] = DKIM_TOKENS;
  dns.records = [
    ...liveRecords(),
    { name: `${right}._domainkey.example.com`, type: "CNAME", value: `${right}.dkim.amazonses.com` },
    { name: `${wrong}._domainkey.example.com`, type: "CNAME", value: `${wrong}.dkim.eu-west-1.amazonses.com` },
    // the third token has no CNAME at all
  ];
  const { code, report } = await verify([...RELAXED_LATENCY, "--values", "email-outputs.json"]);
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["dns.record"]);
  const dkim = report.results.filter((r) => r.target.includes("._domainkey.") && !r.target.includes("sel1"));
  expect(dkim.map((r) => `${r.status} ${r.target}`)).toEqual([
    "pass CNAME tok0abc._domainkey.example.com",
    "fail CNAME tok1def._domainkey.example.com",
    "fail CNAME tok2ghi._domainkey.example.com",
  ]);
  expect(dkim[0]?.detail).toBe('live and equal to stack email-production: "tok0abc.dkim.amazonses.com"');
  expect(dkim[1]?.detail).toBe(
    'live "tok1def.dkim.eu-west-1.amazonses.com"; synthesized (stack email-production) "tok1def.dkim.amazonses.com"',
  );
  expect(dkim[2]?.detail).toMatch(
    /^lookup failed \((ENOTFOUND|ENODATA)\); expected "tok2ghi\.dkim\.amazonses\.com"; the record is not published: apply stack email-production \(cdktf deploy email-production\), which declares it; golive zone production prints every record/,
  );
});

test("fails tls.legacy-refused when the edge accepts TLS 1.1", async () => {
  edge.setTls({ key: good.keyPem, cert: good.certPem, minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" });
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["tls.legacy-refused"]);
  expect(failures(report, "tls.legacy-refused")).toHaveLength(HOSTS.length);
  expect(failures(report, "tls.legacy-refused")[0]).toMatch(/accepted a TLSv1\.1 handshake/);
});

test("fails tls.expiry (and tls.chain) when the certificate has expired", async () => {
  edge.setTls(modern(expired));
  const { code, report } = await verify();
  expect(code).toBe(1);
  // The latency probe carries the service token, so it needs a verified connection too: never sent.
  expect(failing(report)).toEqual(["latency.p95", "tls.chain", "tls.expiry"]);
  expect(edge.requests.filter((r) => r.clientSecret !== undefined)).toEqual([]);
  expect(failures(report, "tls.expiry")[0]).toMatch(/certificate expired on/);
  expect(failures(report, "tls.chain")[0]).toMatch(/CERT_HAS_EXPIRED/);
});

test("fails tls.expiry alone when the certificate expires within 21 days", async () => {
  edge.setTls(modern(nearExpiry));
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["tls.expiry"]);
  expect(failures(report, "tls.expiry")[0]).toMatch(/in \d days; needs more than 21/);
});

test("fails tls.chain when the certificate comes from an unknown CA", async () => {
  edge.setTls(modern(rogue));
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["latency.p95", "tls.chain"]);
  expect(failures(report, "tls.chain")[0]).toMatch(
    /not trusted: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
  );
  // Whoever answers with an untrusted certificate never gets the Access service token.
  expect(failures(report, "latency.p95")[0]).toMatch(
    /: no verified TLS connection to chat\.example\.com at 127\.0\.0\.1 \(.+\): the service token was not sent$/,
  );
  expect(edge.requests.filter((r) => r.clientSecret !== undefined)).toEqual([]);
});

test("fails http.https-redirect when plain HTTP serves the page", async () => {
  const { code, report } = await withFaults({ noHttpsRedirect: true });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["http.https-redirect"]);
  expect(failures(report, "http.https-redirect")[0]).toMatch(/answered 200; expected 301\/308 to https:\/\//);
});

test("fails redirect.canonical and redirect.config when the edge drops the query string", async () => {
  const { code, report } = await withFaults({ dropQuery: true });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["redirect.canonical", "redirect.config"]);
  for (const detail of [...failures(report, "redirect.canonical"), ...failures(report, "redirect.config")])
    expect(detail).toMatch(/, dropping the query string \(golive-verify=1\); expected https:\/\/\S+ with the query kept/);
});

test("fails headers.hsts when Strict-Transport-Security is missing", async () => {
  const { code, report } = await withFaults({ noHsts: true });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["headers.hsts"]);
  expect(failures(report, "headers.hsts")).toHaveLength(3);
});

test("fails headers.frame and headers.csp when the live CSP lets any site frame the page and differs from the config", async () => {
  const { code, report } = await withFaults({ csp: "default-src *; frame-ancestors *" });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["headers.csp", "headers.frame"]);
  // X-Frame-Options: DENY is still sent, but browsers ignore it once frame-ancestors is set.
  expect(failures(report, "headers.frame")[0]).toMatch(/: CSP frame-ancestors \*: \* lets other sites frame the page/);
  expect(failures(report, "headers.csp")[0]).toContain(
    `differs from edge.securityHeaders.contentSecurityPolicy ("${EDGE_CSP}"): base-uri missing (configured "'self'"); default-src is "*", configured "'self'"; frame-ancestors is "*", configured "'none'"; object-src missing (configured "'none'")`,
  );
});

test("fails headers.nosniff when X-Content-Type-Options is missing", async () => {
  const { code, report } = await withFaults({ noNosniff: true });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["headers.nosniff"]);
});

test("fails auth.unauthenticated when an API path answers 200 with data", async () => {
  const { code, report } = await withFaults({ openApi: true });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["auth.unauthenticated"]);
  expect(failures(report, "auth.unauthenticated")).toEqual([
    expect.stringMatching(/^GET https:\/\/chat\.example\.com:\d+\/api\/chat: answered 200 with \d+ bytes .*quarterly numbers/),
  ]);
});

test("fails auth.unauthenticated when a hostname behind Access redirects to a login that is not Access's", async () => {
  const { code, report } = await withFaults({ loginLocation: "https://evil.example/login?next=%2Fapi%2Fchat" });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["auth.unauthenticated"]);
  const failed = failures(report, "auth.unauthenticated");
  // Every protected path of both hostnames behind Access; the public apex is not probed at /.
  expect(failed.length).toBeGreaterThanOrEqual(2);
  expect(new Set(failed.map((f) => new URL(f.split(": ")[0]?.replace(/^GET /, "") ?? "").hostname))).toEqual(
    new Set(["chat.example.com", "api.example.com"]),
  );
  expect(failed[0]).toContain(
    "redirects to https://evil.example/login?next=%2Fapi%2Fchat, not to the Cloudflare Access login (https://<team>.cloudflareaccess.com/... or /cdn-cgi/access/login on",
  );
});

test("fails cors.preflight and cors.get when the foreign origin is echoed with credentials", async () => {
  const { code, report } = await withFaults({ corsEcho: true });
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["cors.get", "cors.preflight"]);
  expect(failures(report, "cors.preflight")[0]).toMatch(/https:\/\/evil\.example is echoed .* with Access-Control-Allow-Credentials: true/);
});

test("fails dns.record when the live DMARC record differs from the synthesized one", async () => {
  dns.records = liveRecords().map((r) => (r.name === "_dmarc.example.com" ? { ...r, value: "v=DMARC1; p=none" } : r));
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["dns.record"]);
  expect(failures(report, "dns.record")).toEqual([
    `TXT _dmarc.example.com: live "v=DMARC1; p=none"; synthesized (stack email-production) ${JSON.stringify(DMARC)}`,
  ]);
});

test("fails dns.record when a second SPF record is live beside the synthesized one", async () => {
  dns.records = [...liveRecords(), { name: "mail.example.com", type: "TXT", value: "v=spf1 +all" }];
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["dns.record", "spf.evaluation"]);
  expect(failures(report, "spf.evaluation")).toEqual([
    "TXT mail.example.com: permerror: mail.example.com has 2 SPF records, a permerror (RFC 7208 4.5): delete all but one",
  ]);
  expect(failures(report, "dns.record")).toEqual([
    `TXT mail.example.com: 2 v=spf1 records live at mail.example.com: the synthesized one and "v=spf1 +all"; RFC 7208 4.5: two SPF records are a permerror, so receivers treat SPF as failing: delete all but the one stack email-production declares`,
  ]);
});

// The auditor's case: the SPF record is live as synthesized, but what its include reaches costs more
// than RFC 7208 allows; config validation can only guess at a provider's record, verify walks it live.
test("fails spf.evaluation, not dns.record, when the live record of an include chains past 10 lookups", async () => {
  const chained = Array.from({ length: 10 }, (_, i) => `include:c${i + 1}.example.org`).join(" ");
  dns.records = [
    ...liveRecords().filter((r) => r.name !== "amazonses.com"),
    { name: "amazonses.com", type: "TXT", value: `v=spf1 ${chained} -all` },
    ...Array.from({ length: 10 }, (_, i) => ({ name: `c${i + 1}.example.org`, type: "TXT" as const, value: "v=spf1 -all" })),
  ];
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["spf.evaluation"]);
  expect(failures(report, "spf.evaluation")).toEqual([
    "TXT mail.example.com: permerror: include:amazonses.com -> include:c10.example.org: 11 DNS lookups, more than the 10 RFC 7208 4.6.4 allows",
  ]);
});

test("passes spf.evaluation with the lookups counted when the include's live record is within the limits", async () => {
  const { report } = await verify();
  expect(report.results.filter((r) => r.check === "spf.evaluation").map((r) => `${r.status} ${r.target}: ${r.detail}`)).toEqual([
    "pass TXT mail.example.com: evaluated live: 1 of 10 DNS lookups, 0 of 2 void lookups",
  ]);
});

test("fails latency.p95 when slow answers push p95 over 500 ms", async () => {
  const { code, report } = await withFaults({ slowMs: 600, slowCount: 2 }, []);
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["latency.p95"]);
  expect(report.latency.p95Ms).toBeGreaterThanOrEqual(600);
});

test("fails resolve and probes nothing there when --loopback-only meets a non-loopback address", async () => {
  dns.records = liveRecords().map((r) => (r.name === "api.example.com" && r.type === "A" ? { ...r, value: "192.0.2.10" } : r));
  const { code, report } = await verify();
  expect(code).toBe(1);
  expect(failing(report)).toEqual(["resolve"]);
  expect(failures(report, "resolve")).toEqual([
    expect.stringMatching(/api\.example\.com resolves to 192\.0\.2\.10, not a loopback address; not probed/),
  ]);
  expect(report.results.filter((r) => r.target.includes("api.example.com") && r.check !== "resolve")).toEqual([]);
});

test("--json names the synth folder it read as messages show paths: relative inside the working directory, else absolute", async () => {
  const outside = mkdtempSync(join(tmpdir(), "golive-verify-records-"));
  try {
    writeRecordsSynth(outside);
    for (const [dir, shown] of [
      [[], "cdktf.out"],
      [["--dir", join(cwd, "cdktf.out")], "cdktf.out"],
      [["--dir", outside], outside],
    ] as const) {
      const { code, report } = await verify([...RELAXED_LATENCY, ...dir]);
      expect({ code, recordsFrom: report.recordsFrom }).toEqual({ code: 0, recordsFrom: shown });
    }
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test("without synth output for the environment it synthesizes first and checks those stacks' records", async () => {
  // A folder without the environment's stacks (a --dir that is no folder at all is refused: read-path-flags.spec.ts).
  mkdirSync(join(cwd, "no-synth-here"), { recursive: true });
  const { code, report } = await verify([...RELAXED_LATENCY, "--dir", "no-synth-here"]);
  expect(code).toBe(0);
  expect(report.recordsFrom).toMatch(/fresh synth/);
  // The edge-only example config synthesizes one literal, unproxied record: the site-verification TXT.
  expect(report.results.filter((r) => r.check === "dns.record").map((r) => `${r.status} ${r.target}`)).toEqual(["pass TXT example.com"]);
});
