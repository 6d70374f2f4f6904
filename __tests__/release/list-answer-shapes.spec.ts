import { golive } from "../helpers/cli";
import { type FakeCloudflareApi, ZONE_ID } from "./fake-cloudflare-api";
import type { ReleaseFixture } from "./release-fixture";
import { HOSTNAME, TOKEN } from "./stand-in-constants";
import { startedLive } from "./started-live";

// A list answer (zones, load balancers, pools) that is a successful envelope but holds no list, or a
// list of items that are no objects with an id and a name, is refused in golive's words naming the
// step, as preflight refuses it: the audit's runs printed `page.result.map is not a function` and
// `Cannot read properties of null (reading 'id')`.

const ZONES = /^GET \/zones$/;
const LOAD_BALANCERS = /^GET \/zones\/[0-9a-f]{32}\/load_balancers$/;
const POOLS = /^GET \/accounts\/[0-9a-f]{32}\/load_balancers\/pools$/;
const TYPE_ERROR = /is not a function|Cannot read propert|undefined/;
const answered = (result: unknown) => ({ status: 200, body: JSON.stringify({ success: true, errors: [], messages: [], result }) });
const BUT = "the Cloudflare API answered HTTP 2xx with success: true but";

let api: FakeCloudflareApi;
let fx: ReleaseFixture;

beforeEach(async () => {
  ({ api, fx } = await startedLive());
});

afterEach(() => api.close());

const run = (args: readonly string[]) =>
  golive([...args, "--api-base-url", api.baseUrl, "--max-retries", "0"], { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });
const statusLive = () => run(["release", "status", "production", "--live"]);

describe("release commands refuse a list answer of the wrong shape, naming the step", () => {
  test("fails a zone list whose result is an object, or holds null, or an item without a string id", async () => {
    for (const [result, problem] of [
      [{}, "a result that is not a list (object)"],
      [[null], "a list whose item 1 is null, not an object"],
      [[{ id: 7, name: "example.com" }], 'a list whose item 1 has no string "id"'],
    ] as const) {
      api.fail(ZONES, [answered(result)]);
      const r = await statusLive();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`golive release status: looking up zone example.com: ${BUT} ${problem}`);
      expect(r.stderr).not.toMatch(TYPE_ERROR);
    }
  });

  test("fails a load balancer list whose result is an object when the zone id is pinned", async () => {
    fx.set(["cloudflare", "zone", "id"], ZONE_ID);
    api.fail(LOAD_BALANCERS, [answered({})]);
    const r = await statusLive();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`finding load balancer ${HOSTNAME}: ${BUT} a result that is not a list (object)`);
    expect(r.stderr).not.toMatch(TYPE_ERROR);
  });

  test("fails rollback --now on a pool list holding null, before anything is sent, the config untouched", async () => {
    const before = fx.read();
    api.fail(POOLS, [answered([null])]);
    const r = await run(["release", "rollback", "production", "--now"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`finding the colour pools: ${BUT} a list whose item 1 is null, not an object`);
    expect(r.stderr).not.toMatch(TYPE_ERROR);
    expect(api.requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(fx.read()).toBe(before);
  });
});
