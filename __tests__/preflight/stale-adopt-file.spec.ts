import { envelope } from "../helpers/fake-cloudflare";
import { type FakeRuleset, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report } from "./harness";
import { deployRunbook } from "./where-users-read";

// An adopt file --write recorded, then the zone changed (its WAF entry point made again, under a new id):
// `preflight --write` alone brings the file up to date, so the report counts it as --write's to do,
// never as "to fix by hand", and names it as every other message names a path (`golive --help`).
// In-process throughout: preflight.spec.ts is the one that spawns bin/golive.js.
const h = preflightHarness();

const waf = (id: string): FakeRuleset => ({ id, kind: "zone", phase: "http_request_firewall_custom", name: "default" });

async function staleAdoptFile(): Promise<void> {
  await h.serve({ name: "example.com", rulesets: [waf(hex("1"))] });
  expect((await h.run(["--write"])).code).toBe(0);
  h.api().answer(new RegExp(`^GET /zones/${ZONE_ID}/rulesets`), { body: envelope([waf(hex("2"))], { result_info: {} }) });
}

describe("preflight: an adopt file that no longer matches the zone is --write's to bring up to date", () => {
  test("reports it as to adopt, under the relative path, and --write clears it (exit 0 after)", async () => {
    await staleAdoptFile();
    const r = await h.run();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\n {2}adopt\s+zone\s+config\/adopt\/production\.json: holds imports that no longer match what Cloudflare holds .*: run golive preflight production --write\n/,
    );
    expect(r.stdout).not.toContain(h.fx().dir);
    expect(r.stdout).not.toContain("to fix by hand");
    expect(r.stdout).toMatch(/Result: \d+ to adopt \(--write\)\.\n$/);

    const written = await h.run(["--write"]);
    expect(written.code).toBe(0);
    expect(h.readAdopt()).toMatchObject({ rulesets: { http_request_firewall_custom: hex("2") } });
    expect((await h.run()).code).toBe(0);
  });

  test("--json gives the finding severity adopt, subject the path relative to the working directory", async () => {
    await staleAdoptFile();
    const json = report((await h.run(["--json"])).stdout);
    expect(json.adoptFile.state).toBe("stale");
    expect(json.blocking.filter((f) => f.message.startsWith("holds imports"))).toEqual([
      expect.objectContaining({ check: "zone", severity: "adopt", subject: "config/adopt/production.json" }),
    ]);
    expect(json.blocking.some((f) => f.severity === "fix")).toBe(false);
  });
});

describe("the deploy runbook says what --write resolves and what only you can", () => {
  test("an adopt file --write rewrites is named among what it marks adopt", () => {
    const text = deployRunbook();
    expect(text).toMatch(/What it marks `adopt` [^.]*an adopt file that no longer matches the zone/);
  });
});
