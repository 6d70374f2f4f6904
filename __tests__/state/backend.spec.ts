import { resolve } from "node:path";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";

const S3 = { backend: "s3", bucket: "opsbot-production-tfstate", region: "eu-west-1", accountId: "111111111111", keyPrefix: "opsbot" };

function backendOf(stack: { terraform: Record<string, unknown> }): unknown {
  return stack.terraform.backend;
}

describe("state backends", () => {
  test("local is the default: one state file per stack, in the project root (outside cdktf.out, which synth replaces)", () => {
    const cfg = exampleConfig([[["state"], undefined]]);
    expect(backendOf(synthKind(cfg, "edge"))).toEqual({ local: { path: "../../../terraform.edge-production.tfstate" } });
    expect(backendOf(synthKind(cfg, "secrets"))).toEqual({ local: { path: "../../../terraform.secrets-production.tfstate" } });
    // Terraform runs in <project>/cdktf.out/stacks/<stack>; the state file must resolve outside cdktf.out.
    expect(resolve("/project/cdktf.out/stacks/edge-production", "../../../terraform.edge-production.tfstate")).toBe(
      "/project/terraform.edge-production.tfstate",
    );
  });

  test("s3 uses native locking, encryption with the state key, and one key per stack", () => {
    const cfg = exampleConfig([[["state"], S3]]);
    for (const kind of ["edge", "secrets", "access"]) {
      expect(backendOf(synthKind(cfg, kind))).toEqual({
        s3: {
          bucket: "opsbot-production-tfstate",
          key: `opsbot/${kind}-production.tfstate`,
          region: "eu-west-1",
          encrypt: true,
          use_lockfile: true,
          kms_key_id: "arn:aws:kms:eu-west-1:111111111111:alias/opsbot-production-tfstate",
        },
      });
    }
  });

  // Measured: terraform 1.11.4 init refuses each of these ("Invalid AWS Region") unless the block skips its region list.
  test.each(["ap-east-2", "ap-southeast-6", "me-west-1", "sa-west-1"])(
    "a state region Terraform 1.11.4 does not know (%s) sets skip_region_validation, so terraform init accepts it",
    (region) => {
      const cfg = exampleConfig([[["state"], { ...S3, region }]]);
      expect(backendOf(synthKind(cfg, "edge"))).toMatchObject({ s3: { region, skip_region_validation: true } });
    },
  );

  test("a state region Terraform 1.11.4 knows keeps its region check (no skip_region_validation)", () => {
    const cfg = exampleConfig([[["state"], { ...S3, region: "ap-east-1" }]]);
    expect(backendOf(synthKind(cfg, "edge"))).not.toHaveProperty(["s3", "skip_region_validation"]);
  });

  test("the key prefix defaults to the app name", () => {
    const cfg = exampleConfig([[["state"], { ...S3, keyPrefix: undefined }]]);
    expect(backendOf(synthKind(cfg, "edge"))).toMatchObject({ s3: { key: "opsbot/edge-production.tfstate" } });
  });

  test("cloud (HCP Terraform) uses one named workspace per stack", () => {
    const cfg = exampleConfig([[["state"], { backend: "cloud", organization: "example-org", project: "opsbot" }]]);
    const json = synthKind(cfg, "secrets");
    expect(backendOf(json)).toBeUndefined();
    expect(json.terraform.cloud).toEqual({
      organization: "example-org",
      hostname: "app.terraform.io",
      workspaces: { name: "opsbot-secrets-production", project: "opsbot" },
    });
    const prefixed = exampleConfig([[["state"], { backend: "cloud", organization: "example-org", workspacePrefix: "golive-" }]]);
    expect(synthKind(prefixed, "edge").terraform.cloud).toMatchObject({ workspaces: { name: "golive-edge-production" } });
  });

  test("fails on an s3 backend without bucket, naming the field", () => {
    expect(configErrorText([[["state"], { ...S3, bucket: undefined }]])).toContain("config/production.yaml: state.bucket:");
    expect(configErrorText([[["state"], { ...S3, bucket: undefined }]])).toContain("state.bucket: is required; allowed: an S3 bucket name");
  });

  test("fails on a key prefix with an empty segment (//), which the S3 backend refuses at terraform init", () => {
    const lines = configErrorText([[["state"], { ...S3, keyPrefix: "teams//opsbot" }]])
      .split("\n")
      .filter((l) => l.includes("keyPrefix"));
    expect(lines).toEqual([
      expect.stringContaining(
        "config/production.yaml: state.keyPrefix: must be a path such as opsbot or teams/opsbot, without an empty segment (//)",
      ),
    ]);
    expect(configErrorText([[["state"], { ...S3, keyPrefix: "teams/opsbot_1" }]])).toBe("");
  });

  test("fails on a dotted bucket name, an unknown backend and a cloud backend without organization", () => {
    expect(configErrorText([[["state", "bucket"], "opsbot.state"]])).toContain("state.bucket: must be an S3 bucket name");
    expect(configErrorText([[["state"], { backend: "gcs" }]])).toContain(`state.backend: backend must be one of "local"|"s3"|"cloud"`);
    expect(configErrorText([[["state"], { backend: "cloud" }]])).toContain("state.organization:");
  });
});
