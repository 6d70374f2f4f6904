import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { writeSynthOutput } from "../helpers/synth-output";
import { copyProviderLock, lockFor, providerAddress } from "../../lib/engines/synth/provider-lock";
import { synthesizeToDisk } from "../../lib/engines/synth/synthesize";

const block = (address: string, version: string) =>
  `provider "${address}" {\n  version     = "${version}"\n  constraints = "${version}"\n  hashes = [\n    "h1:${version}=",\n  ]\n}`;
const AWS = block("registry.terraform.io/hashicorp/aws", "6.25.0");
const CLOUDFLARE = block("registry.terraform.io/cloudflare/cloudflare", "5.14.0");
const COMMITTED = `# This file is maintained automatically by "terraform init".\n\n${AWS}\n\n${CLOUDFLARE}\n`;
const stackOf = (...providers: [string, string][]) => ({
  terraform: { required_providers: Object.fromEntries(providers.map(([name, source]) => [name, { source, version: "1" }])) },
});

describe("provider lock file", () => {
  test("provider sources map to lock-file addresses as Terraform writes them", () => {
    expect(providerAddress("aws")).toBe("registry.terraform.io/hashicorp/aws");
    expect(providerAddress("cloudflare/cloudflare")).toBe("registry.terraform.io/cloudflare/cloudflare");
    expect(providerAddress("example.org/a/b")).toBe("example.org/a/b");
  });

  test("each stack gets exactly the locked providers it requires, none it does not", () => {
    const out = join(tempDir("golive-lock-"), "cdktf.out");
    writeSynthOutput(out, {
      "secrets-production": stackOf(["aws", "aws"]),
      "email-production": stackOf(["aws", "aws"], ["cloudflare", "cloudflare/cloudflare"]),
      "other-production": stackOf(["random", "hashicorp/random"]),
    });
    const lock = join(out, "..", ".terraform.lock.hcl");
    writeFileSync(lock, COMMITTED);
    expect(copyProviderLock(lock, out)).toEqual(["email-production", "secrets-production"]);
    const read = (s: string) => readFileSync(join(out, "stacks", s, ".terraform.lock.hcl"), "utf8");
    expect(read("secrets-production")).toContain(AWS);
    expect(read("secrets-production")).not.toContain("cloudflare");
    expect(read("email-production")).toContain(`${AWS}\n\n${CLOUDFLARE}\n`);
    expect(existsSync(join(out, "stacks", "other-production", ".terraform.lock.hcl"))).toBe(false);
    expect(lockFor("", stackOf(["aws", "aws"]))).toBeUndefined();
  });

  test("synth copies the committed lock into its stacks and keeps a lock init wrote where none is committed", async () => {
    // The examples' synth output, made without a committed lock beside it.
    const out = await copyExampleSynth(tempDir("golive-lock-synth-"));
    const configs = new Map([["staging", exampleConfig([], "staging")]]);
    expect(existsSync(join(out, "stacks", "secrets-staging", ".terraform.lock.hcl"))).toBe(false);
    const initLock = join(out, "stacks", "edge-staging", ".terraform.lock.hcl");
    writeFileSync(initLock, `# written by terraform init\n${CLOUDFLARE}\n`);
    // Only the AWS provider is committed: edge (Cloudflare only) keeps what its init wrote.
    const committed = join(out, "..", "locks.hcl");
    writeFileSync(committed, `${AWS}\n`);
    synthesizeToDisk({ configs, outdir: out, lockFile: committed });
    expect(readFileSync(initLock, "utf8")).toBe(`# written by terraform init\n${CLOUDFLARE}\n`);
    expect(readFileSync(join(out, "stacks", "secrets-staging", ".terraform.lock.hcl"), "utf8")).toContain(AWS);
  });
});
