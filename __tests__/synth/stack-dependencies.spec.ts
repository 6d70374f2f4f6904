import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { z } from "zod";
import { loadEnvironments } from "../../lib/engines/config/load";
import { inDeployOrder } from "../../lib/engines/synth/deploy-order";
import { buildApp } from "../../lib/engines/synth/synthesize";
import { STACK_KINDS } from "../../lib/features";
import { buildAppStacks } from "../../stacks";
import { STACK_NEEDS } from "../../stacks/dependencies";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, exampleConfig } from "../helpers/example-config";
import { PRODUCTION_STACK_ORDER } from "../helpers/stack-order";
import { writeSynthOutput } from "../helpers/synth-output";

const Manifest = z.object({ stacks: z.record(z.string(), z.object({ dependencies: z.array(z.string()) })) });
const Listed = z.array(z.object({ name: z.string(), dependsOn: z.array(z.string()) }));

/**
 * The manifest.json cdktf writes for the example environments. Written the way `app.synth()` writes it
 * (Manifest.forStack per stack, then writeToFile) without rendering every stack, which takes seconds.
 */
function writeManifest(): string {
  const outdir = join(tempDir("golive-deps-"), "cdktf.out");
  const { app } = buildApp(loadEnvironments(EXAMPLE_CONFIG_DIR), outdir);
  mkdirSync(outdir, { recursive: true });
  for (const child of app.node.children) if (child instanceof TerraformStack) app.manifest.forStack(child);
  app.manifest.writeToFile();
  return outdir;
}

const outdir = writeManifest();
const manifest = Manifest.parse(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")));
const depsOf = (name: string) => [...(manifest.stacks[name]?.dependencies ?? [])].sort();

describe("stack dependencies: cdktf orders deploys by them", () => {
  test("manifest.json lists what each stack reads from another (zone, boundary, webhook secrets, alerts before traffic, the state bucket)", () => {
    expect(Object.fromEntries(Object.keys(manifest.stacks).map((n) => [n, depsOf(n)]))).toEqual({
      "bootstrap-production": [],
      "access-production": ["bootstrap-production"],
      "secrets-production": ["access-production", "bootstrap-production"],
      "edge-production": ["bootstrap-production"],
      "email-production": ["bootstrap-production", "edge-production"],
      // production has a PagerDuty webhook whose URL the deploy reads from a secret secrets-production creates.
      "monitoring-production": ["bootstrap-production", "edge-production", "secrets-production"],
      "traffic-production": ["bootstrap-production", "edge-production", "monitoring-production"],
      // staging keeps local state (no bootstrap) and has no webhook.
      "access-staging": [],
      "secrets-staging": ["access-staging"],
      "edge-staging": [],
      "email-staging": ["edge-staging"],
      "monitoring-staging": ["edge-staging"],
      "traffic-staging": ["edge-staging", "monitoring-staging"],
    });
  });

  test("the registry's order agrees with the declared needs: every kind needs only kinds before it", () => {
    expect(Object.keys(STACK_NEEDS).sort()).toEqual([...STACK_KINDS].sort());
    for (const [kind, needs] of Object.entries(STACK_NEEDS)) {
      for (const need of needs) expect(STACK_KINDS.indexOf(need.kind)).toBeLessThan(STACK_KINDS.indexOf(kind));
    }
  });

  test("golive stacks prints every stack after its dependencies, and --json lists them", async () => {
    const cwd = join(outdir, "..");
    const text = await golive(["stacks"], { cwd });
    expect(text.code).toBe(0);
    const printed = text.stdout.trim().split("\n");
    expect([...printed].sort()).toEqual(Object.keys(manifest.stacks).sort());
    for (const name of printed) for (const dep of depsOf(name)) expect(printed.indexOf(dep)).toBeLessThan(printed.indexOf(name));
    expect(printed.slice(0, PRODUCTION_STACK_ORDER.length)).toEqual(PRODUCTION_STACK_ORDER);
    const json = Listed.parse(JSON.parse((await golive(["stacks", "production", "--json"], { cwd })).stdout));
    expect(json.find((s) => s.name === "traffic-production")?.dependsOn.sort()).toEqual(depsOf("traffic-production"));
  });
});

describe("deploy order follows the manifest's dependencies", () => {
  const stack = (name: string) => ({ name, dir: `/out/stacks/${name}`, file: `/out/stacks/${name}/cdk.tf.json` });

  test("a dependency against the registry's order wins over the registry", () => {
    const stacks = ["edge-x", "email-x", "traffic-x"].map(stack);
    const deps = new Map([["edge-x", ["traffic-x"]]]);
    expect(inDeployOrder(stacks).map((s) => s.name)).toEqual(["edge-x", "email-x", "traffic-x"]);
    // email needs nothing, so it may go first; edge waits for traffic.
    expect(inDeployOrder(stacks, deps).map((s) => s.name)).toEqual(["email-x", "traffic-x", "edge-x"]);
  });

  test("an environment that depends on another comes after it, whatever their names", () => {
    const stacks = ["access-dev", "edge-dev", "access-prod", "edge-prod"].map(stack);
    const deps = new Map([["access-dev", ["access-prod"]]]);
    expect(inDeployOrder(stacks, deps).map((s) => s.name)).toEqual(["access-prod", "edge-prod", "access-dev", "edge-dev"]);
  });

  test("a manifest without dependencies (an older synth) keeps the registry's order", async () => {
    const dir = tempDir("golive-deps-old-");
    writeSynthOutput(join(dir, "cdktf.out"), { "traffic-production": {}, "edge-production": {}, "monitoring-production": {} });
    const run = await golive(["stacks"], { cwd: dir });
    expect(run.stdout).toBe("edge-production\nmonitoring-production\ntraffic-production\n");
  });
});

describe("dependencies between environments", () => {
  const namesOf = (stacks: readonly TerraformStack[]) =>
    new Map(stacks.map((s) => [s.node.id, s.dependencies.map((d) => d.node.id).sort()]));

  test("stacks of an environment sharing another's state bucket and OIDC provider deploy after their creators", () => {
    // Only the stacks that matter here (bootstrap, access, secrets, edge): building all of them costs seconds.
    const lean: [readonly string[], undefined][] = [
      [["email"], undefined],
      [["monitoring"], undefined],
      [["release"], undefined],
    ];
    const staging = exampleConfig(
      [
        ...lean,
        [
          ["state"],
          { backend: "s3", bucket: "opsbot-production-tfstate", region: "eu-west-1", accountId: "111111111111", bootstrap: false },
        ],
        [["secrets", "accountId"], "111111111111"],
        [["secrets", "writers"], ["arn:aws:iam::111111111111:role/opsbot-secret-operators"]],
        [["secrets", "github", "oidcProvider"], "existing"],
      ],
      "staging",
    );
    const deps = namesOf(buildAppStacks(Testing.app(), [exampleConfig(lean), staging]));
    expect(deps).toEqual(
      new Map([
        ["bootstrap-production", []],
        ["access-production", ["bootstrap-production"]],
        ["secrets-production", ["access-production", "bootstrap-production"]],
        ["edge-production", ["bootstrap-production"]],
        ["access-staging", ["access-production", "bootstrap-production"]],
        ["secrets-staging", ["access-staging", "bootstrap-production"]],
        ["edge-staging", ["bootstrap-production"]],
      ]),
    );
  });

  test("environments that share nothing do not wait for each other (the examples)", () => {
    for (const [name, entry] of Object.entries(manifest.stacks)) {
      const env = name.slice(name.indexOf("-") + 1);
      for (const dep of entry.dependencies) expect(dep.endsWith(`-${env}`)).toBe(true);
    }
  });
});
