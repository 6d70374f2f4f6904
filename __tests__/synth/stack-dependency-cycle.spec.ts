import { inDeployOrder } from "../../lib/engines/synth/deploy-order";
import { SynthOutputError } from "../../lib/core/synth-output";

/**
 * `golive stacks` promises each stack after the stacks it depends on; when the manifest's dependencies
 * form a cycle no order keeps that promise, so the synth output is refused as broken (as the other
 * manifest problems are), naming the stacks of the cycle, instead of listing one of them first.
 */
const stack = (name: string) => ({ name, dir: `/out/stacks/${name}`, file: `/out/stacks/${name}/cdk.tf.json`, outdir: "/out" });
const names = ["bootstrap-x", "edge-x", "traffic-x"];
const listed = names.map(stack);
const orderOf = (deps: ReadonlyMap<string, readonly string[]>) => inDeployOrder(listed, deps, new Map()).map((s) => s.name);
const refusal = (deps: ReadonlyMap<string, readonly string[]>): string => {
  try {
    orderOf(deps);
  } catch (err) {
    if (err instanceof SynthOutputError) return err.describe("/");
    throw err;
  }
  throw new Error("no refusal");
};

test("fails when two stacks depend on each other, naming both and the manifest, saying to synthesize again", () => {
  const deps = new Map([
    ["bootstrap-x", ["traffic-x"]],
    ["traffic-x", ["bootstrap-x"]],
  ]);
  expect(refusal(deps)).toBe(
    "out/manifest.json: the stacks depend on each other in a cycle: bootstrap-x -> traffic-x -> bootstrap-x, so no order deploys each stack after the stacks it depends on; synthesize again (golive synth)",
  );
});

test("fails on a longer cycle reached through a stack outside it, and on a stack that depends on itself", () => {
  const deps = new Map([
    ["bootstrap-x", ["edge-x"]],
    ["edge-x", ["traffic-x"]],
    ["traffic-x", ["edge-x"]],
  ]);
  expect(refusal(deps)).toContain("cycle: edge-x -> traffic-x -> edge-x,");
  expect(refusal(new Map([["edge-x", ["edge-x"]]]))).toContain('out/manifest.json: stack "edge-x" depends on itself,');
});

test("a long cycle is named by its first stacks and its length", () => {
  const many = Array.from({ length: 30 }, (_, i) => `edge-e${String(i).padStart(2, "0")}`);
  const deps = new Map(many.map((name, i) => [name, [many[(i + 1) % many.length] as string]]));
  let said = "";
  try {
    inDeployOrder(many.map(stack), deps, new Map());
  } catch (err) {
    said = err instanceof Error ? err.message : "";
  }
  expect(said).toContain(`cycle: ${many.slice(0, 8).join(" -> ")} -> … (30 stacks),`);
  expect(said.length).toBeLessThan(400);
});

test("dependencies without a cycle still order every stack after its own; one on a stack not listed is ignored", () => {
  const deps = new Map([
    ["bootstrap-x", ["traffic-x", "monitoring-gone"]],
    ["traffic-x", ["edge-x"]],
  ]);
  expect(orderOf(deps)).toEqual(["edge-x", "traffic-x", "bootstrap-x"]);
});
