import { golive } from "../helpers/cli";
import { type FakeRecord, type FakeZone, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report, TOKEN } from "./harness";

// email-production attaches its MTA-STS Worker (opsbot-production-mta-sts) to mta-sts.example.com as a
// Workers custom domain, which Cloudflare refuses on a name with other DNS records (100117) or another
// Worker's custom domain (100116).
const HOST = "mta-sts.example.com";
const WORKER = "opsbot-production-mta-sts";
// The record a custom domain makes for its hostname: a proxied AAAA 100:: marked with its Worker.
const workerRecord = (id: string): FakeRecord => ({
  id,
  name: HOST,
  type: "AAAA",
  content: "100::",
  meta: { origin_worker_id: hex("7"), read_only: true },
});

const h = preflightHarness();
const { serve, reads } = h;
// The zone adopted read-only by id: nothing but the mta-sts host can block.
const adopted = (z: Omit<FakeZone, "name">): Promise<unknown> => {
  h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
  return serve({ name: "example.com", ...z });
};
const customDomainFindings = (stdout: string) => report(stdout).findings.filter((f) => f.check === "custom-domain");

describe("preflight: what already holds mta-sts.<domain>, where the email stack attaches its Worker", () => {
  test("fails on an A record at the MTA-STS host: names it and says to delete it", async () => {
    // In-process: preflight.spec.ts spawns bin/golive.js preflight; this finding does not depend on the process.
    await adopted({ records: [{ id: hex("a"), name: HOST, type: "A", content: "203.0.113.44" }] });
    const r = await golive(["preflight", "production", "--api-base-url", h.api().baseUrl], {
      cwd: h.fx().dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `fix\\s+custom-domain\\s+mta-sts\\.example\\.com A: exists \\(${hex("a")}, 203\\.0\\.113\\.44\\), and email-production attaches its Worker ${WORKER} to mta-sts\\.example\\.com as a custom domain, which Cloudflare refuses on a name that already has DNS records \\(error 100117; the provider has no override\\): delete it, or the apply of email-production fails`,
      ),
    );
    expect(r.stdout).toContain("Result: 1 to fix by hand.");
    expect(r.stdout).not.toContain(TOKEN);
  });

  test("fails on a CNAME at the MTA-STS host, after asking whose custom domain the name is", async () => {
    await adopted({ records: [{ id: hex("b"), name: HOST, type: "CNAME", content: "mta-sts.hosting.example" }] });
    const r = await h.run(["--json"]);
    expect(r.code).toBe(1);
    expect(report(r.stdout).blocking).toEqual([
      expect.objectContaining({
        check: "custom-domain",
        subject: "mta-sts.example.com CNAME",
        message: expect.stringContaining(`exists (${hex("b")}, mta-sts.hosting.example)`),
      }),
    ]);
    const query = h.api().requests.find((q) => q.path.endsWith("/workers/domains"))?.query;
    expect(query).toContain(`hostname=${HOST}`);
  });

  test("fails when the host is another Worker's custom domain: names that Worker, not its record", async () => {
    await adopted({
      records: [workerRecord(hex("c"))],
      workerDomains: [{ id: hex("d"), hostname: HOST, service: "legacy-policy-site" }],
    });
    const r = await h.run(["--json"]);
    expect(r.code).toBe(1);
    expect(customDomainFindings(r.stdout)).toEqual([
      {
        check: "custom-domain",
        severity: "fix",
        subject: HOST,
        message: expect.stringMatching(
          /^is a custom domain of the Worker legacy-policy-site \(d{32}\), and Cloudflare refuses to attach email-production's Worker opsbot-production-mta-sts to it \(error 100116; the provider has no override\): remove it from legacy-policy-site/,
        ),
      },
    ]);
  });

  test("golive's own Worker from an earlier apply is no finding to fix", async () => {
    await adopted({
      records: [workerRecord(hex("c"))],
      workerDomains: [{ id: hex("d"), hostname: HOST, service: WORKER }],
    });
    const r = await h.run(["--json"]);
    expect(r.code).toBe(0);
    expect(report(r.stdout).ok).toBe(true);
    expect(customDomainFindings(r.stdout)).toEqual([
      expect.objectContaining({ severity: "info", message: `served by golive's Worker ${WORKER} (an earlier apply of email-production)` }),
    ]);
  });

  test("a token without Workers Scripts Read: a Worker's record there is a fix saying what to grant, not a failed run", async () => {
    await adopted({ records: [workerRecord(hex("c")), { id: hex("e"), name: HOST, type: "TXT", content: '"verify=1"' }] });
    h.api().fail(/^GET \/accounts\/[0-9a-f]{32}\/workers\/domains$/, [{ status: 403 }]);
    const r = await h.run(["--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const [made, other] = customDomainFindings(r.stdout);
    expect(made).toMatchObject({ subject: "mta-sts.example.com AAAA", severity: "fix" });
    expect(made?.message).toMatch(
      /made by a Worker's custom domain, and preflight cannot tell whose: the token lacks Account: Workers Scripts Read; grant it and run preflight again/,
    );
    expect(other).toMatchObject({ subject: "mta-sts.example.com TXT", severity: "fix" });
    expect(other?.message).toContain(`exists (${hex("e")}, "verify=1"), and email-production attaches its Worker`);
  });

  test("nothing at the host: no finding, and no Workers permission is needed (the custom domains are not read)", async () => {
    await adopted({ records: [{ id: hex("f"), name: "status.example.com", type: "A", content: "203.0.113.9" }] });
    const r = await h.run(["--json"]);
    expect(r.code).toBe(0);
    expect(customDomainFindings(r.stdout)).toEqual([]);
    expect(reads().some((q) => q.includes("/workers/"))).toBe(false);
  });
});
