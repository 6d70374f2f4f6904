import { ZONE_ID } from "./fake-zone-api";
import { preflightHarness, report, TOKEN } from "./harness";
import { PREFLIGHT_TEXTS } from "./where-users-read";

const h = preflightHarness();

/** The zone fixes of a --json report: what preflight says about the zone's type and pause. */
async function zoneFixes(): Promise<string[]> {
  const r = await h.run(["--json"]);
  return report(r.stdout)
    .blocking.filter((f) => f.check === "zone" && f.severity === "fix")
    .map((f) => f.message);
}

describe("preflight refuses a zone golive cannot hold as declared (type full, not paused)", () => {
  test("fails on a paused partial zone: both are fixes, exit 1, never 'nothing blocks'", async () => {
    await h.serve({ name: "example.com", paused: true, type: "partial", dnssec: { status: "active" } });
    const r = await h.run(["--write"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`zone example.com (${ZONE_ID}) on pro (config: pro), active, partial zone, paused`);
    expect(r.stdout).toMatch(/fix\s+zone\s+example\.com: is a partial zone, not full: golive needs a full zone/);
    expect(r.stdout).toContain('declares cloudflare_zone type "full", so its first apply would convert the zone in place or fail');
    expect(r.stdout).toMatch(/fix\s+zone\s+example\.com: is paused .*its first apply resumes the zone/);
    expect(r.stdout).not.toContain("nothing blocks the first apply");
    expect(r.stdout).not.toContain(TOKEN);
  });

  test("fails on a paused zone it would import: says the first apply resumes it and to resume it deliberately", async () => {
    await h.serve({ name: "example.com", paused: true });
    const fixes = await zoneFixes();
    expect(fixes).toEqual([expect.stringMatching(/^is paused \(Cloudflare answers its DNS only: no proxy, WAF or Access\)/)]);
    expect(fixes[0]).toContain("switching proxying, WAF and Access on at once for every proxied record");
    expect(fixes[0]).toContain("resume it deliberately in the dashboard");
  });

  test("fails on a paused zone pinned by cloudflare.zone.id: says it stays paused and golive's edge does nothing", async () => {
    h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
    await h.serve({ name: "example.com", paused: true });
    const fixes = await zoneFixes();
    expect(fixes).toEqual([expect.stringContaining("golive only reads it (cloudflare.zone.id), so it stays paused")]);
  });

  test("fails on a secondary zone, naming the zone transfer and another zone as the way out", async () => {
    await h.serve({ name: "example.com", type: "secondary" });
    const fixes = await zoneFixes();
    expect(fixes).toEqual([expect.stringMatching(/^is a secondary zone, not full: .*zone transfer.*or use another zone$/)]);
  });

  test("a full, unpaused zone gets no type or pause finding, and the JSON report names both", async () => {
    await h.serve({ name: "example.com" });
    const r = await h.run(["--json"]);
    expect(report(r.stdout).zone).toMatchObject({ exists: true, type: "full", paused: false });
    expect(report(r.stdout).findings.filter((f) => /paused|not full/.test(f.message))).toEqual([]);
  });
});

describe("where users read what preflight checks, it names the zone's type and pause", () => {
  test.each(PREFLIGHT_TEXTS)("%s says a zone that is not full, or is paused, is a fix", async (_, read) => {
    const text = await read();
    expect(text).toMatch(/full zone/);
    expect(text).toMatch(/partial or secondary/);
    expect(text).toMatch(/paused/);
  });
});
