import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { failureJson } from "./failure-json";
import { exampleSynthOutput } from "../helpers/example-synth";
import { writeSynthOutput } from "../helpers/synth-output";

/**
 * `golive stacks --json` says where each stack keeps its state (`backend`, from its cdk.tf.json), so
 * the CI workflows refuse an environment that keeps it local (scripts/ci/matrix.ts, --require-remote-state).
 */
type Listed = { name: string; environment: string; backend: string | null }[];

test("--json lists each stack's backend as synthesized: staging's local, production's s3 but its bootstrap", async () => {
  const run = await golive(["stacks", "--json"], { cwd: dirname(await exampleSynthOutput()) });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  const listed = JSON.parse(run.stdout) as Listed;
  const backends = (env: string) => Object.fromEntries(listed.filter((s) => s.environment === env).map((s) => [s.name, s.backend]));
  expect(new Set(Object.values(backends("staging")))).toEqual(new Set(["local"]));
  const production = backends("production");
  expect(production["bootstrap-production"]).toBe("local");
  expect(new Set(Object.entries(production).flatMap(([name, b]) => (name === "bootstrap-production" ? [] : [b])))).toEqual(new Set(["s3"]));
});

test("HCP Terraform's cloud block reads as cloud, a stack without a backend or file as null; two backends fail naming the file", async () => {
  const dir = tempDir("golive-stacks-backend-");
  writeSynthOutput(join(dir, "cdktf.out"), {
    "edge-production": { terraform: { cloud: { organization: "example-org", workspaces: { name: "opsbot-edge-production" } } } },
    "traffic-production": { terraform: {} },
  });
  const run = await golive(["stacks", "--json"], { cwd: dir });
  expect((JSON.parse(run.stdout) as Listed).map((s) => [s.name, s.backend])).toEqual([
    ["edge-production", "cloud"],
    ["traffic-production", null],
  ]);
  // a manifest whose stack file is gone says nothing of where the state is
  rmSync(join(dir, "cdktf.out", "stacks", "traffic-production", "cdk.tf.json"));
  const gone = await golive(["stacks", "--json"], { cwd: dir });
  expect((JSON.parse(gone.stdout) as Listed).map((s) => s.backend)).toEqual(["cloud", null]);
  writeSynthOutput(join(dir, "cdktf.out"), { "edge-production": { terraform: { backend: { local: {} }, cloud: { organization: "o" } } } });
  const both = await golive(["stacks", "--json"], { cwd: dir });
  expect({ code: both.code, stdout: both.stdout }).toEqual({ code: 1, stdout: failureJson(both) });
  expect(both.stderr).toContain(
    "cdktf.out/stacks/edge-production/cdk.tf.json: declares more than one backend (local, cloud), which Terraform refuses; synthesize again",
  );
});
