import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTerraformInput } from "../../lib/core/terraform/config-files";
import { golive, tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";
import { writeSynthOutput } from "../helpers/synth-output";
import { setup } from "./stand-in-terraform";

// The audit's F1: what Terraform 1.11.4 reads of a stack folder and golive did not. Terraform's JSON
// syntax declares the blocks of both of two "resource" keys, and it loads every *.tf, *.tf.json and
// auto-loaded *.tfvars file of the folder (checked with terraform_data resources: 3 to add for one of
// each), while the configuration digest, the deploy's only tie of an edge stack to its review, read
// cdk.tf.json through JSON.parse (the last key wins).
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const EDGE = join("stacks", "edge-production");

const HIJACK = {
  cloudflare_dns_record: { login_hijack: { zone_id: "z", name: "login", type: "CNAME", content: "attacker.example", ttl: 1 } },
};

/** The reviewed synth (`base`) and a review of it (`review.md`), made once for the file. */
let reviewedDir = "";
beforeAll(async () => {
  reviewedDir = tempDir("golive-config-inputs-");
  writeSynthOutput(join(reviewedDir, "base"), { "edge-production": synthKind(exampleConfig(), "edge") });
  const review = await golive(
    ["plan-report", "--config-diff", "base", "--synth-dir", "base", "--commit", COMMIT, "--output", "review.md"],
    { cwd: reviewedDir },
  );
  expect(review.code).toBe(0);
});

/** A project of its own for a test: the reviewed synth and review, and a copy of the synth (`head`) to tamper with. */
function reviewed(): string {
  const dir = tempDir("golive-config-inputs-");
  for (const name of ["base", "review.md"]) cpSync(join(reviewedDir, name), join(dir, name), { recursive: true });
  cpSync(join(dir, "base"), join(dir, "head"), { recursive: true });
  return dir;
}

// In-process: plan-compare-cli.spec.ts and provisioners.spec.ts spawn plan-compare as a process.
const compareHead = (dir: string) =>
  golive(["plan-compare", "review.md", "--config-stack", "edge-production", "--synth-dir", "head", "--commit", COMMIT], {
    cwd: dir,
  });

describe("the configuration digest covers all Terraform reads of an edge or monitoring stack", () => {
  test("fails when cdk.tf.json repeats a key: plan-report and plan-compare --config-stack name the file and the key", async () => {
    const dir = reviewed();
    const file = join(dir, "head", EDGE, "cdk.tf.json");
    writeFileSync(file, `{"resource":${JSON.stringify(HIJACK)},${readFileSync(file, "utf8").slice(1)}`);
    const line = `head/${EDGE}/cdk.tf.json: resource: duplicate key; golive would read only the last one and Terraform reads every one, so a review would miss what is applied; synthesize again`;
    const deploy = await compareHead(dir);
    expect([deploy.code, deploy.stdout, deploy.stderr]).toEqual([1, "", `${line}\nNothing was compared.\n`]);
    const review = await golive(["plan-report", "--config-diff", "base", "--synth-dir", "head", "--commit", COMMIT], { cwd: dir });
    expect(review.code).toBe(1);
    expect(review.stderr).toContain(line);
    expect(review.stdout).not.toContain("no changes");
  });

  test.each(["extra.tf", "generated_resources.tf", "main_override.tf.json", "terraform.tfvars", "prod.auto.tfvars.json"])(
    "fails when the stack folder holds %s: plan-compare --config-stack refuses, naming it",
    async (name) => {
      const dir = reviewed();
      writeFileSync(join(dir, "head", EDGE, name), 'resource "cloudflare_dns_record" "login_hijack" {}\n');
      const deploy = await compareHead(dir);
      expect(deploy.code).toBe(1);
      expect(deploy.stderr).toMatch(
        new RegExp(`^head/${EDGE}/${name.replace(/\./g, "\\.")}: Terraform reads this file with the stack's cdk\\.tf\\.json .*remove it`),
      );
      expect(deploy.stdout).not.toContain("may be applied");
    },
  );

  test("the untampered copy is the reviewed configuration, beside Terraform's own working files", async () => {
    const dir = reviewed();
    for (const name of [".terraform.lock.hcl", "golive.tfplan", "plan"]) writeFileSync(join(dir, "head", EDGE, name), "");
    const deploy = await compareHead(dir);
    expect([deploy.code, deploy.stdout]).toEqual([0, expect.stringMatching(/^edge-production: configuration same as the review/)]);
  });

  test("only cdk.tf.json among the names Terraform reads as configuration or variables", () => {
    const read = ["a.tf", "a.tf.json", "override.tf", "x_override.tf.json", "terraform.tfvars", "terraform.tfvars.json", "a.auto.tfvars"];
    const notRead = ["cdk.tf.json", ".terraform.lock.hcl", "golive.tfplan", "plan", "a.tfvars.txt", "terraform.tfstate", "tf"];
    expect([read.filter(isTerraformInput), notRead.filter(isTerraformInput)]).toEqual([read, []]);
  });

  test("fails when golive plan would run Terraform in a folder holding another configuration file, before any terraform call", async () => {
    const s = setup();
    writeFileSync(join(s.cwd, "cdktf.out", EDGE, "extra.tf"), "");
    const run = await golive(["plan", "edge-production"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cdktf.out/${EDGE}/extra.tf: Terraform reads this file with the stack's cdk.tf.json`);
    expect(readdirSync(s.logs)).toEqual([]);
  });
});
