import { ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness } from "./harness";
import { deployRunbook, PREFLIGHT_TEXTS } from "./where-users-read";

// The example config's release.hostname is app.example.com: traffic-production puts its load balancer
// there and declares no DNS record of that name. Cloudflare serves the load balancer before an equally
// specific A, AAAA or CNAME, and serves those again when the load balancer is disabled ("DNS records for
// load balancing", developers.cloudflare.com/load-balancing/load-balancers/dns-records/).
const h = preflightHarness();

const FIX = "delete it: the load balancer replaces it, and it would answer again whenever the load balancer is disabled";

describe("preflight: a record at the load balancer's name (release.hostname)", () => {
  test("fails on an A record there: a fix naming the load balancer's stack, never 'nothing blocks'", async () => {
    h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
    await h.serve({ name: "example.com", records: [{ id: hex("a"), name: "app.example.com", type: "A", content: "198.51.100.20" }] });
    const r = await h.run();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /fix\s+record\s+app\.example\.com A: exists \(a{32}, 198\.51\.100\.20\) at the name of the load balancer traffic-production creates/,
    );
    expect(r.stdout).toContain(FIX);
    expect(r.stdout).toContain("Result: 1 to fix by hand.");
  });

  test("fails on an AAAA and on a CNAME there, one fix each; other types and golive's own records are left alone", async () => {
    const { code, json } = await h.recordsReport([
      { id: hex("b"), name: "app.example.com", type: "AAAA", content: "2001:db8::20" },
      { id: hex("c"), name: "APP.example.com.", type: "CNAME", content: "old-app.example.net" },
      { id: hex("d"), name: "app.example.com", type: "TXT", content: '"some-verification=1"' },
      { id: hex("e"), name: "app.example.com", type: "A", content: "198.51.100.21", comment: "golive: earlier apply" },
    ]);
    expect(code).toBe(1);
    expect(json.blocking).toEqual([
      {
        check: "record",
        severity: "fix",
        subject: "app.example.com AAAA",
        message: `exists (${hex("b")}, 2001:db8::20) at the name of the load balancer traffic-production creates (Cloudflare answers with the load balancer before it): ${FIX}`,
      },
      expect.objectContaining({ severity: "fix", subject: "APP.example.com. CNAME", message: expect.stringContaining(FIX) }),
    ]);
  });

  test("a config without a release section has no load balancer: an A record at app.example.com is not reported", async () => {
    h.fx().set(["release"], undefined);
    const { json } = await h.recordsReport([{ id: hex("f"), name: "app.example.com", type: "A", content: "198.51.100.20" }]);
    expect(json.zone.exists).toBe(true);
    expect(json.findings.filter((f) => f.subject.startsWith("app.example.com"))).toEqual([]);
  });
});

describe("where users read what preflight checks, it names a record at the load balancer's name", () => {
  test.each(PREFLIGHT_TEXTS)("%s says an A, AAAA or CNAME at release.hostname is reported", async (_, read) => {
    expect(await read()).toMatch(/A, AAAA or CNAME (records )?at (a load balancer's name \()?`?release\.hostname/);
  });

  test("the deploy runbook no longer says the load-balanced name has no DNS record until step 7", () => {
    const text = deployRunbook();
    expect(text).not.toContain("has no DNS record until step 7");
    expect(text).toContain("preflight reports a record already there as a fix");
  });
});
