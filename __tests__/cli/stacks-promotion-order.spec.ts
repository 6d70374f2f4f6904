import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { PRODUCTION_STACK_ORDER } from "../helpers/stack-order";

/**
 * `golive stacks` lists the stacks in deploy order (README), and between environments that order is the
 * promotion order, `secrets.github.deployAfter` (docs/configuration.md): three environments whose names
 * sort otherwise (dev, prod, qa) are listed dev, then qa, then prod.
 */
const dir = tempDir("golive-stacks-promotion-");
const config = join(dir, "config");
cpSync(EXAMPLE_CONFIG_DIR, config, { recursive: true });
const replaced = (text: string, pairs: readonly (readonly [string, string])[]) =>
  pairs.reduce((out, [from, to]) => out.split(from).join(to), text);
const staging = readFileSync(join(config, "staging.yaml"), "utf8");
const production = readFileSync(join(config, "production.yaml"), "utf8");
// dev goes first (no deployAfter); qa, staging's copy on an account of its own, after dev; prod after qa.
writeFileSync(
  join(config, "dev.yaml"),
  replaced(staging, [
    // Not example.org: staging's origin origin-api.example.org would then be in dev's zone with no record.
    ["example.net", "dev.example"],
    ["environment: staging", "environment: dev"],
    ["-staging", "-dev"],
    ["222222222222", "333333333333"],
  ]),
);
writeFileSync(
  join(config, "qa.yaml"),
  replaced(staging, [
    ["environment: staging", "environment: qa"],
    ["-staging", "-qa"],
    ["    deployFrom: environment\n", "    deployFrom: environment\n    deployAfter: dev\n"],
  ]),
);
writeFileSync(
  join(config, "prod.yaml"),
  replaced(production, [
    ["environment: production", "environment: prod"],
    ["production", "prod"],
    ["deployAfter: staging", "deployAfter: qa"],
  ]),
);
rmSync(join(config, "staging.yaml"));
rmSync(join(config, "production.yaml"));

const prodOrder = PRODUCTION_STACK_ORDER.map((name) => name.replace(/-production$/, "-prod"));
const envOf = (name: string) => name.slice(name.indexOf("-") + 1);

test("golive stacks lists the environments in promotion order (dev, qa after dev, prod after qa), not by name", async () => {
  const synth = await golive(["synth"], { cwd: dir });
  expect(synth.code).toBe(0);
  const all = await golive(["stacks"], { cwd: dir });
  expect(all).toMatchObject({ code: 0, stderr: "" });
  const printed = all.stdout.trim().split("\n");
  expect([...new Set(printed.map(envOf))]).toEqual(["dev", "qa", "prod"]);
  // Within one environment, the registry's order as before.
  expect(printed.filter((name) => envOf(name) === "prod")).toEqual(prodOrder);
  // Naming the environments in another order lists them in the same one.
  const named = await golive(["stacks", "qa", "dev", "prod"], { cwd: dir });
  expect(named).toEqual({ code: 0, stdout: all.stdout, stderr: "" });
  const json = JSON.parse((await golive(["stacks", "--json"], { cwd: dir })).stdout) as { name: string; deployAfter: string | null }[];
  expect(json.map((s) => s.name)).toEqual(printed);
  expect([...new Set(json.map((s) => `${envOf(s.name)} after ${s.deployAfter}`))]).toEqual([
    "dev after null",
    "qa after dev",
    "prod after qa",
  ]);
});
