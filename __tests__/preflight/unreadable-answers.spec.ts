import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeAdoptFile } from "../../lib/engines/preflight/adopt-file";
import { envelope } from "../helpers/fake-cloudflare";
import { FAILED_ENVELOPE, type FakeZone, type RawReply, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report } from "./harness";

const h = preflightHarness();

const ZONE: FakeZone = {
  name: "example.com",
  rulesets: [{ id: hex("1"), kind: "zone", phase: "http_request_firewall_custom", name: "default" }],
  // Two records, one per page: page 2 is read (a list whose total_count page 1 already holds is not).
  records: [
    { id: hex("b"), name: "chat.example.com", type: "A", content: "203.0.113.5" },
    { id: hex("c"), name: "www.example.com", type: "A", content: "203.0.113.6" },
  ],
  recordsPerPage: 1,
};

const HTML: RawReply = { contentType: "text/html", body: "<html><body>Cloudflare maintenance</body></html>" };
const FAILED: RawReply = { body: FAILED_ENVELOPE };
const ZONE_PATH = `\\/zones\\/${ZONE_ID}`;

/** An adopt file from an earlier --write: it pins the zone and a ruleset. */
function writeEarlierAdoptFile(): string {
  writeAdoptFile(join(h.fx().dir, "config"), {
    version: 1,
    environment: "production",
    zone: { name: "example.com", id: ZONE_ID, import: true, importSubscription: true },
    rulesets: { http_request_firewall_custom: hex("1") },
    records: [],
  });
  return readFileSync(h.adoptFile(), "utf8");
}

describe("preflight refuses an answer it cannot read instead of reading it as empty", () => {
  test.each([
    [
      "the zone lookup answers 200 with success: false",
      /^GET \/zones\?/,
      FAILED,
      "reading the zone",
      "success: false: Authentication error (10000)",
    ],
    [
      "the zone lookup answers 200 with an HTML page",
      /^GET \/zones\?/,
      HTML,
      "reading the zone",
      'not JSON (starts "<html><body>Cloudflare maintenance',
    ],
    [
      "the rulesets answer 200 with success: false",
      new RegExp(`^GET ${ZONE_PATH}/rulesets`),
      FAILED,
      "listing the zone's rulesets",
      "success: false",
    ],
    [
      "the rulesets answer 200 with an HTML page",
      new RegExp(`^GET ${ZONE_PATH}/rulesets`),
      HTML,
      "listing the zone's rulesets",
      "not JSON",
    ],
    [
      "page 2 of the DNS records answers 200 with success: false",
      new RegExp(`^GET ${ZONE_PATH}/dns_records\\?(.*&)?page=2(&|$)`),
      FAILED,
      "listing the zone's DNS records",
      "success: false",
    ],
    [
      "the DNSSEC status answers 200 with an HTML page",
      new RegExp(`^GET ${ZONE_PATH}/dnssec`),
      HTML,
      "reading the zone's DNSSEC status",
      "not JSON",
    ],
    [
      "the rulesets answer success: true with result null",
      new RegExp(`^GET ${ZONE_PATH}/rulesets`),
      { body: envelope(null) },
      "listing the zone's rulesets",
      "a result that is not a list (null)",
    ],
    [
      "the rulesets answer a cut-off JSON body",
      new RegExp(`^GET ${ZONE_PATH}/rulesets`),
      { body: '{"success":true,"result":[{"id":"' },
      "listing the zone's rulesets",
      "not valid JSON",
    ],
  ])("%s: exit 1, and --write neither removes nor rewrites the adopt file", async (_, route, reply, step, why) => {
    const before = writeEarlierAdoptFile();
    await h.serve(ZONE);
    h.api().answer(route, reply);
    const r = await h.run(["--write", "--json"], { retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`golive preflight: ${step}: `);
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain("nothing was compared and no file was written or removed");
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: expect.stringContaining(why) });
    expect(readFileSync(h.adoptFile(), "utf8")).toBe(before);
  });

  test("a failed page 2 never lets an adopt file be written without the records on it", async () => {
    await h.serve(ZONE);
    h.api().answer(new RegExp(`^GET ${ZONE_PATH}/dns_records\\?(.*&)?page=2(&|$)`), HTML);
    const r = await h.run(["--write"], { retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test("the pinned zone's own read (cloudflare.zone.id) answering 200 with HTML is a failed read, not a zone the token cannot see", async () => {
    h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
    const before = writeEarlierAdoptFile();
    await h.serve(ZONE);
    h.api().answer(new RegExp(`^GET ${ZONE_PATH}$`), HTML);
    const r = await h.run(["--write"], { retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("reading the zone: the Cloudflare API answered HTTP 2xx with a body that is not JSON");
    expect(readFileSync(h.adoptFile(), "utf8")).toBe(before);
  });

  test("fails when fewer records arrive than result_info.total_count says exist", async () => {
    await h.serve(ZONE);
    h.api().answer(new RegExp(`^GET ${ZONE_PATH}/dns_records`), {
      body: envelope([], { result_info: { page: 1, per_page: 1000, count: 0, total_count: 2, total_pages: 1 } }),
    });
    const r = await h.run(["--write"], { retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "listing the zone's DNS records: read 0 but the Cloudflare API reports 2 (result_info.total_count): a page was lost or the zone changed while it was read",
    );
    expect(existsSync(h.adoptFile())).toBe(false);
  });
});

describe("a zone the token cannot see is not a zone that does not exist", () => {
  test("an adopt file pinning a zone the API does not list is kept: a fix naming Zone Read, never 'does not exist yet'", async () => {
    const before = writeEarlierAdoptFile();
    await h.serve(undefined); // GET /zones?name= answers an empty list, as for a token without access
    const r = await h.run(["--write", "--json"]);
    expect(r.code).toBe(1);
    const json = report(r.stdout);
    expect(json.adoptFile.state).toBe("kept");
    expect(json.blocking).toEqual([
      expect.objectContaining({
        check: "zone",
        severity: "fix",
        subject: "example.com",
        message: expect.stringContaining(
          `not listed for this token, but the adopt file pins it (zone id ${ZONE_ID}): the token may lack Zone: Zone Read on example.com`,
        ),
      }),
    ]);
    expect(r.stdout).not.toContain("does not exist yet");
    expect(readFileSync(h.adoptFile(), "utf8")).toBe(before);
    const text = await h.run(["--write"]);
    expect(text.stdout).toContain("config/adopt/production.json kept as it is: the zone is not visible to this token");
    expect(text.stdout).not.toContain("Removed");
  });

  test("with cloudflare.zone.id set and the zone's read answering 404, the adopt file is kept too", async () => {
    h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
    const before = writeEarlierAdoptFile();
    await h.serve(undefined); // GET /zones/<id> answers 404 "Invalid zone identifier"
    const r = await h.run(["--write", "--json"]);
    expect(r.code).toBe(1);
    const json = report(r.stdout);
    expect(json.adoptFile.state).toBe("kept");
    expect(json.blocking.map((f) => f.message)).toEqual([
      expect.stringMatching(/^cloudflare\.zone\.id (0a)+ is not a zone this token can read/),
    ]);
    expect(readFileSync(h.adoptFile(), "utf8")).toBe(before);
  });

  test("an unreadable adopt file is kept too when no zone is visible to regenerate it from", async () => {
    mkdirSync(dirname(h.adoptFile()), { recursive: true });
    writeFileSync(h.adoptFile(), "{ not json");
    await h.serve(undefined);
    const r = await h.run(["--write", "--json"]);
    expect(r.code).toBe(1);
    const json = report(r.stdout);
    expect(json.adoptFile.state).toBe("kept");
    expect(json.blocking.map((f) => f.message)).toEqual([expect.stringMatching(/^is not a valid adopt file, and no zone is visible/)]);
    expect(readFileSync(h.adoptFile(), "utf8")).toBe("{ not json");
  });
});
