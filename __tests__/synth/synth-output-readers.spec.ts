import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listSynthesizedStacks, SynthOutputError } from "../../lib/core/synth-output";
import { planStacks } from "../../lib/engines/plan/runner/plan-stacks";
import { inDeployOrder, readStackDependencies } from "../../lib/engines/synth/deploy-order";
import { foreignOutputEntries } from "../../lib/engines/synth/output-layout";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";

/** A project with `cdktf.out` listing edge-x, email-x and traffic-x; `edit` rewrites each manifest entry. */
function project(edit: (name: string, entry: Record<string, unknown>) => Record<string, unknown> = (_, e) => e): string {
  const dir = tempDir("golive-synth-readers-");
  const out = join(dir, "cdktf.out");
  writeSynthOutput(out, { "edge-x": {}, "email-x": {}, "traffic-x": {} });
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stacks: Record<string, Record<string, unknown>> };
  for (const [name, entry] of Object.entries(manifest.stacks)) manifest.stacks[name] = edit(name, entry);
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

const planOptions = (dir: string) => ({
  binary: "/nonexistent/terraform",
  env: {},
  synthDir: join(dir, "cdktf.out"),
  planDir: join(dir, "plans"),
  concurrency: 1,
  progress: () => {},
});

describe("every reader of cdktf.out goes through synth-output.ts: names, folders, dependencies", () => {
  test("dependencies come with the listed stacks, and deploy order follows them without a second read", () => {
    const out = join(
      project((name, e) => (name === "edge-x" ? { ...e, dependencies: ["traffic-x"] } : e)),
      "cdktf.out",
    );
    const listed = listSynthesizedStacks(out);
    expect(listed.map((s) => [s.name, s.dependencies])).toEqual([
      ["edge-x", ["traffic-x"]],
      ["email-x", []],
      ["traffic-x", []],
    ]);
    expect(inDeployOrder(listed).map((s) => s.name)).toEqual(["email-x", "traffic-x", "edge-x"]);
    expect(readStackDependencies(out).get("edge-x")).toEqual(["traffic-x"]);
  });

  test("dependencies that are not a list of names: listing, deploy order and golive stacks all fail, naming the manifest", async () => {
    const dir = project((name, e) => (name === "traffic-x" ? { ...e, dependencies: "edge-x" } : e));
    const out = join(dir, "cdktf.out");
    const said = 'manifest.json: stack "traffic-x" has "dependencies" that are not a list of stack names; synthesize again';
    expect(() => listSynthesizedStacks(out)).toThrow(SynthOutputError);
    // It used to read this manifest as one without dependencies, and order the stacks anyway.
    expect(() => readStackDependencies(out)).toThrow(said);
    const run = await golive(["stacks"], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: `golive stacks: cdktf.out/${said}\n` });
  });

  test("a manifest without a stacks object is no empty list of dependencies", () => {
    const out = join(tempDir("golive-synth-readers-"), "cdktf.out");
    mkdirSync(out);
    writeFileSync(join(out, "manifest.json"), JSON.stringify({ version: "0.21.0" }));
    expect(() => readStackDependencies(out)).toThrow('has no "stacks" object');
  });

  test("plan finds each stack through the manifest: one it does not list, or whose file is gone, stops the run before anything", async () => {
    const dir = project();
    await expect(planStacks(["edge-x", "monitoring-x"], planOptions(dir))).rejects.toThrow(
      'manifest.json: lists no stack "monitoring-x"; synthesize again',
    );
    rmSync(join(dir, "cdktf.out", "stacks", "email-x", "cdk.tf.json"));
    await expect(planStacks(["email-x"], planOptions(dir))).rejects.toThrow(
      /stacks\/email-x\/cdk\.tf\.json: missing, though the manifest lists stack "email-x"/,
    );
    expect(existsSync(join(dir, "plans"))).toBe(false);
  });

  test("stack folders are where the manifest puts the stacks; a manifest it cannot read is itself foreign", () => {
    const dir = project();
    const out = join(dir, "cdktf.out");
    mkdirSync(join(out, "stacks", "old-stack"));
    expect(foreignOutputEntries(out)).toEqual([{ path: "stacks/old-stack/" }]);
    const broken = join(
      project((name, e) => (name === "email-x" ? { name } : e)),
      "cdktf.out",
    );
    expect(foreignOutputEntries(broken)).toEqual([{ path: "manifest.json", kind: "not a synth manifest golive can read" }]);
  });

  test("synth refuses to replace an output whose manifest it cannot read, and writes nothing", async () => {
    const dir = project((name, e) => (name === "email-x" ? { name } : e));
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    const before = readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8");
    const run = await golive(["synth", "staging"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cdktf.out holds files golive did not write (manifest.json, not a synth manifest golive can read)");
    expect(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")).toBe(before);
  });
});
