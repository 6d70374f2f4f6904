import { Testing } from "cdktf";
import { buildEnvironmentStacks } from "../../stacks";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind, type SynthJson } from "../helpers/synth";

const one = (json: SynthJson, type: string): [string, Record<string, unknown>] => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  const first = all[0];
  if (!first) throw new Error(`no ${type}`);
  return first;
};
const poolsByName = (json: SynthJson) =>
  new Map(
    resourcesOf(json, "cloudflare_load_balancer_pool").map(([id, r]): [string, Record<string, unknown>] => [String(r.name), { id, ...r }]),
  );
const ref = (type: string, id: string) => `\${${type}.${id}.id}`;

describe("traffic stack", () => {
  const json = synthKind(exampleConfig(), "traffic");
  const [monitorId, monitor] = one(json, "cloudflare_load_balancer_monitor");
  const [, lb] = one(json, "cloudflare_load_balancer");
  const pools = poolsByName(json);
  const blue = pools.get("opsbot-production-blue");
  const green = pools.get("opsbot-production-green");

  test("the account-level monitor is an HTTPS GET of /healthz with expected codes, interval, retries, timeout", () => {
    expect(monitor).toMatchObject({
      account_id: "0123456789abcdef0123456789abcdef",
      type: "https",
      method: "GET",
      path: "/healthz",
      expected_codes: "200",
      interval: 60,
      retries: 2,
      timeout: 5,
      allow_insecure: false,
      header: { Host: ["app.example.com"] },
    });
  });

  test("the monitor declares consecutive_up/down so v5 does not replan them (#5676)", () => {
    expect(monitor).toMatchObject({ consecutive_up: 2, consecutive_down: 2, follow_redirects: false, expected_body: "", port: 443 });
  });

  test("one pool per colour with its origins (sorted by name, as in config), linked to the monitor", () => {
    expect([...pools.keys()].sort()).toEqual(["opsbot-production-blue", "opsbot-production-green"]);
    expect(blue?.origins).toEqual([
      { name: "blue-1", address: "192.0.2.30", weight: 1, enabled: true },
      { name: "blue-2", address: "192.0.2.31", weight: 1, enabled: true },
    ]);
    expect(green?.origins).toEqual([
      { name: "green-1", address: "192.0.2.40", weight: 1, enabled: true },
      { name: "green-2", address: "192.0.2.41", weight: 1, enabled: true },
    ]);
    for (const p of [blue, green]) {
      expect(p).toMatchObject({
        monitor: ref("cloudflare_load_balancer_monitor", monitorId),
        enabled: true,
        minimum_origins: 1,
        origin_steering: { policy: "random" },
      });
    }
  });

  test("origins listed out of name order are declared sorted by name, the order the API returns (no update planned on every run, #7179)", () => {
    const origins = [
      { name: "green-2", address: "192.0.2.41" },
      { name: "green-10", address: "192.0.2.50" },
      { name: "green-1", address: "192.0.2.40" },
    ];
    const pool = poolsByName(synthKind(exampleConfig([[["release", "pools", "green", "origins"], origins]]), "traffic")).get(
      "opsbot-production-green",
    );
    expect(pool?.origins).toEqual([
      { name: "green-1", address: "192.0.2.40", weight: 1, enabled: true },
      { name: "green-10", address: "192.0.2.50", weight: 1, enabled: true },
      { name: "green-2", address: "192.0.2.41", weight: 1, enabled: true },
    ]);
  });

  test("the load balancer on the app hostname steers randomly by pool weights, live first, the known-good colour as fallback", () => {
    const blueRef = ref("cloudflare_load_balancer_pool", String(blue?.id));
    const greenRef = ref("cloudflare_load_balancer_pool", String(green?.id));
    expect(lb).toMatchObject({
      name: "app.example.com",
      zone_id: "${data.cloudflare_zone.Zone.id}",
      proxied: true,
      enabled: true,
      steering_policy: "random",
      default_pools: [blueRef, greenRef],
      // previous (blue) is the last known-good build: green may be a candidate under test.
      fallback_pool: blueRef,
      random_steering: { default_weight: 0, pool_weights: { [blueRef]: 1, [greenRef]: 0 } },
    });
  });

  test("cookie session affinity keeps a chat on its colour, with every attribute declared", () => {
    expect(lb).toMatchObject({
      session_affinity: "cookie",
      session_affinity_ttl: 1800,
      session_affinity_attributes: { samesite: "Lax", secure: "Always", drain_duration: 0, zero_downtime_failover: "sticky" },
      adaptive_routing: { failover_across_pools: false },
      location_strategy: { mode: "pop", prefer_ecs: "proximity" },
    });
  });

  test("fields that drift in v5 when declared empty are left out (#7339)", () => {
    for (const key of ["country_pools", "region_pools", "pop_pools", "ttl", "rules", "networks"]) expect(lb).not.toHaveProperty(key);
  });

  test("weights follow config as fractions; the fallback is the live colour, never the candidate under test", () => {
    const cfg = exampleConfig([
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "previous"], "green"],
      [["release", "weights"], { blue: 25, green: 75 }],
    ]);
    const j = synthKind(cfg, "traffic");
    const p = poolsByName(j);
    const blueRef = ref("cloudflare_load_balancer_pool", String(p.get("opsbot-production-blue")?.id));
    const greenRef = ref("cloudflare_load_balancer_pool", String(p.get("opsbot-production-green")?.id));
    expect(one(j, "cloudflare_load_balancer")[1]).toMatchObject({
      default_pools: [greenRef, blueRef],
      fallback_pool: greenRef,
      random_steering: { pool_weights: { [blueRef]: 0.25, [greenRef]: 0.75 } },
    });
  });

  test("a colour without origins gets no pool; the live pool is its own fallback", () => {
    const j = synthKind(exampleConfig([[["release", "pools", "green", "origins"], []]]), "traffic");
    const p = poolsByName(j);
    expect([...p.keys()]).toEqual(["opsbot-production-blue"]);
    const blueRef = ref("cloudflare_load_balancer_pool", String(p.get("opsbot-production-blue")?.id));
    expect(one(j, "cloudflare_load_balancer")[1]).toMatchObject({
      default_pools: [blueRef],
      fallback_pool: blueRef,
      random_steering: { pool_weights: { [blueRef]: 1 } },
    });
  });

  test("a pinned zone id is used directly instead of a lookup by name", () => {
    const j = synthKind(exampleConfig([[["cloudflare", "zone", "id"], "fedcba9876543210fedcba9876543210"]]), "traffic");
    expect(j.data?.cloudflare_zone).toBeUndefined();
    expect(one(j, "cloudflare_load_balancer")[1].zone_id).toBe("fedcba9876543210fedcba9876543210");
  });

  test("without a release section there is no traffic stack", () => {
    const stacks = buildEnvironmentStacks(Testing.app(), exampleConfig([[["release"], undefined]]));
    expect(stacks.map((s) => s.node.id)).not.toContain("traffic-production");
  });

  test("the staging example synthesizes its own traffic stack", () => {
    const j = synthKind(exampleConfig([], "staging"), "traffic");
    expect(one(j, "cloudflare_load_balancer")[1].name).toBe("app.example.net");
    expect([...poolsByName(j).keys()].sort()).toEqual(["opsbot-staging-blue", "opsbot-staging-green"]);
  });
});
