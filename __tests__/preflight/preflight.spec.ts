import { existsSync, readFileSync } from "node:fs";
import { golive } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { assess } from "../../lib/engines/preflight/assess";
import { type Expected, NOTHING_EXPECTED } from "../../lib/engines/preflight/expected";
import type { Observed } from "../../lib/engines/preflight/observed";
import { ACCOUNT_ID, type FakeRecord, type FakeZone, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report, TOKEN } from "./harness";

const ZONE: FakeZone = { name: "example.com" };

const h = preflightHarness();
const { serve, adoptFile, readAdopt, reads } = h;
const preflight = h.run;

describe("golive preflight against a local stand-in of the Cloudflare API", () => {
  test("fresh zone: says the first apply creates it on the configured plan, reads nothing else of it, writes nothing", async () => {
    await serve(undefined);
    const r = await preflight(["--write"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("zone example.com not found");
    expect(r.stdout).toMatch(/example\.com: does not exist yet: the first apply of edge-production creates it on pro/);
    expect(r.stdout).toContain("Result: nothing blocks the first apply.");
    // The Zero Trust organization is the account's: read whether or not the zone exists.
    expect(reads()).toEqual(["GET /zones", `GET /accounts/${ACCOUNT_ID}/access/organizations`]);
    expect(h.api().requests[0]?.query).toContain("name=example.com");
    expect(h.api().requests.every((q) => q.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(existsSync(adoptFile())).toBe(false);
    expect(r.stdout).not.toContain(TOKEN);
  });

  test("adopted zone on a lower plan than config: a fix naming both plans, read by its pinned id", async () => {
    h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
    await serve({ ...ZONE, plan: "free", status: "active", dnssec: { status: "active" } });
    const r = await preflight(["--json"]);
    expect(r.code).toBe(1);
    const json = report(r.stdout);
    expect(json.ok).toBe(false);
    expect(json.zone).toMatchObject({ exists: true, plan: "free" });
    expect(json.blocking).toEqual([
      expect.objectContaining({
        check: "plan",
        severity: "fix",
        message: expect.stringMatching(/on free, below cloudflare\.plan pro.*upgrade the zone/),
      }),
    ]);
    expect(reads()[0]).toBe(`GET /zones/${ZONE_ID}`);
    expect(reads()).not.toContain("GET /zones");
    // Nothing to adopt on a zone config adopts read-only and that holds nothing golive would create.
    expect(json.adoptFile.state).toBe("absent");
  });

  test("existing zone config would create, on Free: adopted with --write, its plan raised by the first apply", async () => {
    await serve({ ...ZONE, plan: "free", status: "pending" });
    const before = await preflight();
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/adopt\s+zone\s+example\.com: exists \((?:0a)+\) but config would create it/);
    expect(before.stdout).toMatch(/info\s+plan\s+example\.com: on free; the first apply subscribes it to pro/);
    expect(before.stdout).toMatch(
      /name-servers\s+example\.com: zone pending: set the domain's name servers at the registrar to ada\.ns\.cloudflare\.com, bob\.ns\.cloudflare\.com \(now ns1\.registrar\.example/,
    );
    expect(before.stdout).toMatch(/DNSSEC disabled: the first apply of edge-production enables it/);
    const after = await preflight(["--write"]);
    expect(after.code).toBe(0);
    expect(readAdopt().zone).toEqual({ name: "example.com", id: ZONE_ID, import: true, importSubscription: false });
  });

  test("existing entry-point rulesets: adopt each of golive's phases, skip managed and golive's own; --write records them, a rerun is quiet", async () => {
    await serve({
      ...ZONE,
      dnssec: { status: "pending", ds: "example.com. 3600 IN DS 2371 13 2 0123ABCD" },
      rulesets: [
        { id: hex("1"), kind: "zone", phase: "http_request_firewall_custom", name: "default" },
        { id: hex("2"), kind: "zone", phase: "http_ratelimit", name: "Rate limits from the dashboard" },
        { id: hex("3"), kind: "managed", phase: "http_request_firewall_managed", name: "Cloudflare Managed Ruleset" },
        {
          id: hex("4"),
          kind: "zone",
          phase: "http_response_headers_transform",
          name: "golive security headers",
          description: "golive: http_response_headers_transform entry point",
        },
        { id: hex("5"), kind: "zone", phase: "http_request_late_transform", name: "a phase golive does not use" },
      ],
    });
    const first = await preflight(["--json"]);
    expect(first.code).toBe(1);
    const json = report(first.stdout);
    const rulesets = json.findings.filter((f) => f.check === "ruleset");
    expect(rulesets.filter((f) => f.severity === "adopt").map((f) => f.subject)).toEqual([
      "http_request_firewall_custom",
      "http_ratelimit",
    ]);
    // What the first plan shows: an import updated in place, never a replacement (the name is kept: phase-ruleset.ts).
    expect(rulesets.find((f) => f.subject === "http_ratelimit")?.message).toMatch(
      /the first plan imports it and updates it in place \(it keeps its id and name "Rate limits from the dashboard"\), replacing its rules with golive's, so review them first/,
    );
    expect(rulesets.find((f) => f.subject === "http_response_headers_transform")?.severity).toBe("info");
    expect(rulesets.some((f) => f.subject === "http_request_late_transform")).toBe(false);
    expect(json.adoptFile.state).toBe("missing");
    expect(json.zone.dnssec).toEqual({ status: "pending", ds: "example.com. 3600 IN DS 2371 13 2 0123ABCD" });
    expect(json.findings.find((f) => f.check === "dnssec")?.message).toContain(
      "add the DS record at the registrar, after the name servers: example.com. 3600 IN DS 2371 13 2 0123ABCD",
    );
    // golive's own ruleset marks the zone as deployed by golive: no zone import.
    const written = await preflight(["--write"]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/Wrote config\/adopt\/production\.json \(2 ruleset\(s\)\)/);
    expect(readAdopt()).toMatchObject({
      version: 1,
      environment: "production",
      zone: { id: ZONE_ID, import: false, importSubscription: false },
      rulesets: { http_ratelimit: hex("2"), http_request_firewall_custom: hex("1") },
      records: [],
    });
    const text = readFileSync(adoptFile(), "utf8");
    const again = await preflight();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("config/adopt/production.json is up to date");
    expect(readFileSync(adoptFile(), "utf8")).toBe(text);
    expect(h.fx().read()).not.toContain("adopt"); // the user's YAML is never touched
    expect(h.api().requests.every((q) => q.method === "GET")).toBe(true);
  });

  test("colliding records: adopts the same and the slot holders, refuses what cannot be adopted, ignores golive's own and unrelated ones", async () => {
    const records: FakeRecord[] = [
      { id: hex("a"), name: "example.com", type: "TXT", content: '"google-site-verification=EXAMPLE-not-a-real-token"' },
      { id: hex("b"), name: "chat.example.com", type: "A", content: "203.0.113.5" },
      { id: hex("c"), name: "chat.example.com", type: "AAAA", content: "2001:db8::5" },
      { id: hex("d"), name: "api.example.com", type: "A", content: "198.51.100.7" },
      { id: hex("e"), name: "_dmarc.example.com", type: "TXT", content: '"v=DMARC1; p=none"' },
      { id: hex("f"), name: "example.com", type: "TXT", content: '"some-other-verification=1"' },
      { id: hex("9"), name: "www.example.com", type: "AAAA", content: "100::", comment: "golive: redirect-only name" },
    ];
    await serve({
      ...ZONE,
      records,
      rulesets: [{ id: hex("4"), kind: "zone", phase: "http_ratelimit", name: "x", description: "golive: x" }],
    });
    const r = await preflight(["--json", "--write"]);
    expect(r.code).toBe(1); // two records only a person can resolve
    const json = report(r.stdout);
    const bySubject = (s: string) => json.findings.filter((f) => f.subject === s);
    expect(bySubject("example.com TXT").map((f) => f.severity)).toContain("adopt");
    expect(bySubject("chat.example.com A")).toEqual([
      expect.objectContaining({
        severity: "adopt",
        message: expect.stringContaining("holding 203.0.113.5: --write adopts it, and the first apply changes it"),
      }),
    ]);
    expect(bySubject("chat.example.com AAAA")).toEqual([
      expect.objectContaining({ severity: "fix", message: expect.stringContaining("would keep answering") }),
    ]);
    expect(bySubject("api.example.com CNAME")).toEqual([
      expect.objectContaining({ severity: "fix", message: expect.stringContaining("a CNAME cannot share its name") }),
    ]);
    expect(json.blocking.map((f) => f.subject).sort()).toEqual(["api.example.com CNAME", "chat.example.com AAAA"]);
    const adopted = (readAdopt().records as { key: string; id: string; stack: string }[]).map((x) => `${x.stack}:${x.id}`);
    expect(adopted.sort()).toEqual([`edge:${hex("a")}`, `edge:${hex("b")}`, `email:${hex("e")}`].sort());
    expect(JSON.stringify(readAdopt())).not.toContain(hex("f"));
    expect(JSON.stringify(readAdopt())).not.toContain(hex("9"));
  });

  test("fails fast on 401: one request, names the token and the permission, never prints it", async () => {
    await serve(ZONE);
    h.api().fail(/^GET \/zones$/, [{ status: 401 }, { status: 401 }, { status: 401 }]);
    const r = await preflight(["--json"]);
    expect(r.code).toBe(1);
    expect(h.api().requests).toHaveLength(1);
    expect(r.stderr).toContain(
      "reading the zone: the Cloudflare API refused the token (HTTP 401); CLOUDFLARE_API_TOKEN must be current and have Zone: Zone Read",
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: expect.stringContaining("CLOUDFLARE_API_TOKEN") });
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
  });

  test("a 403 on the rulesets names the ruleset read permission", async () => {
    await serve(ZONE);
    h.api().fail(/^GET \/zones\/[0-9a-f]{32}\/rulesets$/, [{ status: 403 }]);
    const r = await preflight();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("listing the zone's rulesets: the Cloudflare API refused the token (HTTP 403)");
    expect(r.stderr).toContain("Zone WAF Read");
  });

  test("429 on every try: bounded retries, then says to wait", async () => {
    await serve(ZONE);
    const limited = { status: 429, headers: { "retry-after-ms": "1" } };
    h.api().fail(/^GET \/zones$/, [limited, limited, limited, limited]);
    const r = await preflight([], { retries: 2 });
    expect(r.code).toBe(1);
    expect(h.api().requests).toHaveLength(3); // first try + --max-retries 2
    expect(r.stderr).toContain(
      "rate-limited by the Cloudflare API (HTTP 429) (after 2 retries); wait a few minutes and run preflight again",
    );
  });

  test("a 429 that clears is retried and the run completes", async () => {
    await serve({ ...ZONE, records: [{ id: hex("a"), name: "example.com", type: "TXT", content: '"unrelated"' }] });
    h.api().fail(/^GET \/zones\/[0-9a-f]{32}\/dns_records$/, [{ status: 429, headers: { "retry-after-ms": "1" } }]);
    const r = await preflight();
    expect(r.stderr).toBe("");
    expect(reads().filter((q) => q.endsWith("/dns_records"))).toHaveLength(2); // 429, page 1 (whole: it holds total_count)
  });

  test("5xx on every try: bounded retries, then points at Cloudflare's status", async () => {
    await serve(ZONE);
    const down = { status: 503, headers: { "retry-after-ms": "1" } };
    h.api().fail(/^GET \/zones\/[0-9a-f]{32}\/dnssec$/, [down, down]);
    const r = await preflight([], { retries: 1 });
    expect(r.code).toBe(1);
    expect(reads().filter((q) => q.endsWith("/dnssec"))).toHaveLength(2);
    expect(r.stderr).toContain("reading the zone's DNSSEC status: the Cloudflare API answered HTTP 503 (after 1 retry)");
    expect(r.stderr).toContain("cloudflarestatus.com");
  });

  test("a hanging API times out within the bound and says how to raise it", async () => {
    await serve(ZONE);
    h.api().fail(/^GET \/zones$/, ["hang"]);
    const started = Date.now();
    const r = await preflight([], { timeoutMs: 200, retries: 0 });
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(h.api().requests).toHaveLength(1);
    expect(r.stderr).toContain(
      "reading the zone: the Cloudflare API did not answer within 200 ms; check the network, or raise --timeout-ms",
    );
  });

  test("usage and environment errors: no token (2), bad base URL (2), no environment (2)", async () => {
    await serve(ZONE);
    const noToken = await golive(["preflight", "production", "--api-base-url", h.api().baseUrl], { cwd: h.fx().dir, env: {} });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain(
      "needs CLOUDFLARE_API_TOKEN in the environment (read-only is enough: Zone Read, DNS Read, Zone WAF Read on the zone; Account: Access: Organizations, Identity Providers, and Groups Read; and Account: Workers Scripts Read when a record holds mta-sts.<domain>)",
    );
    expect(h.api().requests).toHaveLength(0);
    const badUrl = await golive(["preflight", "production", "--api-base-url", "http://api.example.com"], {
      cwd: h.fx().dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("--api-base-url");
    const noEnv = await golive(["preflight"], { cwd: h.fx().dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
    expect(noEnv.code).toBe(2);
  });
});

describe("golive preflight as a process", () => {
  test("bin/golive.js preflight --write --json reads the stand-in through CLOUDFLARE_BASE_URL and writes the adopt file", async () => {
    await serve({
      ...ZONE,
      accountId: ACCOUNT_ID,
      rulesets: [{ id: hex("1"), kind: "zone", phase: "http_request_firewall_custom", name: "default" }],
    });
    const r = await h.spawn(["--write", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(report(r.stdout)).toMatchObject({ ok: true, adoptFile: { state: "written" } });
    expect(report(r.stdout).findings).toContainEqual(
      expect.objectContaining({ check: "zero-trust", severity: "ok", subject: `account ${ACCOUNT_ID}` }),
    );
    expect(readAdopt()).toMatchObject({
      zone: { import: true, importSubscription: true },
      rulesets: { http_request_firewall_custom: hex("1") },
    });
    expect(r.stdout).not.toContain(TOKEN);
  });
});

describe("preflight on cloudflare.plan free (no subscription is declared: provider issue #7083)", () => {
  const free = exampleConfig([
    [["cloudflare", "plan"], "free"],
    [["edge", "waf", "managed"], { cloudflare: false, owasp: false }],
    [["edge", "rateLimits"], undefined],
  ]);
  const none: Expected = NOTHING_EXPECTED;
  const zone = (plan: string): Observed => ({
    zone: { id: ZONE_ID, name: "example.com", plan, status: "active", nameServers: [], originalNameServers: [] },
    rulesets: [],
    records: [],
  });

  test("a new zone is created on free, with no subscription to bill", () => {
    expect(assess(free, none, { rulesets: [], records: [] }).findings[0]?.message).toMatch(
      /^does not exist yet: the first apply of edge-production creates it on free \(no subscription\); then set the name servers/,
    );
  });

  test("a new zone on enterprise names the account's Enterprise zone quota (API error 1257 without a slot)", () => {
    const enterprise = exampleConfig([[["cloudflare", "plan"], "enterprise"]]);
    expect(assess(enterprise, none, { rulesets: [], records: [] }).findings[0]?.message).toContain(
      "creates it on enterprise (cloudflare_zone_subscription, billed to account 0123456789abcdef0123456789abcdef; needs a free slot in the account's Enterprise zone quota)",
    );
  });

  test("an existing zone above free is adopted without its subscription, and its plan is left as it is", () => {
    const { findings, adoption } = assess(free, none, zone("pro"));
    expect(findings.find((f) => f.check === "plan")).toMatchObject({
      severity: "info",
      message: "on pro, above cloudflare.plan free: golive uses only what free allows",
    });
    expect(adoption?.zone).toEqual({ name: "example.com", id: ZONE_ID, import: true, importSubscription: false });
  });
});
