import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliRun, golive, tempDir } from "../helpers/cli";
import { stringify } from "yaml";
import { editedInput, WITHOUT_STAGING } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { CDKTF_PLANS, CDKTF_SYNTH } from "./fixtures";

/**
 * A stand-in for terraform: init succeeds, plan writes the -out file (or fails for $FAIL_STACK like
 * a provider without credentials), show -json prints $FIXTURES/<stack>.json. With $PLAN_SECONDS set
 * (the concurrency test only) each plan takes that long and records how many stacks were being planned
 * at once, to check the parallelism bound. Shell builtins only, but for that test's sleep and the
 * fixture's cat: every process a call starts costs about 6 ms of CPU, and a run plans dozens of stacks.
 */
const STAND_IN = `#!/bin/sh
stack=\${PWD##*/}
echo "$*" >> "$LOG_DIR/$stack.calls"
case "$1" in
  init) echo "Terraform has been successfully initialized!"; exit 0 ;;
  plan)
    out=
    for a in "$@"; do case "$a" in -out=*) out=\${a#-out=} ;; esac; done
    if [ -n "$PLAN_SECONDS" ]; then
      : > "$LOG_DIR/running.$stack"
      set -- "$LOG_DIR"/running.*
      echo $# >> "$LOG_DIR/concurrency"
      sleep "$PLAN_SECONDS"
      rm -f "$LOG_DIR/running.$stack"
    fi
    if [ "$stack" = "$FAIL_STACK" ]; then
      printf '\\n│ Error: No valid credential sources found\\n│\\n│ Please see https://registry.terraform.io/providers/hashicorp/aws\\n' >&2
      exit 1
    fi
    if [ -n "$out" ]; then echo "binary plan" > "$out"; fi
    exit 0 ;;
  show) if [ -f "$FIXTURES/$stack.json" ]; then exec cat "$FIXTURES/$stack.json"; fi; echo '{"format_version":"1.2","resource_changes":[]}'; exit 0 ;;
esac
echo "unexpected: $*" >&2; exit 64
`;

export interface Setup {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logs: string;
}

export function setup(binaryName = "terraform", stacks = ["edge-production", "secrets-production", "email-production"]): Setup {
  const cwd = tempDir("golive-plan-");
  const bin = join(cwd, ".bin");
  const logs = join(cwd, ".logs");
  const fixtures = join(cwd, ".fixtures");
  for (const d of [bin, logs, fixtures]) mkdirSync(d);
  writeFileSync(join(bin, binaryName), STAND_IN);
  chmodSync(join(bin, binaryName), 0o755);
  cpSync(join(CDKTF_PLANS, "edge-production.json"), join(fixtures, "edge-production.json"));
  cpSync(join(CDKTF_PLANS, "secrets-production.json"), join(fixtures, "secrets-production.json"));
  writeSynthOutput(
    join(cwd, "cdktf.out"),
    Object.fromEntries(
      stacks.map((s) => {
        const synth = join(CDKTF_SYNTH, "stacks", s, "cdk.tf.json");
        return [s, existsSync(synth) ? readFileSync(synth, "utf8") : "{}"];
      }),
    ),
  );
  const env = { PATH: `${bin}:/usr/bin:/bin`, LOG_DIR: logs, FIXTURES: fixtures, FAIL_STACK: "email-production" };
  return { cwd, env, logs };
}

export function maxConcurrency(logs: string): number {
  return Math.max(...readFileSync(join(logs, "concurrency"), "utf8").trim().split("\n").map(Number));
}

/** Runs `make` once, on first use, and shares its promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

/**
 * `golive plan` where one stack fails (FAIL_STACK): one run shared by the tests that read its exit
 * status, plans, output and progress lines.
 */
export const planWithFailure = once(async (): Promise<{ s: Setup; run: CliRun }> => {
  const s = setup();
  return { s, run: await golive(["plan"], { cwd: s.cwd, env: s.env }) };
});

/**
 * `golive plan` without cdktf.out, from the production example config alone (one environment is enough
 * to prove it, and plans half the stacks): it synthesizes first. Shared with construct-paths.spec.ts,
 * which reads the edge stack this synth wrote instead of synthesizing it once more.
 */
export const planAfterSynth = once(async (): Promise<{ s: Setup; run: CliRun }> => {
  const s = setup();
  rmSync(join(s.cwd, "cdktf.out"), { recursive: true });
  const configDir = join(s.cwd, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "production.yaml"), stringify(editedInput([WITHOUT_STAGING])));
  return { s, run: await golive(["plan"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } }) };
});
