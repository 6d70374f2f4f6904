import { golive } from "../helpers/cli";
import { pickZone, ZoneLookupError } from "../../lib/core/cloudflare-zone-lookup";
import { ACCOUNT_ID, BLUE_ID, LB_ID, startFakeCloudflareApi, ZONE_ID } from "./fake-cloudflare-api";
import { releaseFixture } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

const OTHER_ACCOUNT = "e".repeat(32);
const FOREIGN_ID = "9".repeat(32);

describe("release rollback --now finds the zone by name within cloudflare.accountId", () => {
  test("another account's same-named zone listed first: the PATCH goes to the configured account's load balancer", async () => {
    const api = await startFakeCloudflareApi({
      zoneName: "example.com",
      hostname: "app.example.com",
      poolPrefix: "opsbot-production",
      otherZones: [{ id: FOREIGN_ID, accountId: OTHER_ACCOUNT }],
    });
    try {
      const fx = releaseFixture();
      fx.set(["release", "weights"], { blue: 40, green: 60 });
      fx.set(["release", "phase"], "releasing");
      const r = await golive(
        ["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", "5000", "--json"],
        { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const lookup = new URLSearchParams(api.requests[0]?.query);
      expect([lookup.get("name"), lookup.get("account.id")]).toEqual(["example.com", ACCOUNT_ID]);
      expect(api.requests.map((q) => `${q.method} ${q.path}`)).not.toContain(`GET /zones/${FOREIGN_ID}/load_balancers`);
      expect(api.requests.filter((q) => q.method === "PATCH").map((q) => q.path)[0]).toBe(`/zones/${ZONE_ID}/load_balancers/${LB_ID}`);
      expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, breakGlass: { applied: true, zoneId: ZONE_ID } });
    } finally {
      await api.close();
    }
  });
});

describe("pickZone: the one zone of the account, or a refusal", () => {
  const want = { name: "example.com", accountId: ACCOUNT_ID };
  const ours = { id: ZONE_ID, name: "example.com", accountId: ACCOUNT_ID };
  const foreign = { id: FOREIGN_ID, name: "example.com", accountId: OTHER_ACCOUNT };

  test("takes the account's zone, ignores other names, and reads an empty answer as no zone", () => {
    expect(pickZone([{ ...ours, id: "1".repeat(32), name: "example.net" }, ours], want)).toBe(ours);
    expect(pickZone([], want)).toBeUndefined();
  });

  test("refuses another account's zone, one without an account, and two of the same name", () => {
    expect(() => pickZone([foreign], want)).toThrow(ZoneLookupError);
    expect(() => pickZone([foreign], want)).toThrow(`answered ${FOREIGN_ID} of account ${OTHER_ACCOUNT}`);
    expect(() => pickZone([{ id: ZONE_ID, name: "example.com" }], want)).toThrow("of account (not reported)");
    expect(() => pickZone([foreign, ours], want)).toThrow(/lists 2 zones named example\.com .*golive will not guess/);
  });
});
