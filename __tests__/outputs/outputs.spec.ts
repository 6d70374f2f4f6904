import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";
import { terraformOnPath } from "./stand-in";

/**
 * A stand-in for terraform: logs each call with the environment golive set; init makes .terraform
 * (or fails with $FAIL_INIT as Terraform does); output -json prints $OUTPUTS; plan/show for `golive plan`.
 */
const STAND_IN = `#!/bin/sh
stack=$(basename "$PWD")
echo "$stack $* cache=$TF_PLUGIN_CACHE_DIR checkpoint=$CHECKPOINT_DISABLE automation=$TF_IN_AUTOMATION" >> "$LOG"
case "$1" in
  init)
    if [ -n "$FAIL_INIT" ]; then printf '\\n│ Error: Failed to query available provider packages\\n│\\n│ Could not retrieve the list of available versions\\n' >&2; exit 1; fi
    mkdir -p .terraform; exit 0 ;;
  output) cat "$OUTPUTS"; exit 0 ;;
  plan) for a in "$@"; do case "$a" in -out=*) echo plan > "\${a#-out=}" ;; esac; done; exit 0 ;;
  show) echo '{"format_version":"1.2","resource_changes":[]}'; exit 0 ;;
esac
exit 64
`;

const OUTPUTS = {
  dkim_tokens: { sensitive: false, type: ["list", "string"], value: ["tok1", "tok2", "tok3"] },
  webhook_url: { sensitive: true, type: "string", value: "https://hooks.example.org/secret-path" },
};

function setup(): { cwd: string; env: NodeJS.ProcessEnv; log: string } {
  const cwd = tempDir("golive-outputs-");
  const path = terraformOnPath(cwd, STAND_IN);
  writeFileSync(join(cwd, "outputs.json"), JSON.stringify(OUTPUTS));
  const stack = { terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } } };
  writeSynthOutput(join(cwd, "cdktf.out"), { "email-production": stack, "edge-production": stack });
  const log = join(cwd, "calls.log");
  return { cwd, log, env: { PATH: path, HOME: cwd, LOG: log, OUTPUTS: join(cwd, "outputs.json") } };
}

const calls = (log: string): string[] => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []);

describe("golive outputs (with a stand-in terraform on PATH)", () => {
  test("runs terraform init only when needed, then prints the outputs as JSON without sensitive values", async () => {
    const s = setup();
    const first = await golive(["outputs", "email-production"], { cwd: s.cwd, env: s.env });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ ...OUTPUTS, webhook_url: { ...OUTPUTS.webhook_url, value: null } });
    expect(first.stdout).not.toContain("secret-path");
    expect(first.stderr).toBe("outputs: ran terraform init in email-production first\n");
    const cache = join(s.cwd, ".terraform.d", "plugin-cache");
    expect(calls(s.log)).toEqual([
      `email-production init -input=false -no-color cache=${cache} checkpoint=1 automation=1`,
      `email-production output -json -no-color cache=${cache} checkpoint=1 automation=1`,
    ]);
    expect(existsSync(cache)).toBe(true);

    const second = await golive(["outputs", "email-production", "--json"], { cwd: s.cwd, env: s.env });
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(
      calls(s.log)
        .slice(2)
        .map((c) => c.split(" cache=")[0]),
    ).toEqual(["email-production output -json -no-color"]);

    // A new lock file (synth copies the committed one) needs a new init.
    writeFileSync(join(s.cwd, "cdktf.out", "stacks", "email-production", ".terraform.lock.hcl"), "# lock\n");
    await golive(["outputs", "email-production"], { cwd: s.cwd, env: s.env });
    expect(
      calls(s.log)
        .slice(3)
        .map((c) => c.split(" cache=")[0]),
    ).toEqual(["email-production init -input=false -no-color", "email-production output -json -no-color"]);
  });

  test("keeps a TF_PLUGIN_CACHE_DIR the caller set", async () => {
    const s = setup();
    const mine = join(s.cwd, "my-cache");
    await golive(["outputs", "edge-production"], { cwd: s.cwd, env: { ...s.env, TF_PLUGIN_CACHE_DIR: mine } });
    expect(calls(s.log)[0]).toContain(`cache=${mine} `);
    expect(existsSync(mine)).toBe(true);
  });

  test("golive plan runs terraform with the same plugin cache", async () => {
    const s = setup();
    const run = await golive(["plan", "edge-production"], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(0);
    expect(calls(s.log)[0]).toBe(
      `edge-production init -input=false -no-color cache=${join(s.cwd, ".terraform.d", "plugin-cache")} checkpoint=1 automation=1`,
    );
  });

  test("fails on an unknown stack in one line naming the synthesized ones (exit 2)", async () => {
    const s = setup();
    const run = await golive(["outputs", "email-staging"], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      'golive outputs: unknown stack "email-staging" (synthesized: edge-production, email-production)',
    );
    expect(calls(s.log)).toEqual([]);
  });

  test("fails in one line when terraform is missing, with terraform's error when its init fails", async () => {
    const s = setup();
    const missing = await golive(["outputs", "email-production"], { cwd: s.cwd, env: { ...s.env, PATH: "/nonexistent" } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'golive outputs: "terraform" was not found on PATH: install Terraform >= 1.11 (or set TERRAFORM_BINARY_NAME=tofu for OpenTofu)\n',
    );
    const failed = await golive(["outputs", "email-production"], { cwd: s.cwd, env: { ...s.env, FAIL_INIT: "1" } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^golive outputs: terraform init failed in email-production:\n {2}Error: Failed to query available provider packages\n {2}Could not retrieve the list of available versions\n[^\n]+ Fix the cause above, then run the same golive outputs command again\.\n$/,
    );
    expect(failed.stdout).toBe("");
  });

  test("the real binary prints the outputs, usable as zone --values input", async () => {
    const s = setup();
    const run = await spawnGolive(["outputs", "email-production"], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).dkim_tokens.value).toEqual(["tok1", "tok2", "tok3"]);
  });
});
