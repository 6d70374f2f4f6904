import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { envelope } from "../helpers/fake-cloudflare";
import { ACCOUNT_ID, type FakeZone } from "./fake-zone-api";
import { preflightHarness, report } from "./harness";

const h = preflightHarness();
const ORG_READ = `GET /accounts/${ACCOUNT_ID}/access/organizations`;
const ORG_ROUTE = /^GET \/accounts\/[0-9a-f]{32}\/access\/organizations/;
/** An existing zone config would create: without a blocking finding, --write adopts it and exits 0. */
const ZONE: FakeZone = { name: "example.com" };
const PERMISSION = "Account: Access: Organizations, Identity Providers, and Groups Read";
const REPO = join(__dirname, "..", "..");
const RUNBOOK = join(REPO, "runbooks", "deploy.md");
const EDGE_DOC = join(REPO, "docs", "edge.md");

const zeroTrust = (stdout: string) => report(stdout).findings.filter((f) => f.check === "zero-trust");

describe("preflight reads the account's Zero Trust organization, which every edge stack's Access objects need", () => {
  test("an organization there: ok, naming it, read of cloudflare.accountId even before the zone exists", async () => {
    await h.serve(undefined);
    const r = await h.run(["--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(h.reads()).toContain(ORG_READ);
    expect(zeroTrust(r.stdout)).toEqual([
      {
        check: "zero-trust",
        severity: "ok",
        subject: `account ${ACCOUNT_ID}`,
        message: "has a Zero Trust organization (Example Corp, example-corp.cloudflareaccess.com)",
      },
    ]);
  });

  test.each([
    ["answered 404", null, undefined],
    ["answered success with an empty result", undefined, envelope(null)],
    ["answered success with an empty object", undefined, envelope({})],
  ])("fails when none is there (%s): a fix saying to create one in the dashboard", async (_, organization, body) => {
    await h.serve(undefined, [], organization === null ? { organization } : {});
    if (body !== undefined) h.api().answer(ORG_ROUTE, { body });
    const r = await h.run(["--json"]);
    expect(r.code).toBe(1);
    const json = report(r.stdout);
    expect(json.blocking).toEqual([
      expect.objectContaining({
        check: "zero-trust",
        severity: "fix",
        message: expect.stringMatching(
          /^has no Zero Trust organization, and edge-production declares Access objects .*: create it in the dashboard \(Zero Trust: choose a team name/,
        ),
      }),
    ]);
    const text = await h.run();
    expect(text.stdout).toMatch(/fix\s+zero-trust\s+account 0123456789abcdef0123456789abcdef: has no Zero Trust organization/);
    expect(text.stdout).toContain("Result: 1 to fix by hand.");
  });

  test.each([401, 403])(
    "a token refused it (HTTP %i): a fix naming the permission to grant, never 'has no organization'",
    async (status) => {
      await h.serve(undefined);
      h.api().fail(ORG_ROUTE, [{ status }]);
      const r = await h.run(["--json"]);
      expect(r.code).toBe(1);
      const [finding] = zeroTrust(r.stdout);
      expect(finding).toMatchObject({ severity: "fix", message: expect.stringContaining(`(HTTP ${status}); grant it ${PERMISSION}`) });
      expect(finding?.message).toMatch(/^preflight cannot tell whether it has a Zero Trust organization/);
      expect(r.stdout).not.toContain("has no Zero Trust organization");
    },
  );

  test.each([
    ["an HTML page under HTTP 200", { contentType: "text/html", body: "<html>maintenance</html>" }, "a body that is not JSON"],
    [
      "success: false under HTTP 200",
      { body: JSON.stringify({ success: false, errors: [{ code: 10000, message: "x" }], result: null }) },
      "success: false",
    ],
    ["a list as the result", { body: envelope([]) }, "a result that is not an organization (a list)"],
  ])("an answer it cannot read (%s) fails the run as every other read does: nothing written", async (_, reply, why) => {
    await h.serve(ZONE);
    h.api().answer(ORG_ROUTE, reply);
    const r = await h.run(["--write"], { retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "golive preflight: reading the account's Zero Trust organization: the Cloudflare API answered HTTP 2xx with",
    );
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain(PERMISSION);
    expect(`${r.stdout}${r.stderr}`).not.toContain("has no Zero Trust organization");
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test("a 5xx is Cloudflare's trouble, reported as for the zone's reads, not as no organization", async () => {
    await h.serve(undefined);
    h.api().fail(ORG_ROUTE, [{ status: 503 }]);
    const r = await h.run([], { retries: 0 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("reading the account's Zero Trust organization: the Cloudflare API answered HTTP 503");
  });

  test("--help, the runbook and docs/edge.md name the permission the read needs", async () => {
    const help = await golive(["preflight", "--help"], { cwd: h.fx().dir });
    const squash = (s: string) => s.replace(/\s+/g, " ");
    for (const text of [help.stdout, readFileSync(RUNBOOK, "utf8"), readFileSync(EDGE_DOC, "utf8")])
      expect(squash(text)).toContain("Access: Organizations, Identity Providers, and Groups Read");
    expect(squash(readFileSync(RUNBOOK, "utf8"))).toMatch(/Zero Trust organization/);
  });
});
