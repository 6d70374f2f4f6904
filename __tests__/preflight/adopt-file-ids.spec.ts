import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeAdoptFile } from "../../lib/engines/preflight/adopt-file";
import { ConfigErrors } from "../../lib/config/errors";
import { loadEnvironments } from "../../lib/engines/config/load";
import { type FakeZone, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report } from "./harness";

// preflight --write wrote the ids it was answered without checking them: against a stand-in answering
// `d1`, it wrote config/adopt/production.json that every later command refused ("must be a 32-character
// Cloudflare id"), and a rerun of --write refused to replace its own file as "not an adopt file".

/** A zone that exists and that config would create: --write adopts it. */
const ADOPTABLE: FakeZone = { name: "example.com", plan: "free", status: "pending" };

const h = preflightHarness();

/** What the config loader, as every later command runs it, says of this project: "" when it loads. */
function loaderRefusal(): string {
  try {
    loadEnvironments(join(h.fx().dir, "config"), undefined, h.fx().dir);
    return "";
  } catch (err) {
    if (err instanceof ConfigErrors) return err.message;
    throw err;
  }
}

/** An adopt file as a golive that did not check ids wrote it: its own header and shape, the zone id `d1`. */
function writeUncheckedAdoptFile(extra: Record<string, unknown> = {}): string {
  writeAdoptFile(join(h.fx().dir, "config"), {
    version: 1,
    environment: "production",
    zone: { name: "example.com", id: ZONE_ID, import: true, importSubscription: false },
    rulesets: {},
    records: [],
  });
  const written = h.readAdopt() as { zone: Record<string, unknown> };
  const text = `${JSON.stringify({ ...written, zone: { ...written.zone, id: "d1" }, ...extra }, null, 2)}\n`;
  writeFileSync(h.adoptFile(), text);
  return text;
}

describe("preflight --write writes only ids the loader accepts", () => {
  test("fails naming the zone and its id when the API answers a zone id that is no Cloudflare id; writes nothing", async () => {
    await h.serve({ ...ADOPTABLE, id: "d1" });
    const run = await h.run(["--write"]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      'golive preflight: the Cloudflare API answered "d1" for the zone example.com (zone.id), which an adopt file cannot hold: must be a 32-character Cloudflare id (lower-case hex); nothing was written: check the API it read (--api-base-url, CLOUDFLARE_BASE_URL): Cloudflare\'s ids are 32 lower-case hex characters\n',
    );
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test("fails naming the record an id came from, and counts the others; writes nothing", async () => {
    await h.serve({
      name: "example.com",
      records: [
        { id: "r1", name: "example.com", type: "TXT", content: '"google-site-verification=EXAMPLE-not-a-real-token"' },
        { id: "r2", name: "_dmarc.example.com", type: "TXT", content: '"v=DMARC1; p=none"' },
      ],
      rulesets: [{ id: hex("4"), kind: "zone", phase: "http_ratelimit", name: "x" }],
    });
    const run = await h.run(["--write", "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^golive preflight: the Cloudflare API answered "(r1" for the TXT record example\.com|r2" for the TXT record _dmarc\.example\.com) \(records\[\d\]\.id\), which an adopt file cannot hold: must be a 32-character Cloudflare id \(lower-case hex\), and 1 more such value; nothing was written: /,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: expect.stringContaining("nothing was written") });
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test("the adopt file it writes from real ids loads: a later command does not refuse it", async () => {
    await h.serve(ADOPTABLE);
    expect((await h.run(["--write"])).code).toBe(0);
    expect(h.readAdopt()).toMatchObject({ zone: { id: ZONE_ID } });
    expect(loaderRefusal()).toBe("");
  });
});

describe("preflight --write replaces an adopt file golive wrote before it checked ids", () => {
  test("an earlier file holding an id the loader refuses is replaced, and then loads", async () => {
    await h.serve(ADOPTABLE);
    writeUncheckedAdoptFile();
    expect(loaderRefusal()).toBe("config/adopt/production.json: zone.id: must be a 32-character Cloudflare id (lower-case hex)");
    const run = await h.run(["--write", "--json"]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(report(run.stdout).adoptFile.state).toBe("written");
    expect(h.readAdopt()).toMatchObject({ zone: { id: ZONE_ID, import: true } });
    expect(loaderRefusal()).toBe("");
  });

  test("fails with exit 2 when that file also holds a line added by hand: still not golive's to replace", async () => {
    await h.serve(ADOPTABLE);
    const before = writeUncheckedAdoptFile({ mine: "do not lose this" });
    const run = await h.run(["--write"]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toContain("exists and golive did not write it (it is not an adopt file)");
    expect(readFileSync(h.adoptFile(), "utf8")).toBe(before);
  });

  test("fails with exit 2 when a file without golive's header holds the same content", async () => {
    await h.serve(ADOPTABLE);
    writeUncheckedAdoptFile();
    const { $comment: _, ...bare } = h.readAdopt();
    writeFileSync(h.adoptFile(), `${JSON.stringify(bare)}\n`);
    const run = await h.run(["--write"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("exists and golive did not write it (it is not an adopt file)");
  });
});
