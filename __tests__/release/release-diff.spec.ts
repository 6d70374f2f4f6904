import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadEnvironments } from "../../lib/engines/config/load";
import { adoptionOf } from "../../lib/features/edge/adoption";
import { buildEnvironmentStacks } from "../../stacks";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * An environment's stacks are a function of its config (and adoption file) alone: synthesized once
 * per distinct input, so an environment a command did not touch is not synthesized again.
 */
const synthesized = new Map<string, [string, Json][]>();

/** Every stack of every environment in `dir/config`, synthesized with validations on. */
function synthAll(dir: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const cfg of loadEnvironments(join(dir, "config")).values()) {
    const key = JSON.stringify([cfg, adoptionOf(cfg) ?? null]);
    let stacks = synthesized.get(key);
    if (stacks === undefined) {
      stacks = buildEnvironmentStacks(Testing.app(), cfg).map((stack): [string, Json] => {
        const json: unknown = JSON.parse(Testing.synth(stack, true));
        if (!isObject(json)) throw new Error(`${stack.node.id}: synth output is not an object`);
        return [stack.node.id, json];
      });
      synthesized.set(key, stacks);
    }
    for (const [id, json] of stacks) out.set(id, json);
  }
  return out;
}

/** Addresses (`stack/type.name`, or `stack/<block>` for non-resource blocks) whose JSON differs. */
function changedAddresses(before: Map<string, Json>, after: Map<string, Json>): string[] {
  const flat = (all: Map<string, Json>) => {
    const m = new Map<string, string>();
    for (const [stack, json] of all) {
      for (const [block, value] of Object.entries(json)) {
        if (block !== "resource") m.set(`${stack}/${block}`, JSON.stringify(value));
      }
      const resources = isObject(json.resource) ? json.resource : {};
      for (const [type, byName] of Object.entries(resources)) {
        for (const [name, r] of Object.entries(isObject(byName) ? byName : {})) m.set(`${stack}/${type}.${name}`, JSON.stringify(r));
      }
    }
    return m;
  };
  const a = flat(before);
  const b = flat(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

const LB = /^traffic-production\/cloudflare_load_balancer\.[A-Za-z0-9_-]+$/;
const POOL = /^traffic-production\/cloudflare_load_balancer_pool\.[A-Za-z0-9_-]+$/;

describe("a release command changes only the traffic stack's load balancer", () => {
  const dir = tempDir("golive-release-diff-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  let previous = synthAll(dir);

  const steps: readonly (readonly string[])[] = [
    ["start", "production", "--build", "v2"], // the build shows on green's pool
    ["shift", "production", "10"],
    ["promote", "production"],
    ["promote", "production"], // green reaches 100% and becomes live
    ["rollback", "production"], // back to blue; green leaves the load balancer
  ];

  test.each(steps.map((s) => [s.join(" "), s]))("release %s: the diff of all stacks is exactly one resource", async (_label, args) => {
    const run = await golive(["release", ...args], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const next = synthAll(dir);
    const changed = changedAddresses(previous, next);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(args[0] === "start" ? POOL : LB);
    previous = next;
  });

  test("the stacks compared include every environment's edge and traffic stacks", () => {
    expect([...previous.keys()]).toEqual(
      expect.arrayContaining(["edge-production", "traffic-production", "edge-staging", "traffic-staging"]),
    );
  });

  test("the comparison does see other resources: editing origins (not a release) changes the pool", () => {
    const other = tempDir("golive-release-diff-");
    cpSync(join(dir, "config"), join(other, "config"), { recursive: true });
    const file = join(other, "config", "production.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("address: 192.0.2.41", "address: 192.0.2.42"));
    const changed = changedAddresses(previous, synthAll(other));
    expect(changed).toEqual(
      expect.arrayContaining([expect.stringMatching(/^traffic-production\/cloudflare_load_balancer_pool\.Pool-green/)]),
    );
    expect(changed.some((a) => LB.test(a))).toBe(false);
  });
});
