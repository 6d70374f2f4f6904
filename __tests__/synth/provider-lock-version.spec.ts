import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { satisfiesConstraint } from "../../lib/engines/synth/version-constraint";

// A root .terraform.lock.hcl left from before a provider upgrade: copied into the stacks, every
// `terraform init` fails ("locked provider ... does not match configured version constraint"). Synth
// refuses it instead, naming the provider, the locked version and what the stacks require.

const lockOf = (version: string) =>
  `provider "registry.terraform.io/hashicorp/aws" {\n  version     = "${version}"\n  constraints = "${version}"\n  hashes = [\n    "h1:${version}=",\n  ]\n}\n`;

/** Every file under `dir` with its content, to show a refused synth changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
  return files;
}

describe("synth and the committed provider lock's versions", () => {
  test("fails, exit 1, one line, nothing written, when the root lock pins a provider version the stacks do not require", async () => {
    const project = tempDir("golive-lock-version-");
    cpSync(EXAMPLE_CONFIG_DIR, join(project, "config"), { recursive: true });
    const out = await copyExampleSynth(project);
    writeFileSync(join(project, ".terraform.lock.hcl"), lockOf("6.20.0"));
    const before = snapshot(project);
    const run = await golive(["synth", "staging", "--record-protected"], { cwd: project });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'golive synth: .terraform.lock.hcl locks registry.terraform.io/hashicorp/aws 6.20.0, but the stacks require version "6.25.0": terraform init would refuse it; regenerate the lock file as docs/configuration.md ("Provider plugin cache and lock file") shows; nothing was written\n',
    });
    expect(snapshot(project)).toEqual(before);
    expect(existsSync(join(out, "stacks", "secrets-staging", ".terraform.lock.hcl"))).toBe(false);
    expect(existsSync(join(project, "config", "protected"))).toBe(false);

    // Regenerated at the version the stacks require, it is copied in.
    writeFileSync(join(project, ".terraform.lock.hcl"), lockOf("6.25.0"));
    expect(await golive(["synth", "staging"], { cwd: project })).toMatchObject({ code: 0 });
    expect(readFileSync(join(out, "stacks", "secrets-staging", ".terraform.lock.hcl"), "utf8")).toContain(lockOf("6.25.0"));
  });

  test("version constraints read as Terraform reads them: exact, =, !=, ranges and ~>", () => {
    const cases: [string, string, boolean | undefined][] = [
      ["6.25.0", "6.25.0", true],
      ["6.20.0", "6.25.0", false],
      ["6.25.0", "= 6.25.0", true],
      ["6.25.0", "!= 6.25.0", false],
      ["6.25.1", "~> 6.25.0", true],
      ["6.26.0", "~> 6.25.0", false],
      ["6.30.0", "~> 6.25", true],
      ["7.0.0", "~> 6.25", false],
      ["6.20.0", "~> 6.25", false],
      ["6.25.0", ">= 6.0, < 7.0", true],
      ["7.0.0", ">= 6.0, < 7.0", false],
      ["6.26.0-beta1", ">= 6.0", false],
      ["6.26.0-beta1", "6.26.0-beta1", true],
      ["6.25.0", "latest", undefined],
    ];
    expect(cases.map(([v, c]) => [v, c, satisfiesConstraint(v, c)])).toEqual(cases);
  });
});
