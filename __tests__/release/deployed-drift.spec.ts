import { deployedDrift, liveDrift } from "../../lib/features/release/live-drift";
import type { ReleaseConfig } from "../../lib/features/release/schema";
import { withState } from "../../lib/features/release/state";
import type { ServedSteering } from "../../lib/features/release/steering";
import { rollback, shiftTo, start, type Transition } from "../../lib/features/release/transitions";
import { exampleConfig } from "../helpers/example-config";

// `release status --live` judges the load balancer whole (deployedDrift); the watch's looser liveDrift
// leaves the fallback and pool membership to its own first PATCH. The audit's run: after start v1,
// shift 50 and rollback, the stand-in served blue alone at weight 1 with fallback green (the colour
// rolled back from), and status --live said "matches yes".

const cfg = exampleConfig();
const release0 = (): ReleaseConfig => {
  if (!cfg.release) throw new Error("the example has a release section");
  return cfg.release;
};
const apply = (r: ReleaseConfig, t: Transition) => withState(r, t.after);

/** The example after start v1, shift 50 and rollback: it deploys blue alone, fallback blue. */
function rolledBack(): ReleaseConfig {
  const started = apply(release0(), start(release0(), "v1"));
  const shifted = apply(started, shiftTo(started, 50));
  return apply(shifted, rollback(shifted));
}

const served = (s: Partial<ServedSteering>): ServedSteering => ({
  defaultPools: ["blue"],
  fallbackPool: "blue",
  poolWeights: { blue: 1 },
  ...s,
});
const enabled = { enabled: true };

describe("status --live judges the fallback and default_pools (deployedDrift)", () => {
  test("fails when the fallback is the colour rolled back from, naming it; the watch's liveDrift does not compare it", () => {
    const r = rolledBack();
    const s = served({ fallbackPool: "green" });
    expect(deployedDrift(cfg, r, s, enabled)).toBe(
      "it serves blue 1 (fallback green), the config deploys blue 1 (fallback blue): the fallback is green, not blue",
    );
    expect(liveDrift(cfg, r, s, enabled)).toBeUndefined();
  });

  test("fails when the colour rolled back from is still in default_pools at weight 0", () => {
    const s = served({ defaultPools: ["blue", "green"], poolWeights: { blue: 1, green: 0 } });
    expect(deployedDrift(cfg, rolledBack(), s, enabled)).toBe(
      "it serves blue 1, green 0 (fallback blue), the config deploys blue 1 (fallback blue): green is in the load balancer's pools, the config leaves it out",
    );
  });

  test("fails when a started candidate is out of the pools (its start not deployed); the watch puts it back itself", () => {
    const r = apply(release0(), start(release0(), "v2"));
    const s = served({});
    expect(deployedDrift(cfg, r, s, enabled)).toContain(": green is out of the load balancer's pools, the config puts it there");
    expect(liveDrift(cfg, r, s, enabled)).toBeUndefined();
  });

  test("a load balancer serving exactly what the config deploys: no drift", () => {
    expect(deployedDrift(cfg, rolledBack(), served({}), enabled)).toBeUndefined();
  });
});
