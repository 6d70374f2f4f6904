import { existsSync } from "node:fs";
import { envelope } from "../helpers/fake-cloudflare";
import { ACCOUNT_ID, type FakeZone, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report } from "./harness";

const h = preflightHarness();
const OTHER_ACCOUNT = hex("e");
const FOREIGN_ID = hex("9");
/** Another account's pending zone of the same name, listed before ours (the API orders by name only). */
const FOREIGN: FakeZone = { name: "example.com", id: FOREIGN_ID, accountId: OTHER_ACCOUNT, status: "pending", plan: "free" };

/** A zone list answer as the API sends it, for a stand-in that ignores the account filter. */
function listAnswer(zones: readonly { id: string; account: string }[]): string {
  const result = zones.map((z) => ({ id: z.id, name: "example.com", status: "active", account: { id: z.account } }));
  return envelope(result, { result_info: { page: 1, per_page: 20, count: result.length, total_count: result.length } });
}

describe("preflight finds the zone by name within cloudflare.accountId", () => {
  test("another account's same-named zone listed first: reads and adopts the configured account's zone only", async () => {
    await h.serve({ name: "example.com", plan: "pro", status: "active" }, [FOREIGN]);
    const r = await h.run(["--write", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lookup = h.api().requests[0];
    expect(`${lookup?.method} ${lookup?.path}`).toBe("GET /zones");
    expect(new URLSearchParams(lookup?.query).get("name")).toBe("example.com");
    expect(new URLSearchParams(lookup?.query).get("account.id")).toBe(ACCOUNT_ID);
    // Every later read is of our zone (or our account's Zero Trust organization): nothing of the foreign one is read, reported or adopted.
    const ours = (p: string) => p.startsWith(`GET /zones/${ZONE_ID}/`) || p === `GET /accounts/${ACCOUNT_ID}/access/organizations`;
    expect(h.reads().slice(1).every(ours)).toBe(true);
    expect(report(r.stdout).zone).toMatchObject({ exists: true, plan: "pro" });
    expect(r.stdout).not.toContain(FOREIGN_ID);
    expect(h.readAdopt().zone).toMatchObject({ name: "example.com", id: ZONE_ID, import: true });
  });

  test("an answer still holding another account's zone (the filter ignored) is refused, nothing read or written", async () => {
    await h.serve(undefined);
    h.api().answer(/^GET \/zones\?/, { body: listAnswer([{ id: FOREIGN_ID, account: OTHER_ACCOUNT }]) });
    const r = await h.run(["--write"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `reading the zone: asked for zone example.com of account ${ACCOUNT_ID}, the Cloudflare API answered ${FOREIGN_ID} of account ${OTHER_ACCOUNT}`,
    );
    expect(r.stderr).toContain("set cloudflare.zone.id");
    expect(h.reads()).toEqual(["GET /zones"]);
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test("two zones of that name in the answer: refused naming both, never the first", async () => {
    await h.serve(undefined);
    h.api().answer(/^GET \/zones\?/, {
      body: listAnswer([
        { id: FOREIGN_ID, account: ACCOUNT_ID },
        { id: ZONE_ID, account: ACCOUNT_ID },
      ]),
    });
    const r = await h.run();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the Cloudflare API lists 2 zones named example.com for account ${ACCOUNT_ID}`);
    expect(r.stderr).toContain(`${FOREIGN_ID} of account ${ACCOUNT_ID}, ${ZONE_ID} of account ${ACCOUNT_ID}`);
    expect(h.reads()).toEqual(["GET /zones"]);
  });
});
