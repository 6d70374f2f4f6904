import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { exampleSynthOutput } from "../helpers/example-synth";
import { REPO_ROOT } from "../helpers/example-config";

// The secret gate's synth mode over the shipped examples' synthesized stacks (the same output every
// synth test reads), here rather than in scripts/test.sh, which would synthesize them once more.
test("the examples' synthesized stacks pass the secret gate (scripts/secret-scan.sh synth)", async () => {
  const out = await exampleSynthOutput();
  const run = spawnSync("bash", [join(REPO_ROOT, "scripts", "secret-scan.sh"), "synth", "--no-synth", "--out", out], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  expect([run.status, `${run.stdout}${run.stderr}`.trim()]).toEqual([0, ""]);
});
