import type { ConfigEdit } from "../helpers/example-config";
import { check, envConfig, exampleEnv, ruleById } from "./support";

/**
 * After `golive release rollback` the colour rolled back from leaves default_pools and is never the
 * fallback: the load balancer has one pool, its own fallback. GL-REL-001 (blue/green with a different
 * fallback) must not block that shape, or the rollback's own pull request could never deploy.
 */
const ROLLED_BACK: readonly ConfigEdit[] = [
  [["release", "phase"], "rolled-back"],
  [["release", "builds"], { blue: "v1.4.0", green: "v1.5.0" }],
];

describe("GL-REL-001 after a rollback", () => {
  test("a rolled-back release (one pool, its own fallback) passes: the rollback's deploy is not blocked", () => {
    const { cfg, stacks } = exampleEnv(ROLLED_BACK);
    expect(check(ruleById("GL-REL-001"), stacks, { config: envConfig(cfg) })).toEqual({ kind: "compliant" });
  });

  test("fails the same single-pool shape when the config is not rolled back", () => {
    const { stacks } = exampleEnv(ROLLED_BACK);
    const { cfg } = exampleEnv();
    expect(check(ruleById("GL-REL-001"), stacks, { config: envConfig(cfg) })).toMatchObject({
      kind: "non-compliant",
      findings: [{ message: "default_pools and fallback_pool name the same single pool" }],
    });
  });
});
