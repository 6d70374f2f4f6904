import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { constructPathsOf, synthKey } from "../../lib/engines/plan/construct-paths";
import { planAfterSynth } from "./stand-in-terraform";

/**
 * The edge stack as `golive synth` writes it (Testing.synth drops the // metadata): the production
 * example synthesized by `golive plan` when cdktf.out is missing (plan-command.spec.ts shares that run).
 */
async function synthesizedEdge(): Promise<unknown> {
  const { s, run } = await planAfterSynth();
  expect(run.stderr).toContain("synthesizing first");
  return JSON.parse(readFileSync(join(s.cwd, "cdktf.out", "stacks", "edge-production", "cdk.tf.json"), "utf8"));
}

/** [type, logical name] of every resource block. */
function resourceNames(json: unknown): [string, string][] {
  const resource = isRecord(json) && isRecord(json.resource) ? json.resource : {};
  return Object.entries(resource).flatMap(([type, byName]) =>
    isRecord(byName) ? Object.keys(byName).map((name): [string, string] => [type, name]) : [],
  );
}

describe("construct paths from the synthesized stack", () => {
  test("every resource of the real edge stack maps from its plan address to its construct path", async () => {
    const json = await synthesizedEdge();
    const paths = constructPathsOf(json);
    expect(paths.get("cloudflare_zone.Zone_A5DE4B68")).toBe("edge-production/Zone/Resource");
    const names = resourceNames(json);
    expect(names.length).toBeGreaterThan(20);
    expect(paths.size).toBe(names.length);
    for (const [type, name] of names) expect(paths.get(synthKey({ mode: "managed", type, name }))).toMatch(/^edge-production\//);
  });

  test("data sources are keyed with data., and JSON that is not a stack maps nothing", () => {
    const paths = constructPathsOf({ data: { aws_caller_identity: { Me_1: { "//": { metadata: { path: "s/Me" } } } } } });
    expect(paths.get(synthKey({ mode: "data", type: "aws_caller_identity", name: "Me_1" }))).toBe("s/Me");
    expect(constructPathsOf([1, 2]).size).toBe(0);
    expect(constructPathsOf({ resource: "nope" }).size).toBe(0);
  });
});
