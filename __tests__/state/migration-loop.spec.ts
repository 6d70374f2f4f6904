import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { foreignOutputEntries } from "../../lib/engines/synth/output-layout";
import { tempDir } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";

const DOC = join(__dirname, "..", "..", "docs", "state.md");

/** The `for s in …; done` loop of docs/state.md's "Migrating from local to S3", as a reader pastes it. */
function migrationLoop(): string {
  const section = readFileSync(DOC, "utf8").split("## Migrating from local to S3")[1]?.split("\n## ")[0] ?? "";
  const loop = /^for s in [^\n]*\n[\s\S]*?^done$/m.exec(section)?.[0];
  if (loop === undefined) throw new Error("docs/state.md: no migration loop under 'Migrating from local to S3'");
  return loop;
}

/**
 * A stand-in for `terraform init -migrate-state -force-copy` that does to the stack folder what Terraform
 * 1.11.4 does (measured against a real init, the new backend played by $MIGRATED): with no `.terraform`
 * the previous state is the implicit local `terraform.tfstate`; after copying it Terraform writes an empty
 * state there, keeping the old one in `terraform.tfstate.backup` (internal/command/meta_backend.go, the
 * "we usually remove the local state after migration" erase). With a `.terraform` from an earlier local
 * init, the state comes from the recorded path in the project root, and the folder's file is ignored.
 */
const STAND_IN = `#!/bin/sh
stack=\${PWD##*/}
[ "$1 $2 $3" = "init -migrate-state -force-copy" ] || { echo "unexpected: $*" >&2; exit 64; }
if [ -d .terraform ]; then
  cp "../../../terraform.$stack.tfstate" "$MIGRATED/$stack.tfstate"
else
  cp terraform.tfstate "$MIGRATED/$stack.tfstate"
  cp terraform.tfstate terraform.tfstate.backup
  : > terraform.tfstate
  mkdir .terraform
fi
`;

const STATE = (stack: string) => JSON.stringify({ version: 4, lineage: stack, outputs: { secret: { value: "s3cr3t", sensitive: true } } });

function runLoop(withTerraformFolder: boolean): { project: string; migrated: string } {
  const project = tempDir("golive-migrate-");
  const bin = join(project, ".bin");
  const migrated = join(project, ".migrated");
  mkdirSync(bin);
  mkdirSync(migrated);
  writeFileSync(join(bin, "terraform"), STAND_IN);
  chmodSync(join(bin, "terraform"), 0o755);
  const stacks = ["edge-production", "email-production"];
  writeSynthOutput(join(project, "cdktf.out"), Object.fromEntries(stacks.map((s) => [s, {}])));
  for (const s of stacks) {
    writeFileSync(join(project, `terraform.${s}.tfstate`), STATE(s));
    if (withTerraformFolder) mkdirSync(join(project, "cdktf.out", "stacks", s, ".terraform"));
  }
  const run = spawnSync("bash", ["-e", "-c", migrationLoop()], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, MIGRATED: migrated },
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  for (const s of stacks) expect(readFileSync(join(migrated, `${s}.tfstate`), "utf8")).toBe(STATE(s));
  return { project, migrated };
}

describe("docs/state.md's local-to-S3 migration loop", () => {
  test("in a fresh cdktf.out it migrates every state and leaves no state copy, so the next golive synth can replace the folder", () => {
    const { project } = runLoop(false);
    // Terraform's terraform.tfstate.backup is the whole old state (secret outputs) and a file synth refuses.
    expect(foreignOutputEntries(join(project, "cdktf.out"))).toEqual([]);
  });

  test("with a .terraform from an earlier deploy it migrates every state and leaves no state copy", () => {
    const { project } = runLoop(true);
    expect(foreignOutputEntries(join(project, "cdktf.out"))).toEqual([]);
  });
});
