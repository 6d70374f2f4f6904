import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AppConfig } from "../../lib/config/schema";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { API_COMPUTED, beyondRelease, RELEASE_ATTRIBUTES } from "../../lib/features/release/release-changes";
import type { ReleaseConfig } from "../../lib/features/release/schema";
import { withState } from "../../lib/features/release/state";
import { promote, rollback, shiftTo, start, type Transition } from "../../lib/features/release/transitions";
import { golive, tempDir } from "../helpers/cli";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { GREEN_POOL, LOAD_BALANCER, trafficPlan } from "../plan/traffic-plans";

// `golive plan --release-only` (rollback.yml): a rollback's plan may change only what a release step
// changes. The list is held to the synthesized traffic stack, to the provider's schema, and to plans.

/** The example production config after each step of a release and its rollback, as the commands write them. */
function releaseWalk(): AppConfig[] {
  const cfg = exampleConfig();
  // Two releases: the second moves the fallback (the rollback target) to the first one's colour.
  const steps: ((r: ReleaseConfig) => Transition)[] = [
    (r) => start(r, "v2"),
    (r) => shiftTo(r, 10),
    (r) => shiftTo(r, 100),
    (r) => promote(r),
    (r) => start(r, "v3"),
    (r) => promote(r),
    (r) => rollback(r, { drain: true }),
  ];
  const configs = [cfg];
  let release = cfg.release;
  for (const step of steps) {
    if (!release) throw new Error("the example has no release section");
    release = withState(release, step(release).after);
    configs.push({ ...cfg, release });
  }
  return configs;
}

/** Top-level attributes of the traffic stack's resources, of every type, that differ between two configs. */
function changedAttributes(a: AppConfig, b: AppConfig): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const [before, after] = [synthKind(a, "traffic"), synthKind(b, "traffic")];
  for (const type of new Set([...Object.keys(before.resource), ...Object.keys(after.resource)])) {
    const later = new Map(resourcesOf(after, type));
    for (const [id, resource] of resourcesOf(before, type)) {
      const other = later.get(id) ?? {};
      for (const key of new Set([...Object.keys(resource), ...Object.keys(other)]))
        if (key !== "//" && JSON.stringify(resource[key]) !== JSON.stringify(other[key]))
          out.set(type, (out.get(type) ?? new Set()).add(key));
    }
  }
  return out;
}

/** An in-place update of `type` at `address`, before -> after, with after_unknown. */
function update(address: string, type: string, before: object, after: object, afterUnknown: object = {}): ResourceChange {
  return {
    address,
    mode: "managed",
    type,
    name: address.split(".")[1] ?? "x",
    change: { actions: ["update"], before, after, after_unknown: afterUnknown, before_sensitive: {}, after_sensitive: {} },
  };
}

const POOL = { name: "opsbot-production-green", enabled: true, description: "golive opsbot production green origins (build v2)" };
const ORIGINS = [{ name: "green-1", address: "192.0.2.40", weight: 1, enabled: true }];

describe("golive plan --release-only: a rollback applies a release step's changes and nothing else", () => {
  test("the attributes a release step changes are exactly RELEASE_ATTRIBUTES (start, shift, promote, rollback --drain, synthesized)", () => {
    const configs = releaseWalk();
    // Every type: a resource of another type that a release step changed would make --release-only
    // refuse the rollback it exists for.
    const seen = new Map<string, Set<string>>();
    configs.slice(1).forEach((cfg, i) => {
      const prior = configs[i];
      if (prior)
        for (const [type, keys] of changedAttributes(prior, cfg))
          for (const k of keys) seen.set(type, (seen.get(type) ?? new Set()).add(k));
    });
    expect(Object.fromEntries([...seen].map(([t, keys]) => [t, [...keys].sort()]))).toEqual(
      Object.fromEntries(Object.entries(RELEASE_ATTRIBUTES).map(([t, keys]) => [t, [...keys].sort()])),
    );
  });

  test("what may only become known after apply is computed by the provider and left to it by the stack (provider contract, v5.14.0)", () => {
    const contract = JSON.parse(readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "cloudflare-contract.json"), "utf8"));
    const json = synthKind(exampleConfig(), "traffic");
    for (const [type, paths] of Object.entries(API_COMPUTED)) {
      const declared = new Set(resourcesOf(json, type).flatMap(([, r]) => Object.keys(r)));
      for (const path of paths) {
        const [root = "", nested] = path.split("[].");
        const top = contract.resources[type].attributes[root];
        const attribute = nested === undefined ? top : top?.attributes?.[nested];
        expect({ type, path, computed: attribute?.computed === true, required: attribute?.required === true }).toEqual({
          type,
          path,
          computed: true,
          required: false,
        });
        if (nested === undefined) expect({ type, path, declared: declared.has(root) }).toEqual({ type, path, declared: false });
      }
    }
  });

  test("a rollback's plan passes: weights moved on the load balancer, a pool drained", () => {
    expect(beyondRelease(JSON.parse(trafficPlan("drain")).resource_changes)).toEqual([]);
  });

  test("fails an origin address changed on a pool, a load balancer no longer proxied, naming attribute paths and never values", () => {
    const refused = beyondRelease([
      update(
        GREEN_POOL,
        "cloudflare_load_balancer_pool",
        { ...POOL, origins: ORIGINS },
        {
          ...POOL,
          enabled: false,
          origins: [{ ...ORIGINS[0], address: "203.0.113.66" }],
        },
      ),
      update(LOAD_BALANCER, "cloudflare_load_balancer", { proxied: true, fallback_pool: "a" }, { proxied: false, fallback_pool: "b" }),
    ]);
    expect(refused).toEqual([
      { address: GREEN_POOL, path: "origins[0].address", what: "would change" },
      { address: LOAD_BALANCER, path: "proxied", what: "would change" },
    ]);
    expect(JSON.stringify(refused)).not.toContain("203.0.113.66");
  });

  test("attributes the API computes may become known after apply; a declared one may not (its new value comes from outside the release)", () => {
    const pool = update(
      GREEN_POOL,
      "cloudflare_load_balancer_pool",
      { ...POOL, origins: ORIGINS, modified_on: "2026-01-01T00:00:00Z" },
      { ...POOL, origins: [{ name: "green-1", weight: 1, enabled: true }] },
      { modified_on: true, networks: true, origins: [{ disabled_at: true, address: true }] },
    );
    const lb = update(LOAD_BALANCER, "cloudflare_load_balancer", { zone_name: "example.com" }, {}, { zone_name: true, rules: true });
    expect(beyondRelease([pool, lb])).toEqual([
      { address: GREEN_POOL, path: "origins[0].address", what: "would become known after apply" },
    ]);
  });

  test("fails any update of another type (a monitor, a DNS record); creates, destroys and replaces are --updates-only's", () => {
    const monitor = update(
      "cloudflare_load_balancer_monitor.Traffic_Monitor_1",
      "cloudflare_load_balancer_monitor",
      { path: "/a" },
      { path: "/b" },
    );
    expect(beyondRelease([monitor])).toEqual([{ address: monitor.address, what: "would be updated" }]);
    expect(beyondRelease(JSON.parse(trafficPlan("replace")).resource_changes)).toEqual([]);
  });

  test("golive plan-report --release-only exits 1 on a saved plan that changes an origin, one line naming the path", async () => {
    const dir = tempDir("golive-release-only-");
    const plan = JSON.parse(trafficPlan("drain"));
    const green = plan.resource_changes.find((rc: ResourceChange) => rc.address === GREEN_POOL);
    green.change.after.origins[0].address = "203.0.113.66";
    writeFileSync(join(dir, "traffic-production.json"), JSON.stringify(plan));
    const refused = await golive(["plan-report", "traffic-production.json", "--release-only"], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")).toEqual(
      expect.arrayContaining([
        `golive plan-report: traffic-production: ${GREEN_POOL} origins[0].address would change; --release-only allows a release step's changes only (cloudflare_load_balancer default_pools, fallback_pool, random_steering; cloudflare_load_balancer_pool description, enabled)`,
        "golive plan-report: nothing may be applied: 1 change beyond a release step's (the report is for review only)",
      ]),
    );
    writeFileSync(join(dir, "traffic-production.json"), trafficPlan("drain"));
    expect((await golive(["plan-report", "traffic-production.json", "--release-only"], { cwd: dir })).code).toBe(0);
  });
});
