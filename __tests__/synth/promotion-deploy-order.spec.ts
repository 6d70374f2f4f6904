import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { listSynthesizedStacks } from "../../lib/core/synth-output";
import { inDeployOrder } from "../../lib/engines/synth/deploy-order";
import { SYNTH_RECORD } from "../../lib/engines/synth/record";
import { tempDir } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";

/**
 * Between environments, the deploy order is the promotion order (`secrets.github.deployAfter`,
 * docs/configuration.md); environments it does not order keep the name order after the chained ones,
 * and no shape of it is refused here (the deploy's matrix script refuses one that is not one chain).
 */
const stack = (name: string) => ({ name, dir: `/out/stacks/${name}`, file: `/out/stacks/${name}/cdk.tf.json` });
const stacksOf = (...envs: string[]) => envs.flatMap((env) => [stack(`edge-${env}`), stack(`access-${env}`)]);
const NO_DEPENDENCIES = new Map<string, readonly string[]>();
const environmentsIn = (order: readonly { environment: string }[]) => [...new Set(order.map((s) => s.environment))];
const ordered = (envs: readonly string[], deployAfter: ReadonlyMap<string, string | null>, deps = NO_DEPENDENCIES) =>
  environmentsIn(inDeployOrder(stacksOf(...envs), deps, deployAfter));

test("one chain comes in its order, whatever the names: dev, qa after dev, prod after qa", () => {
  const chain = new Map([
    ["dev", null],
    ["qa", "dev"],
    ["prod", "qa"],
  ]);
  expect(ordered(["dev", "prod", "qa"], chain)).toEqual(["dev", "qa", "prod"]);
  // Within an environment, the registry's order as before.
  expect(inDeployOrder(stacksOf("prod", "qa", "dev"), NO_DEPENDENCIES, chain).map((s) => s.name)).toEqual([
    "access-dev",
    "edge-dev",
    "access-qa",
    "edge-qa",
    "access-prod",
    "edge-prod",
  ]);
});

test("environments outside every chain come after the chained ones, by name", () => {
  const deployAfter = new Map([
    ["alpha", null],
    ["staging", null],
    ["production", "staging"],
    ["zeta", null],
  ]);
  expect(ordered(["alpha", "production", "staging", "zeta"], deployAfter)).toEqual(["staging", "production", "alpha", "zeta"]);
});

test("where deployAfter cannot tell, the names do, never breaking a link; nothing is refused", () => {
  // No order at all (today's output of several environments without deployAfter): by name.
  expect(ordered(["qa", "dev", "prod"], new Map())).toEqual(["dev", "prod", "qa"]);
  // Two after one (config validation refuses it): both after it, by name, and prod still after qa.
  const branch = new Map([
    ["dev", null],
    ["qa", "dev"],
    ["staging", "dev"],
    ["prod", "qa"],
  ]);
  expect(ordered(["dev", "prod", "qa", "staging"], branch)).toEqual(["dev", "qa", "prod", "staging"]);
  // Two chains (the deploy refuses them): whichever environments may go next, by name.
  const twoChains = new Map([
    ["b", null],
    ["d", "b"],
    ["a", null],
    ["c", "a"],
  ]);
  expect(ordered(["a", "b", "c", "d"], twoChains)).toEqual(["a", "b", "c", "d"]);
  // A link to an environment not synthesized orders nothing.
  expect(ordered(["prod", "dev"], new Map([["prod", "qa"]]))).toEqual(["dev", "prod"]);
  // A cycle (config validation refuses it) comes last, by name.
  const cycle = new Map([
    ["b", "c"],
    ["c", "b"],
    ["a", null],
  ]);
  expect(ordered(["c", "b", "a"], cycle)).toEqual(["a", "b", "c"]);
});

test("a stack's dependency on another environment still orders it first, even outside the chain", () => {
  const deployAfter = new Map([
    ["dev", null],
    ["prod", "dev"],
    ["ops", null],
  ]);
  const deps = new Map([["access-dev", ["access-ops"]]]);
  expect(ordered(["dev", "ops", "prod"], deployAfter, deps)).toEqual(["ops", "dev", "prod"]);
});

test("the order is read from golive.json, as golive synth records it, when none is given", () => {
  const outdir = join(tempDir("golive-promotion-order-"), "cdktf.out");
  writeSynthOutput(outdir, Object.fromEntries(stacksOf("dev", "prod", "qa").map((s) => [s.name, {}])));
  const listed = listSynthesizedStacks(outdir);
  expect(environmentsIn(inDeployOrder(listed))).toEqual(["dev", "prod", "qa"]);
  const environments = { dev: "0".repeat(64), prod: "1".repeat(64), qa: "2".repeat(64) };
  writeFileSync(join(outdir, SYNTH_RECORD), JSON.stringify({ environments }));
  // A record of an older golive, without deployAfter: the names decide.
  expect(environmentsIn(inDeployOrder(listed))).toEqual(["dev", "prod", "qa"]);
  writeFileSync(join(outdir, SYNTH_RECORD), JSON.stringify({ environments, deployAfter: { dev: null, qa: "dev", prod: "qa" } }));
  expect(environmentsIn(inDeployOrder(listed))).toEqual(["dev", "qa", "prod"]);
});
