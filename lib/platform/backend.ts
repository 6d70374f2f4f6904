import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { AppConfig } from "../config/schema";
import { desiredBackend, localStatePath, STATE_ROOT_CONTEXT } from "./backend-model";

/** The path from the stack's working directory to the project root, as golive synth set it (default: three levels up). */
function stackToRoot(stack: TerraformStack): string | undefined {
  const up: unknown = stack.node.tryGetContext(STATE_ROOT_CONTEXT);
  return typeof up === "string" ? up : undefined;
}

/**
 * cdktf 0.21's S3BackendConfig predates `use_lockfile` (Terraform 1.10+ native S3 locking), so this
 * subclass adds it to the rendered block; no DynamoDB lock table is needed.
 */
class LockfileS3Backend extends S3Backend {
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { ...super.synthesizeAttributes(), use_lockfile: true };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return { ...super.synthesizeHclAttributes(), use_lockfile: true };
  }
}

/**
 * Regions golive accepts (lib/core/aws-regions.ts) that Terraform 1.11.4's S3 backend, the README's
 * minimum and CI's pin, does not know: its static check refuses them at `terraform init` ("Invalid AWS
 * Region: ap-east-2") though synth and check pass. Measured by running `terraform init` with 1.11.4 on a
 * backend "s3" block for every region of AWS_REGIONS; these four were refused. For them the block sets
 * `skip_region_validation`, which skips only that static list check (the S3 backend's documentation:
 * "Skip validation of provided region name"): golive already refused any region not in its own list.
 * Not set for other regions, since changing a backend block makes every existing init ask for
 * `terraform init -reconfigure`.
 */
const REGIONS_TERRAFORM_1_11_REFUSES: ReadonlySet<string> = new Set(["ap-east-2", "ap-southeast-6", "me-west-1", "sa-west-1"]);

/**
 * Where a stack keeps its state, from the config's `state` section. Local by default (works offline,
 * zero set-up); S3 (native lock file, SSE-KMS) or HCP Terraform for teams. Always one state per
 * stack, so a rollback of one stack never locks another.
 */
export function configureBackend(stack: TerraformStack, cfg: AppConfig, name: string): void {
  const backend = desiredBackend(cfg, name, stackToRoot(stack));
  switch (backend.kind) {
    case "local":
      new LocalBackend(stack, { path: backend.path });
      return;
    case "s3":
      new LockfileS3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: backend.encrypt,
        kmsKeyId: backend.kmsKeyId,
        ...(REGIONS_TERRAFORM_1_11_REFUSES.has(backend.region) ? { skipRegionValidation: true } : {}),
      });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(backend.workspace, backend.project),
      });
      return;
  }
}

/** The bootstrap stack creates the state bucket, so its own state cannot start there. */
export function configureLocalBackend(stack: TerraformStack, name: string): void {
  new LocalBackend(stack, { path: localStatePath(name, stackToRoot(stack)) });
}
